"""The services in the admin: scoped to the user, for looking up records and their history. Sites, investments,
fund entries, fundraisings, leading groups, publicity and assistance are written through the pages and the API,
whose actions check the dates, the closed periods and the versions; nothing is deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.models import (
    Assistance,
    AssistanceProject,
    Donation,
    FundEntry,
    Fundraising,
    LeadingGroup,
    LeadingGroupMember,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
)
from services.queries.scope import in_scope, sees_donors
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
