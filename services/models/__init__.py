"""Family services: service sites and their funding, leading groups for villager self-government, publicity
and health campaigns (assistance and training come beside them, one domain file each)."""

from services.models.funding import Donation, FundEntry, Fundraising
from services.models.groups import LeadingGroup, LeadingGroupMember
from services.models.health import CampaignInvitation, Finding, FollowUp, HealthCampaign
from services.models.publicity import PublicityActivity
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange

__all__ = ["Donation", "Finding", "FollowUp", "FundEntry", "Fundraising", "HealthCampaign", "CampaignInvitation",
           "LeadingGroup", "LeadingGroupMember", "PublicityActivity", "ServiceSite", "SiteInvestment",
           "SiteStateChange"]
