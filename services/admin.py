"""The services in the admin: scoped to the user, for looking up records and their history. Sites, investments,
fund entries, fundraisings, leading groups, publicity and honours are written through the pages and the API, whose
actions check the dates, the closed periods and the versions; nothing is deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.models import (
    AppraisalCriterion,
    AppraisalResult,
    CadreAppraisal,
    Donation,
    FundEntry,
    Fundraising,
    LeadingGroup,
    LeadingGroupMember,
    ModelFamily,
    PingAnVillage,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
)
from services.queries.honours import appraisals_for
from services.queries.scope import in_scope, sees_donors
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
