"""Family services: service sites and their funding (health campaigns, assistance, training and publicity
come beside them, one domain file each)."""

from services.models.funding import Donation, FundEntry, Fundraising
from services.models.groups import LeadingGroup, LeadingGroupMember
from services.models.publicity import PublicityActivity
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange

__all__ = ["Donation", "FundEntry", "Fundraising", "LeadingGroup", "LeadingGroupMember", "PublicityActivity",
           "ServiceSite", "SiteInvestment", "SiteStateChange"]
