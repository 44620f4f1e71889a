"""Family services: service sites and their funding, leading groups for villager self-government, publicity
and honours (health campaigns, assistance and training come beside them, one domain file each)."""

from services.models.funding import Donation, FundEntry, Fundraising
from services.models.groups import LeadingGroup, LeadingGroupMember
from services.models.honours import AppraisalCriterion, AppraisalResult, CadreAppraisal, ModelFamily, PingAnVillage
from services.models.publicity import PublicityActivity
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange

__all__ = ["AppraisalCriterion", "AppraisalResult", "CadreAppraisal", "Donation", "FundEntry", "Fundraising",
           "LeadingGroup", "LeadingGroupMember", "ModelFamily", "PingAnVillage", "PublicityActivity", "ServiceSite",
           "SiteInvestment", "SiteStateChange"]
