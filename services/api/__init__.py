"""/api/v1/ endpoints of the services, scoped like the pages: the town office manages everything, a specialist
their village's records, the leadership reads, association members find nothing (404). Nothing is deleted: a site
is closed (POST …/state/), a fund entry reversed by an opposite one. Errors of the actions answer 400 with field
errors, a stale `version` 409."""

from services.api.assistance import AssistanceProjectViewSet, AssistanceViewSet
from services.api.funding import FundEntryViewSet, FundraisingViewSet
from services.api.groups import LeadingGroupViewSet
from services.api.health import CampaignInvitationViewSet, FindingViewSet, HealthCampaignViewSet
from services.api.honours import CadreAppraisalViewSet, ModelFamilyViewSet, PingAnVillageViewSet
from services.api.publicity import PublicityActivityViewSet
from services.api.sites import ServiceSiteViewSet, SiteInvestmentViewSet
from services.api.training import InvitationViewSet, TrainingClassViewSet

ROUTES = [
    ("service-sites", ServiceSiteViewSet, "service-site"),
    ("site-investments", SiteInvestmentViewSet, "site-investment"),
    ("fund-entries", FundEntryViewSet, "fund-entry"),
    ("fundraisings", FundraisingViewSet, "fundraising"),
    ("leading-groups", LeadingGroupViewSet, "leading-group"),
    ("publicity-activities", PublicityActivityViewSet, "publicity-activity"),
    ("training-classes", TrainingClassViewSet, "training-class"),
    ("training-invitations", InvitationViewSet, "training-invitation"),
    ("health-campaigns", HealthCampaignViewSet, "health-campaign"),
    ("health-invitations", CampaignInvitationViewSet, "health-invitation"),
    ("health-findings", FindingViewSet, "health-finding"),
    ("model-families", ModelFamilyViewSet, "model-family"),
    ("cadre-appraisals", CadreAppraisalViewSet, "cadre-appraisal"),
    ("pingan-villages", PingAnVillageViewSet, "pingan-village"),
    ("assistance", AssistanceViewSet, "assistance"),
    ("assistance-projects", AssistanceProjectViewSet, "assistance-project"),
]
