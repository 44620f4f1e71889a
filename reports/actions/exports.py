"""Asking for an export of the registry: a document built in the background (reports.documents.exports)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members import exports
from reports.actions.documents import send_on_commit
from reports.documents import renderer_for
from reports.models.documents import Document
from reports.queries.exports import export_scope
from villages.models import User
from villages.roles import may_browse_people


@transaction.atomic
def request_registry_export(*, requested_by: User, fmt: str, filters: dict) -> Document:
    """Ask for the people of the households the user may see, filtered as the household list is, as CSV or
    xlsx. The sensitive columns are in when the user sees them in every village of the export (decided now,
    and again when it is built). Asked again while the first is queued: the same document."""
    if not may_browse_people(requested_by):
        raise PermissionDenied(_("You may not export the registry."))
    if fmt not in exports.FORMATS:
        raise ValidationError({"format": _("Choose CSV or Excel (xlsx).")})
    filters = exports.clean_filters(requested_by, filters)
    sensitive = exports.may_export_sensitive(requested_by, exports.export_villages(requested_by, filters))
    kind = Document.Kind.REGISTRY_EXPORT
    renderer = renderer_for(kind)
    village = export_scope(requested_by)
    town = village.town if village else requested_by.town
    if town is None:
        raise ValidationError({"town": _("Choose the town the document is about.")})
    params = {"format": fmt, "filters": filters, "sensitive": sensitive}
    waiting = Document.objects.select_for_update().filter(
        kind=kind, requested_by=requested_by, town=town, village=village, batch=None,
        status=Document.Status.QUEUED).order_by("-pk")
    for document in waiting:
        if document.params == params:
            return document
    document = Document(kind=kind, town=town, village=village, period="", params=params,
                        requested_by=requested_by, template_version=renderer.template_version)
    with translation.override(settings.LANGUAGE_CODE):
        document.title = _("%(scope)s people list %(date)s") % {
            "scope": document.scope_name, "date": timezone.localdate().strftime("%Y%m%d")}
    document.full_clean()
    document._history_user = requested_by
    document.save()
    send_on_commit([document])
    return document
