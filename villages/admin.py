"""The town office's tool: the registry of villages, groups and teams, accounts and the access log.

Every admin here goes through villages.queries for non-superusers by inheriting `ScopedAdminMixin`
(villages.scoped_admin), as other apps' admins do. Records about people and appointments are
never deleted; changes that carry rules (appointing, ending, designating) are checked by the same
functions villages.actions uses.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from villages import actions
from villages.models import (
    Appointment,
    CandidateVetting,
    County,
    Designation,
    Position,
    SensitiveAccess,
    Town,
    User,
    Village,
    VillagerGroup,
)
from villages.queries import (
    counties_for,
    sensitive_accesses_for,
    towns_for,
    users_for,
    vettings_for,
)
from villages.scoped_admin import ScopedAdminMixin


class ActionRulesForm(forms.ModelForm):
    """A model form that also runs a villages.actions check; its refusals land on the fields."""

    def check_rules(self, cleaned_data: dict) -> None:
        pass

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            try:
                self.check_rules(cleaned_data)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned_data


@admin.register(County)
class CountyAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The counties of the user's towns; only a superuser adds or changes one (the county is above the town)."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.filter(pk__in=counties_for(request.user))

    def may_write(self, request):
        return request.user.is_superuser


@admin.register(Town)
class TownAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    town_office_only = True
    list_display = ["name", "code", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "code", "county__name"]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.filter(pk__in=towns_for(request.user))

    def has_add_permission(self, request, *args):
        return request.user.is_superuser


class GroupInline(ScopedAdminMixin, admin.TabularInline):
    model = VillagerGroup
    town_office_only = True
    fields = ["number", "name"]
    extra = 0


class RegulationsFilter(admin.SimpleListFilter):
    title = _("regulations on villager self-government")
    parameter_name = "regulations"

    def lookups(self, request, model_admin):
        return [("yes", _("adopted")), ("no", _("not yet"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(regulations_adopted_on__isnull=self.value() == "no")
        return queryset


class DeclaredYearFilter(admin.SimpleListFilter):
    title = _("year self-government was declared")
    parameter_name = "declared_year"

    def lookups(self, request, model_admin):
        days = model_admin.get_queryset(request).dates("self_government_declared_on", "year")
        return [(str(day.year), str(day.year)) for day in days]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(self_government_declared_on__year=int(self.value()))
        return queryset


@admin.register(Village)
class VillageAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    scope_village = ""
    town_office_only = True
    list_display = ["name", "code", "town", "group_count", "self_government_declared_on",
                    "regulations_adopted_on", "is_active"]
    list_filter = [RegulationsFilter, DeclaredYearFilter, "is_active", ("town", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code"]
    list_select_related = ["town"]
    readonly_fields = ["version"]
    inlines = [GroupInline]
    fieldsets = [
        (None, {"fields": ["town", "code", "name", "is_active", "version"]}),
        (_("Self-government"), {"fields": ["self_government_declared_on", "regulations_adopted_on",
                                           "regulations_text", "regulations_file"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(group_count=Count("groups"))

    @admin.display(description=_("villager groups"), ordering="group_count")
    def group_count(self, village):
        return village.group_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        actions.open_posts(by=request.user, village=form.instance)


@admin.register(VillagerGroup)
class VillagerGroupAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    town_office_only = True
    list_display = ["name", "number", "village"]
    list_filter = [("village", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "village__name"]
    list_select_related = ["village"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.open_posts(by=request.user, village=obj.village)


class AppointmentInline(ScopedAdminMixin, admin.TabularInline):
    """The post's holders, newest first; appointing and ending happen on the appointment pages."""

    model = Appointment
    scope_village = "position__village"
    fields = readonly_fields = ["holder_name", "started_on", "ended_on", "end_reason", "end_note", "pay_kind",
                                "monthly_amount"]
    ordering = ["-started_on"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Position)
class PositionAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    town_office_only = True
    list_display = ["__str__", "kind", "body", "group", "current_holder"]
    list_filter = ["kind", ("village", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["village__name", "group__name", "appointments__holder_name"]
    list_select_related = ["village", "group"]
    inlines = [AppointmentInline]

    def get_queryset(self, request):
        current = Prefetch("appointments", queryset=Appointment.objects.filter(ended_on__isnull=True),
                           to_attr="current")
        return super().get_queryset(request).prefetch_related(current)

    def get_readonly_fields(self, request, obj=None):
        return ["village", "group", "kind"] if obj else []

    @admin.display(description=_("body"))
    def body(self, position):
        return position.get_body_display()

    @admin.display(description=_("current holder"))
    def current_holder(self, position):
        return ", ".join(a.holder_name for a in position.current) or "—"


class CurrentFilter(admin.SimpleListFilter):
    title = _("appointment status")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("current")), ("no", _("ended"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(ended_on__isnull=self.value() == "yes")
        return queryset


class AppointmentForm(ActionRulesForm):
    def check_rules(self, cleaned_data):
        stored = self.instance
        if stored.pk is None:
            if cleaned_data.get("ended_on") or cleaned_data.get("end_reason"):
                raise ValidationError({"ended_on": _("Record the appointment first, then end it.")})
            actions.check_appointment(position=cleaned_data["position"], started_on=cleaned_data["started_on"],
                                      pay_kind=cleaned_data["pay_kind"],
                                      monthly_amount=cleaned_data["monthly_amount"])
        elif stored.ended_on is None and cleaned_data.get("ended_on"):
            actions.check_ending(appointment=stored, ended_on=cleaned_data["ended_on"],
                                 end_reason=cleaned_data.get("end_reason", ""),
                                 end_note=cleaned_data.get("end_note", ""))


@admin.register(Appointment)
class AppointmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = AppointmentForm
    scope_village = "position__village"
    town_office_only = True
    list_display = ["holder_name", "position", "started_on", "ended_on", "end_reason", "pay_kind", "monthly_amount"]
    list_filter = ["position__kind", CurrentFilter, "end_reason",
                   ("position__village", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["holder_name", "position__village__name"]
    list_select_related = ["position__village", "position__group"]
    autocomplete_fields = ["position"]
    date_hierarchy = "started_on"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.ended_on is not None:  # an ended appointment is history: it stays as it was
            return [field.name for field in Appointment._meta.concrete_fields if field.name != "id"]
        return ["position"]


class DesignationForm(ActionRulesForm):
    def check_rules(self, cleaned_data):
        actions.check_designation(
            village=cleaned_data["village"], year=cleaned_data["year"], kind=cleaned_data["kind"],
            decided_on=cleaned_data["decided_on"], rectification_plan=cleaned_data.get("rectification_plan", ""),
            target_year_one=cleaned_data.get("target_year_one", ""),
            target_year_two=cleaned_data.get("target_year_two", ""),
            target_year_three=cleaned_data.get("target_year_three", ""), designation_pk=self.instance.pk)


@admin.register(Designation)
class DesignationAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = DesignationForm
    town_office_only = True
    list_display = ["village", "year", "kind", "decided_on"]
    list_filter = ["year", "kind", ("village", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["village__name", "reason"]
    list_select_related = ["village"]
    readonly_fields = ["version"]


class VettingForm(ActionRulesForm):
    def check_rules(self, cleaned_data):
        actions.check_vetting(decided_on=cleaned_data["decided_on"])


@admin.register(CandidateVetting)
class CandidateVettingAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = VettingForm
    town_office_only = True
    list_display = ["candidate_name", "village", "position_kind", "election_year", "decision", "decided_on"]
    list_filter = ["decision", "election_year", "position_kind", ("village", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["candidate_name", "village__name", "reason"]
    list_select_related = ["village"]
    readonly_fields = ["decided_by"]

    def scope(self, queryset, request):
        return queryset.filter(pk__in=vettings_for(request.user))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.decided_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(ScopedAdminMixin, SimpleHistoryAdmin, DjangoUserAdmin):
    town_office_only = True
    list_display = ["username", "first_name", "last_name", "role", "jurisdiction", "is_staff", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name"]
    list_select_related = ["county", "town", "village", "group__village"]
    jurisdiction_fieldset = (_("Role and jurisdiction"), {"fields": ["role", "county", "town", "village", "group"]})
    fieldsets = [*DjangoUserAdmin.fieldsets, jurisdiction_fieldset]
    add_fieldsets = [*DjangoUserAdmin.add_fieldsets, jurisdiction_fieldset]
    # Only a superuser grants admin access and permissions, and makes county office staff (above the town).
    superuser_fields = {"is_staff", "is_superuser", "groups", "user_permissions", "county"}

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.filter(pk__in=users_for(request.user))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in self.superuser_fields]})
                for name, options in fieldsets]

    @admin.display(description=_("jurisdiction"))
    def jurisdiction(self, user):
        return user.jurisdiction or "—"


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The log of who viewed or exported sensitive personal data: read only, for everyone."""

    list_display = ["at", "user", "action", "village", "what", "record_type", "record_id", "count"]
    list_filter = ["action", ("village", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["what", "user__username"]
    list_select_related = ["user", "village"]
    date_hierarchy = "at"

    def scope(self, queryset, request):
        return queryset.filter(pk__in=sensitive_accesses_for(request.user))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
