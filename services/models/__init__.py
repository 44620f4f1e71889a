"""Family services: service sites and their funding, leading groups for villager self-government, publicity,
health campaigns, training, honours and assistance, one domain file each."""

from services.models.assistance import Assistance, AssistanceProject
from services.models.funding import Donation, FundEntry, Fundraising
from services.models.groups import LeadingGroup, LeadingGroupMember
from services.models.health import CampaignInvitation, Finding, FollowUp, HealthCampaign
from services.models.honours import AppraisalCriterion, AppraisalResult, CadreAppraisal, ModelFamily, PingAnVillage
from services.models.publicity import PublicityActivity
from services.models.sites import ServiceSite, SiteInvestment, SiteStateChange
from services.models.training import Invitation, TrainingClass

__all__ = ["AppraisalCriterion", "AppraisalResult", "Assistance", "AssistanceProject", "CadreAppraisal",
           "CampaignInvitation", "Donation", "Finding", "FollowUp", "FundEntry", "Fundraising", "HealthCampaign",
           "Invitation", "LeadingGroup", "LeadingGroupMember", "ModelFamily", "PingAnVillage", "PublicityActivity",
           "ServiceSite", "SiteInvestment", "SiteStateChange", "TrainingClass"]
