"""The town office's admin for policies and benefits, scoped like every other admin.

Writes with business rules go through incentives.actions: policies, rates and conditions are
saved by the same functions the pages use; entitlements are never edited here, only confirmed
or returned by admin actions; nothing about people is deleted.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from incentives import actions, queries
from incentives.models import Budget, Condition, Cycle, Entitlement, EvidenceItem, Fact, Hold, Payment, Policy
from incentives.models import Rate as RateModel
from villages.queries import villages_for
from villages.scoped_admin import ScopedAdminMixin


class PolicyScoped(ScopedAdminMixin):
    """Rows reached through a policy: town-wide policies for the whole town, village ones for their village."""

    town_office_only = True
    policy_path = "policy"

    def scope(self, queryset, request):
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.policy_path}__in": queries.policies_for(request.user)})


def _refused(request, error) -> None:
    """An admin action refused by incentives.actions: the reason, as a message."""
    messages.error(request, " ".join(error.messages if isinstance(error, ValidationError) else [str(error)]))


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RateInline(ReadOnlyInline):
    model = RateModel
    fields = readonly_fields = ["amount", "unit", "occasion_kind", "valid_from", "valid_until", "note"]


class ConditionInline(ReadOnlyInline):
    model = Condition
    fields = readonly_fields = ["position", "target", "kind", "values", "minimum", "maximum", "date_from",
                                "date_to", "on_date"]


class EvidenceInline(ReadOnlyInline):
    model = EvidenceItem
    fields = readonly_fields = ["position", "text", "required"]


@admin.register(Policy)
class PolicyAdmin(PolicyScoped, SimpleHistoryAdmin):
    policy_path = "pk"
    list_display = ["name", "level", "village", "kind", "beneficiary", "village_policy_kind", "adopted_on", "ended_on"]
    list_filter = ["level", "kind", "beneficiary", "village_policy_kind", "uses_sensitive_data"]
    search_fields = ["name", "code", "issuing_body"]
    list_select_related = ["village"]
    readonly_fields = ["town", "version", "ended_on", "end_reason"]
    inlines = [RateInline, ConditionInline, EvidenceInline]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.filter(pk__in=queries.policies_for(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.cycles.exists():
            fields.append("beneficiary")  # the entitlements computed so far are for persons or for households
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data
                       if name in actions.policies.POLICY_FIELDS}
            saved = actions.update_policy(policy=obj, by=request.user, **changed)
        else:
            town = obj.village.town if obj.village_id else villages_for(request.user).first().town
            fields = {name: form.cleaned_data[name] for name in actions.policies.POLICY_FIELDS
                      if name in form.cleaned_data}
            saved = actions.create_policy(town=town, by=request.user, **fields)
        obj.pk, obj.town_id, obj.version = saved.pk, saved.town_id, saved.version


@admin.register(RateModel)
class RateAdmin(PolicyScoped, SimpleHistoryAdmin):
    list_display = ["policy", "amount", "unit", "valid_from", "valid_until"]
    list_filter = ["unit"]
    search_fields = ["policy__name"]
    list_select_related = ["policy__village"]

    def get_readonly_fields(self, request, obj=None):
        return ["policy", "unit", "occasion_kind", "valid_from"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            actions.correct_rate(rate=obj, by=request.user, amount=form.cleaned_data["amount"],
                                 valid_until=form.cleaned_data["valid_until"], note=form.cleaned_data["note"])
        else:
            saved = actions.add_rate(policy=obj.policy, amount=obj.amount, unit=obj.unit, valid_from=obj.valid_from,
                                     valid_until=obj.valid_until, occasion_kind=obj.occasion_kind, note=obj.note,
                                     by=request.user)
            obj.pk = saved.pk


@admin.register(Condition)
class ConditionAdmin(PolicyScoped, SimpleHistoryAdmin):
    """Rule text, not records about people: a condition may be removed (its history stays)."""

    allow_delete = True
    list_display = ["policy", "position", "target", "kind", "values", "minimum", "maximum"]
    list_filter = ["kind", "target"]
    search_fields = ["policy__name"]
    list_select_related = ["policy__village"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in actions.policies.CONDITION_FIELDS
                  if name in form.cleaned_data}
        if change:
            actions.update_condition(condition=obj, by=request.user, **fields)
        else:
            obj.pk = actions.add_condition(policy=form.cleaned_data["policy"], by=request.user, **fields).pk

    def delete_model(self, request, obj):
        actions.remove_condition(condition=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for condition in queryset:
            actions.remove_condition(condition=condition, by=request.user)


@admin.register(EvidenceItem)
class EvidenceItemAdmin(PolicyScoped, SimpleHistoryAdmin):
    allow_delete = True
    list_display = ["policy", "position", "text", "required"]
    search_fields = ["policy__name", "text"]


@admin.register(Cycle)
class CycleAdmin(PolicyScoped, SimpleHistoryAdmin):
    """Cycles are opened, computed and approved on the benefit pages; the admin reads them."""

    list_display = ["policy", "period", "status", "computed_at", "approved_at", "closed_at"]
    list_filter = ["status", "period"]
    search_fields = ["policy__name", "period"]
    list_select_related = ["policy__village"]
    readonly_fields = [f.name for f in Cycle._meta.concrete_fields]

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("Compute the selected cycles (adds only what is new)"))
    def compute(self, request, queryset):
        cycles = list(queryset.exclude(status=Cycle.Status.CLOSED).select_related("policy"))
        if len(cycles) < queryset.count():
            self.message_user(request, _("Closed cycles are not computed again; the others were."), messages.WARNING)
        try:
            results = actions.compute_cycles(cycles=cycles, by=request.user) if cycles else {}
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            self.message_user(request, _("%(cycles)d cycles computed: %(new)d new entitlements.") % {
                "cycles": len(results), "new": sum(r.new for r in results.values())}, messages.SUCCESS)

    actions = ["compute"]


@admin.register(Entitlement)
class EntitlementAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Read here, changed only through the review actions."""

    scope_group = "household__group"
    list_display = ["__str__", "village", "period", "amount", "status", "status_reason"]
    list_filter = ["status", "period", ("policy", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["household__number", "person__name", "policy__name"]
    list_select_related = ["policy__village", "person", "household", "village"]
    readonly_fields = [f.name for f in Entitlement._meta.concrete_fields]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queries.entitlements_for(request.user)

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("Confirm the selected entitlements (village review)"))
    def confirm(self, request, queryset):
        pairs = queryset.filter(status=Entitlement.Status.PENDING).values_list("cycle", "village").distinct()
        confirmed = 0
        for cycle_id, village_id in pairs:
            ids = list(queryset.filter(cycle_id=cycle_id, village_id=village_id).values_list("pk", flat=True))
            try:
                confirmed += actions.confirm_entitlements(cycle=Cycle.objects.get(pk=cycle_id),
                                                          village=villages_for(request.user).get(pk=village_id),
                                                          by=request.user, ids=ids)
            except (ValidationError, PermissionDenied) as error:
                _refused(request, error)
        messages.success(request, _("%(count)d entitlements confirmed.") % {"count": confirmed})

    actions = ["confirm"]


@admin.register(Payment)
class PaymentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Payments are recorded on the benefit pages, where they are checked against the approved total."""

    list_display = ["cycle", "village", "paid_on", "method", "reference", "amount", "recipients"]
    list_filter = ["method", "paid_on"]
    search_fields = ["reference", "cycle__policy__name", "village__name"]
    list_select_related = ["cycle__policy__village", "village"]
    readonly_fields = [f.name for f in Payment._meta.concrete_fields]

    def has_add_permission(self, request, *args):
        return False


@admin.register(Hold)
class HoldAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    scope_group = "household__group"
    list_display = ["__str__", "policy", "kind", "started_on", "ended_on", "reason"]
    list_filter = ["kind"]
    search_fields = ["household__number", "person__name", "reason"]
    list_select_related = ["policy__village", "household", "person"]
    readonly_fields = [f.name for f in Hold._meta.concrete_fields]

    def has_add_permission(self, request, *args):
        return False


@admin.register(Fact)
class FactAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    scope_group = "household__group"
    list_display = ["__str__", "kind", "occurred_on", "valid_until", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["household__number", "person__name", "evidence"]
    list_select_related = ["household", "person"]
    readonly_fields = ["village", "is_active", "deactivated_reason", "recorded_by"]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queries.facts_for(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = actions.record_fact(household=obj.household, kind=obj.kind, occurred_on=obj.occurred_on,
                                    person=obj.person, valid_until=obj.valid_until, evidence=obj.evidence,
                                    by=request.user)
        obj.pk = saved.pk


@admin.register(Budget)
class BudgetAdmin(PolicyScoped, SimpleHistoryAdmin):
    list_display = ["policy", "village", "year", "amount", "note"]
    list_filter = ["year"]
    search_fields = ["policy__name", "village__name"]
    list_select_related = ["policy__village", "village"]

    def save_model(self, request, obj, form, change):
        saved = actions.set_budget(policy=obj.policy, year=obj.year, amount=obj.amount, village=obj.village,
                                   note=obj.note, by=request.user)
        obj.pk = saved.pk
