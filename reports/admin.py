from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from reports.actions import retry_document
from reports.models import Document, DocumentBatch, DocumentNumber, IssuingUnit
from reports.queries import batches_for, documents_for
from villages.queries import towns_for
from villages.scoped_admin import ScopedAdminMixin


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are asked for on the app's pages and built by the pipeline."""

    list_display = ["title", "kind", "town", "village", "period", "status", "progress", "attempts", "requested_by",
                    "requested_at", "finished_at"]
    list_filter = ["kind", "status", "town"]
    search_fields = ["title", "verification_code", "sha256"]
    list_select_related = ["town", "village", "requested_by"]
    date_hierarchy = "requested_at"
    actions = ["build_again"]

    def get_queryset(self, request):
        return documents_for(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Build the selected failed or stuck documents again"))
    def build_again(self, request, queryset):
        built = 0
        for document in queryset:
            try:
                retry_document(document=document, by=request.user)
                built += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{document}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.WARNING)
        self.message_user(request, _("%(count)d documents queued again.") % {"count": built})


@admin.register(DocumentBatch)
class DocumentBatchAdmin(admin.ModelAdmin):
    """Read-only: a batch is asked for on the app's pages and followed there."""

    list_display = ["title", "kind", "town", "period", "requested_by", "requested_at"]
    list_filter = ["kind", "town"]
    search_fields = ["title"]
    list_select_related = ["town", "requested_by"]
    date_hierarchy = "requested_at"

    def get_queryset(self, request):
        return batches_for(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuingUnit)
class IssuingUnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The town office names its issuing unit and the prefix of its document numbers (文号)."""

    town_office_only = True
    list_display = ["name", "number_prefix", "town"]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.filter(town__in=towns_for(request.user))


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: numbers are given by the pipeline when a numbered document is first built."""

    list_display = ["__str__", "kind", "village", "period", "assigned_at"]
    list_filter = ["year", "kind"]
    list_select_related = ["village"]

    def scope(self, queryset, request):
        return queryset if request.user.is_superuser else queryset.filter(town__in=towns_for(request.user))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
