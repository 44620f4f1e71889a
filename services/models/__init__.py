"""Family services: service sites and their funding, leading groups for villager
self-government, publicity and training (health campaigns and assistance come beside them, one domain file each)."""

from services.models.funding import Donation, FundEntry, Fundraising
from services.models.groups import LeadingGroup, LeadingGroupMember
from services.models.publicity import PublicityActivity
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange
from services.models.training import Invitation, TrainingClass

__all__ = ["Donation", "FundEntry", "Fundraising", "LeadingGroup", "LeadingGroupMember", "PublicityActivity",
           "ServiceSite", "SiteInvestment", "SiteStateChange", "Invitation", "TrainingClass"]
