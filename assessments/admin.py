"""Admin for the town office: scoped through villages.queries like every other page; leadership reads only.

Scores are written through the scoring pages (the actions keep the workflow and its history), so the
admin shows assessments read-only. A frozen scheme cannot be edited; next year's starts as a copy.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from assessments import actions
from assessments.models import (
    Assessment,
    Block,
    Case,
    DeductionRule,
    GradeBand,
    Item,
    ItemScore,
    LedgerEntry,
    RectificationFollowUp,
    ResponsibilityBook,
    ResponsibilityTarget,
    Scheme,
    SupervisionVisit,
    Veto,
)
from assessments.queries import schemes_for
from villages.roles import is_town_office
from villages.scoped_admin import ScopedAdminMixin


class ScopedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Scoped through villages.queries like every other admin; only the town office writes."""

    town_office_only = True


class SchemePartInline(admin.TabularInline):
    extra = 0

    def _editable(self, request, obj) -> bool:
        return is_town_office(request.user) and not (obj is not None and obj.is_frozen)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class BlockInline(SchemePartInline):
    model = Block
    fields = ["order", "title"]


class ItemInline(SchemePartInline):
    model = Item
    fields = ["block", "order", "code", "title", "max_points", "method", "indicator_key"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "block":
            scheme_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Block.objects.filter(scheme_id=scheme_id) if scheme_id else Block.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VetoInline(SchemePartInline):
    model = Veto
    fields = ["code", "title", "description"]


class GradeBandInline(SchemePartInline):
    model = GradeBand
    fields = ["code", "label", "min_total", "designation"]


@admin.register(Scheme)
class SchemeAdmin(ScopedAdmin):
    list_display = ["year", "title", "subject", "frozen_at"]
    list_filter = ["subject", "year"]
    inlines = [BlockInline, ItemInline, VetoInline, GradeBandInline]
    actions = ["copy_to_next_year"]
    fields = ["town", "year", "subject", "title", "veto_means_lagging", "default_rectification_plan", "copied_from",
              "frozen_at"]
    readonly_fields = ["copied_from", "frozen_at"]

    def scope(self, queryset, request):
        return queryset.filter(pk__in=schemes_for(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return self.fields
        return self.readonly_fields

    @admin.action(description=_("Copy the scheme to the next year"))
    def copy_to_next_year(self, request, queryset):
        for scheme in queryset:
            try:
                copy = actions.copy_scheme_to_year(scheme=scheme, year=scheme.year + 1, copied_by=request.user)
                self.message_user(request, _("Copied to %(scheme)s.") % {"scheme": copy})
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)


class DeductionRuleInline(SchemePartInline):
    model = DeductionRule
    fields = ["code", "description", "points"]

    def _editable(self, request, obj) -> bool:
        return is_town_office(request.user) and not (obj is not None and obj.scheme.is_frozen)


@admin.register(Item)
class ItemAdmin(ScopedAdmin):
    list_display = ["title", "scheme", "block", "max_points", "method", "indicator_key"]
    list_filter = ["method", "scheme__year"]
    inlines = [DeductionRuleInline]

    def scope(self, queryset, request):
        return queryset.select_related("scheme", "block").filter(scheme__in=schemes_for(request.user).values("pk"))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.scheme.is_frozen)


class ItemScoreInline(admin.TabularInline):
    model = ItemScore
    fields = ["item", "self_points", "points", "figure_display", "records", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin):
    """Read-only: scores go through the scoring pages, which keep the workflow and its history."""
    list_display = ["village", "scheme", "period", "status", "total", "grade", "rank", "vetoed"]
    list_filter = ["scheme__year", "scheme__subject", "period", "status"]
    list_select_related = ["village", "scheme", "grade"]
    search_fields = ["village__name"]
    inlines = [ItemScoreInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ScopedAdmin):
    list_display = ["decided_on", "kind", "village", "person_name", "title", "amount", "decided_by"]
    list_filter = ["kind", "decided_on"]
    list_select_related = ["village"]
    search_fields = ["person_name", "title", "village__name"]
    raw_id_fields = ["appointment", "withdraws", "assessment", "case"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Case)
class CaseAdmin(LedgerEntryAdmin):
    list_display = ["reported_on", "village", "kind", "title", "status", "decided_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "village__name"]
    raw_id_fields = ["appointment"]


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(LedgerEntryAdmin):
    list_display = ["visited_on", "village", "kind", "visitors", "follow_up_due", "follow_up_done_on"]
    list_filter = ["kind"]
    search_fields = ["village__name", "findings"]
    raw_id_fields = ["assessment"]


class TargetInline(admin.TabularInline):
    model = ResponsibilityTarget
    fields = ["order", "title", "measure", "item", "threshold", "met", "checked_figure"]
    readonly_fields = ["met", "checked_figure"]
    raw_id_fields = ["item"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return is_town_office(request.user) and (obj is None or obj.status == ResponsibilityBook.Status.DRAFT)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


@admin.register(ResponsibilityBook)
class ResponsibilityBookAdmin(ScopedAdmin):
    list_display = ["year", "village", "title", "status", "signed_on"]
    list_filter = ["year", "status"]
    list_select_related = ["village"]
    inlines = [TargetInline]


@admin.register(RectificationFollowUp)
class RectificationFollowUpAdmin(LedgerEntryAdmin):
    scope_village = "designation__village"
    list_display = ["designation", "followed_up_on", "progress"]
    list_select_related = ["designation__village"]
    list_filter = ["progress"]
    search_fields = ["designation__village__name"]
    raw_id_fields = ["designation"]
