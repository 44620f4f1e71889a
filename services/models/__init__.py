"""Family services: service sites and their funding, leading groups for villager self-government, publicity and
assistance to families in difficulty (health campaigns and training come beside them, one domain file each)."""

from services.models.assistance import Assistance, AssistanceProject
from services.models.funding import Donation, FundEntry, Fundraising
from services.models.groups import LeadingGroup, LeadingGroupMember
from services.models.publicity import PublicityActivity
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange

__all__ = ["Assistance", "AssistanceProject", "Donation", "FundEntry", "Fundraising", "LeadingGroup",
           "LeadingGroupMember", "PublicityActivity", "ServiceSite", "SiteInvestment", "SiteStateChange"]
