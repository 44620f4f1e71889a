"""The base of every admin in the house: only the user's jurisdiction, writes by those who may change.

Other apps' admins inherit `ScopedAdminMixin` as villages' own do, so the admin answers like the
pages: another jurisdiction's record is not found, and its choices offer only what may be seen.
`ReadOnlyMixin` is the same for records written only through their app's actions.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from villages.models import Town, User
from villages.queries import scoped, towns_for, users_for
from villages.roles import is_town_office, may_change


class ScopedAdminMixin:
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
