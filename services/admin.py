"""The services in the admin: scoped to the user, for looking up records and their history. Sites, investments,
fund entries, fundraisings, leading groups, publicity, health campaigns, training, honours and assistance are
written through the pages and the API, whose actions check the dates, the closed periods and the versions; nothing
is deleted here. A woman's invitation to a health campaign and her findings: the town office and her village's
specialist only, logged."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from simple_history.admin import SimpleHistoryAdmin

from services.models import (
    AppraisalCriterion,
    AppraisalResult,
    Assistance,
    AssistanceProject,
    CadreAppraisal,
    CampaignInvitation,
    Donation,
    Finding,
    FollowUp,
    FundEntry,
    Fundraising,
    HealthCampaign,
    Invitation,
    LeadingGroup,
    LeadingGroupMember,
    ModelFamily,
    PingAnVillage,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
    TrainingClass,
)
from services.queries.health import campaigns_for, findings_for, invitations_for
from services.queries.honours import appraisals_for
from services.queries.scope import in_scope, sees_donors
from services.queries.training import classes_for
from villages.models import SensitiveAccess
from villages.privacy import log_access
from villages.roles import may_see_people
from villages.scoped_admin import ReadOnlyMixin


class ServicesScope:
    """The town's own records (village empty) too, for those who read the whole town."""

    scope_town = "town"

    def scope(self, queryset, request):
        if request.user.is_superuser:
            return queryset
        return in_scope(queryset, request.user, village=self.scope_village, town=self.scope_town)


@admin.register(ServiceSite)
class ServiceSiteAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "town", "village", "state", "state_since"]
    list_filter = ["kind", "state"]
    search_fields = ["name"]
    list_select_related = ["town", "village"]


@admin.register(SiteInvestment)
class SiteInvestmentAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    scope_village, scope_town = "site__village", "site__town"
    list_display = ["site", "amount", "source", "invested_on", "purpose"]
    list_filter = ["source", "invested_on"]
    list_select_related = ["site"]


@admin.register(FundEntry)
class FundEntryAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["entry_date", "town", "village", "direction", "source", "use", "amount"]
    list_filter = ["direction", "source", "use", "entry_date"]
    list_select_related = ["town", "village"]


class DonationInline(admin.TabularInline):
    model = Donation
    extra = 0
    can_delete = False
    readonly_fields = ["donor_name", "amount", "donated_on"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Fundraising)
class FundraisingAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "town", "village", "starts_on", "ends_on", "families_helped", "children_helped"]
    list_select_related = ["town", "village"]
    inlines = [DonationInline]

    def get_inlines(self, request, obj):
        """Donors' names: the town office and the villages' specialists only."""
        return self.inlines if sees_donors(request.user) else []


class LeadingGroupMemberInline(admin.TabularInline):
    model = LeadingGroupMember
    extra = 0
    can_delete = False
    readonly_fields = ["name", "role", "job_title", "started_on", "ended_on"]
    exclude = ["version"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LeadingGroup)
class LeadingGroupAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["name", "town", "village", "set_up_on", "dissolved_on"]
    list_filter = ["set_up_on"]
    search_fields = ["name", "members__name"]
    list_select_related = ["town", "village"]
    inlines = [LeadingGroupMemberInline]


@admin.register(PublicityActivity)
class PublicityActivityAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["held_on", "title", "town", "village", "channel", "reach"]
    list_filter = ["channel", "held_on"]
    search_fields = ["title"]
    list_select_related = ["town", "village"]


@admin.register(TrainingClass)
class TrainingClassAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    """The town's classes for every reader of the town; the invited are in their own list, by village."""

    list_display = ["starts_on", "topic", "town", "village", "trainer", "place", "cancelled"]
    list_filter = ["starts_on", "cancelled"]
    search_fields = ["topic", "trainer"]
    list_select_related = ["town", "village"]

    def scope(self, queryset, request):
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=classes_for(request.user).values("pk"))


@admin.register(Invitation)
class InvitationAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["training", "village", "role", "name", "attended", "withdrawn"]
    list_filter = ["role", "attended", "withdrawn"]
    search_fields = ["name", "training__topic"]
    list_select_related = ["training", "village"]
    scope_town = "training__town"


# --- Health campaigns -----------------------------------------------------------------------------------

@admin.register(HealthCampaign)
class HealthCampaignAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "town", "starts_on", "ends_on", "team"]
    list_filter = ["kind", "starts_on"]
    search_fields = ["title"]
    list_select_related = ["town"]

    def scope(self, queryset, request):
        return queryset.filter(pk__in=campaigns_for(request.user).values("pk"))


class SensitiveAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """A woman's invitation or finding: the town office and her village's specialist only, every showing logged."""

    record_type = ""

    def village_of(self, record) -> int:
        raise NotImplementedError

    def _log(self, request, records) -> None:
        records = list(records)
        if not records:
            return
        villages = {self.village_of(record) for record in records}
        log_access(user=request.user, action=SensitiveAccess.Action.VIEW,
                   village_id=villages.pop() if len(villages) == 1 else None, what=f"admin: {self.record_type}",
                   record_type=self.record_type, record_id=records[0].pk if len(records) == 1 else None,
                   count=len(records))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = getattr(response, "context_data", {}).get("cl")
        if cl is not None:
            self._log(request, cl.result_list)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        record = getattr(response, "context_data", {}).get("original")
        if record is not None:
            self._log(request, [record])
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log(request, self.get_queryset(request).filter(pk=unquote(object_id)))
        return response


@admin.register(CampaignInvitation)
class CampaignInvitationAdmin(SensitiveAdmin):
    record_type = "CampaignInvitation"
    list_display = ["campaign", "person", "village", "invited_on", "attendance", "attended_on", "withdrawn_on"]
    list_filter = ["attendance"]
    list_select_related = ["campaign", "person", "village"]
    raw_id_fields = ["person"]

    def scope(self, queryset, request):
        return queryset.filter(pk__in=invitations_for(request.user).values("pk"))

    def village_of(self, record) -> int:
        return record.village_id


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    can_delete = False
    readonly_fields = ["state", "on", "note", "recorded_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(SensitiveAdmin):
    record_type = "Finding"
    list_display = ["__str__", "invitation", "category", "found_on", "state", "state_since"]
    list_filter = ["category", "state"]
    list_select_related = ["invitation__campaign", "invitation__person"]
    inlines = [FollowUpInline]

    def scope(self, queryset, request):
        return queryset.filter(pk__in=findings_for(request.user).values("pk"))

    def village_of(self, record) -> int:
        return record.invitation.village_id


# --- Honours -----------------------------------------------------------------------------------------------

@admin.register(ModelFamily)
class ModelFamilyAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["year", "category", "village", "household", "announced_on", "withdrawn_on"]
    list_filter = ["year", "category"]
    search_fields = ["household__number"]
    list_select_related = ["village", "household"]
    exclude = ["version"]


class AppraisalCriterionInline(admin.TabularInline):
    model = AppraisalCriterion
    extra = 0
    can_delete = False
    readonly_fields = ["name", "points", "self_government"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CadreAppraisal)
class CadreAppraisalAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """The town's appraisals, for everyone who reads the town's services (as on the pages)."""

    list_display = ["title", "year", "town", "places", "decided_on"]
    list_filter = ["year"]
    inlines = [AppraisalCriterionInline]

    def scope(self, queryset, request):
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=appraisals_for(request.user).values("pk"))


@admin.register(AppraisalResult)
class AppraisalResultAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    scope_town = "appraisal__town"
    list_display = ["appraisal", "village", "appointment", "score", "rank", "awarded", "honour", "withdrawal"]
    list_filter = ["awarded", "appraisal__year"]
    list_select_related = ["appraisal", "village", "appointment", "honour__village", "withdrawal__village"]


@admin.register(PingAnVillage)
class PingAnVillageAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["village", "year", "state", "applied_on", "decided_on", "revoked_on"]
    list_filter = ["year", "state"]
    list_select_related = ["village"]


# --- Assistance -------------------------------------------------------------------------------------------

@admin.register(AssistanceProject)
class AssistanceProjectAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["name", "village", "started_on", "ended_on"]
    list_filter = ["started_on"]
    search_fields = ["name"]
    list_select_related = ["town", "village"]


@admin.register(Assistance)
class AssistanceAdmin(ServicesScope, ReadOnlyMixin, SimpleHistoryAdmin):
    """A family's hardship is personal: the records are for the town office and the village's specialist."""

    list_display = ["given_on", "village", "household", "kind", "amount", "until", "voided_on"]
    list_filter = ["kind", "given_on"]
    search_fields = ["household__number", "helper_name"]
    list_select_related = ["village", "household"]
    raw_id_fields = ["household", "children", "helper_user", "helper_appointment"]

    def scope(self, queryset, request):
        if not request.user.is_superuser and not may_see_people(request.user):
            return queryset.none()
        return super().scope(queryset, request)
