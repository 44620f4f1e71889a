"""The base of every admin in the house: only the user's jurisdiction, writes by those who may change.

Other apps' admins inherit `ScopedAdminMixin` as villages' own do, so the admin answers like the
pages: another jurisdiction's record is not found, and its choices offer only what may be seen.
`ReadOnlyMixin` is the same for records written only through their app's actions. Both lock records
with a `version` field as the app's pages do (`LockingAdminMixin`), and a date set or moved inside a
closed period is a correction with a reason here too (`ClosingGuardAdminMixin`).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateField, DateTimeField, Model, QuerySet
from django.http import Http404

from villages.closing import correction_reason_field, require_open
from villages.locking import MISSING_VERSION, StaleRecord, lock
from villages.models import Town, User
from villages.queries import scoped, towns_for, users_for
from villages.roles import is_town_office, may_change

READ_VERSION = "version_read"
CORRECTION_REASON = "correction_reason"
# Where a record's town is found, nearest first (a record names its town, or its village, or a record that does).
TOWN_PATHS = ("town", "village", "position", "household", "policy", "cycle")


def has_version(model: type[Model]) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class VersionReadForm:
    """Mixed into an admin change form: it carries the version of the record it was read from, and is refused
    (a clear error, nothing saved) when someone saved the record since. The row stays locked until the admin's
    save commits (the admin saves in one transaction), so of two saves from the same version one wins."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[READ_VERSION].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        read = cleaned.get(READ_VERSION)
        if read is None:
            raise ValidationError(MISSING_VERSION, code="stale")
        try:
            lock(self.instance, read)
        except StaleRecord as stale:
            raise ValidationError(str(stale), code="stale") from None
        return cleaned


class LockingAdminMixin:
    """Optimistic locking in the admin for models with a `version` field, as on the app's pages
    (villages.locking): the change form carries the version read; a stale save shows the error."""

    def locks(self, obj) -> bool:
        return obj is not None and isinstance(self, admin.ModelAdmin) and has_version(self.model)

    def get_form(self, request, obj=None, **kwargs):
        if not self.locks(obj):
            return super().get_form(request, obj, **kwargs)
        fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:  # the model form knows the record's fields only
            kwargs["fields"] = [name for name in fields if name != READ_VERSION]
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (VersionReadForm, form), {
            READ_VERSION: forms.IntegerField(widget=forms.HiddenInput, required=False)})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.locks(obj) or READ_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], READ_VERSION]}), *rest]


def guarded_dates(model: type[Model], fields) -> list[str]:
    """The editable date fields among `fields`: setting or moving one inside a closed period is a correction."""
    return [f.name for f in model._meta.concrete_fields
            if isinstance(f, DateField) and not isinstance(f, DateTimeField) and f.name in fields]


def town_id_of(record, cleaned: dict) -> int | None:
    """The town a record (or the record the form is about to make) belongs to."""
    for name in TOWN_PATHS:
        related = cleaned.get(name)
        if related is None:
            try:
                related = getattr(record, name, None)
            except Exception:  # an unset relation of a record being added
                related = None
        if related is None:
            continue
        if name == "town":
            return related.pk
        return town_id_of(related, {})
    return None


class ClosingGuardForm:
    """Mixed into an admin form by `ClosingGuardAdminMixin`: `closing_user` and `closing_dates` are set on the class."""

    closing_user = None
    closing_dates: list[str] = []

    def clean(self):
        cleaned = super().clean()
        if self._errors:  # a correction is recorded only with a change that is saved
            return cleaned
        town_id = town_id_of(self.instance, cleaned)
        reason = cleaned.get(CORRECTION_REASON, "")
        for name in self.closing_dates:
            if name not in self.fields:
                continue
            before = getattr(self.instance, name) if self.instance.pk else None
            after = cleaned.get(name)
            if before == after:
                continue
            for day in dict.fromkeys(day for day in (before, after) if day is not None):
                require_open(town_id=town_id, on=day, reason=reason, by=self.closing_user,
                             what=f"{self.instance._meta.verbose_name}: {self.fields[name].label}",
                             record=self.instance if self.instance.pk else None, field=CORRECTION_REASON)
        return cleaned


class ClosingGuardAdminMixin:
    """The closed-period guard of the app's actions (villages.closing.require_open) in the admin: a change that
    sets or moves a date inside a closed period needs a reason and is recorded as a correction."""

    def closing_dates(self, request, obj=None) -> list[str]:
        if not isinstance(self, admin.ModelAdmin):
            return []
        readonly = set(self.get_readonly_fields(request, obj))
        return guarded_dates(self.model, {f.name for f in self.model._meta.concrete_fields if f.editable} - readonly)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.closing_dates(request, obj) or CORRECTION_REASON in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], CORRECTION_REASON]}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        dates = self.closing_dates(request, obj)
        if not dates:
            return super().get_form(request, obj, **kwargs)
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != CORRECTION_REASON]
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (ClosingGuardForm, form), {
            CORRECTION_REASON: correction_reason_field(), "closing_user": request.user, "closing_dates": dates})


class ScopedAdminMixin(ClosingGuardAdminMixin, LockingAdminMixin):
    """Admin (or inline) that shows a non-superuser only their jurisdiction.

    Set `scope_village` (and `scope_group`) to the lookup path from the model to its village,
    as for villages.queries.scoped, or override `scope()`. Foreign-key choices are limited to
    what the related model's own scoped admin shows (nothing, if it has none). Leadership and
    members never add, change or delete; `town_office_only` keeps writes to the town office;
    deleting is off unless `allow_delete` (records about people are deactivated instead).
    """

    scope_village: str = "village"
    scope_group: str | None = None
    town_office_only: bool = False
    allow_delete: bool = False

    class Media:
        css = {"all": ["villages/admin.css"]}

    def scope(self, queryset: QuerySet, request) -> QuerySet:
        if request.user.is_superuser:
            return queryset
        return scoped(queryset, request.user, village=self.scope_village, group=self.scope_group)

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), request)

    def may_write(self, request) -> bool:
        user = request.user
        return user.is_superuser or (is_town_office(user) if self.town_office_only else may_change(user))

    def has_add_permission(self, request, *args):
        return self.may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self.may_write(request) and super().has_delete_permission(request, obj)

    def choices_for(self, model, request) -> QuerySet:
        if model is Town:
            return towns_for(request.user)
        if model is User:
            return users_for(request.user)
        related = self.admin_site._registry.get(model)
        if isinstance(related, ScopedAdminMixin):
            return related.get_queryset(request)
        return model._default_manager.none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and "queryset" not in kwargs:
            kwargs["queryset"] = self.choices_for(db_field.related_model, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser and "queryset" not in kwargs:
            kwargs["queryset"] = self.choices_for(db_field.related_model, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # A page or API client holding the old version is refused after an edit here.
        if change and any(field.name == "version" for field in obj._meta.concrete_fields):
            obj.version += 1
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for record in formset.save(commit=False):
            if record.pk and any(field.name == "version" for field in record._meta.concrete_fields):
                record.version += 1
            record._history_user = request.user
            record.save()
        formset.save_m2m()

    # simple_history's views look records up unscoped (and fall back to their last history row):
    # another jurisdiction's record answers 404 here as everywhere, and reverting needs change rights.
    def _in_scope(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._in_scope(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyMixin(ScopedAdminMixin):
    """A scoped admin nobody adds to or changes, superusers included: the records are written only
    through their app's pages and API, whose actions keep their rules; the admin looks them up."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
