"""Exports of the registry as documents of the pipeline: a spreadsheet (CSV or xlsx) built in the background.

The office's whole-town export took 36 s (CSV) and 47 s (xlsx) inside the request, past common proxy time
limits; it is now a Document of kind registry_export whose params hold the format, the household list's
filters and whether the sensitive columns were asked for. The build (reports.building, run by the Celery
task) reads the rows as the person who asked, through members.exports, and writes the file streamed
(a row at a time, bounded memory) into the private documents storage, reporting progress every
PROGRESS_EVERY rows. The sensitive columns are in only when the asker sees them in every village of the
export, then and when it is built; the build logs the export with its count (villages.privacy), and the
download view logs each download of an export that holds them.

An export is the asker's own: only whoever asked for it lists and downloads it (reports.queries), as long
as they still read those households, and those who no longer see sensitive data never one that has them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import exports
from reports.documents.base import DocumentError, Renderer, this_year
from villages.models import SensitiveAccess

PROGRESS_EVERY = 1000
PROGRESS_START, PROGRESS_END = 5, 95


def _no_parts(**kwargs) -> list[dict]:
    raise ValidationError(_("An export is a spreadsheet; it has no printed parts."))


def build_registry_export(document, output, on_progress=None) -> list[dict]:
    """Write the registry export into `output` as document.params say; what the access log records."""
    params = document.params or {}
    fmt = params.get("format")
    if fmt not in exports.FORMATS:
        raise DocumentError(_("Unknown export format."))
    user = document.requested_by
    try:
        export = exports.registry_export(user=user, filters=params.get("filters") or {},
                                         sensitive=bool(params.get("sensitive")))
    except ValidationError as refusal:
        raise DocumentError(" ".join(refusal.messages)) from None
    total = max(export.count, 1)

    def on_row(number: int) -> None:
        if on_progress is not None and number % PROGRESS_EVERY == 0:
            on_progress(PROGRESS_START + (PROGRESS_END - PROGRESS_START) * min(number, total) // total)

    exports.WRITERS[fmt](export.header, export.rows, output, on_row=on_row)
    if not (export.sensitive and export.count):
        return []
    village_ids = export.village_ids
    return [{"action": SensitiveAccess.Action.EXPORT,
             "village_id": next(iter(village_ids)) if len(village_ids) == 1 else None,
             "what": _("people list with identity numbers, phones and contraception (%(fmt)s)") % {"fmt": fmt},
             "record_type": "person", "record_id": None, "count": export.count}]


REGISTRY_EXPORT = Renderer(
    kind="registry_export",
    template_version="registry-export/1",
    title_format=gettext_lazy("%(scope)s people list"),
    template="",
    context=_no_parts,
    default_period=this_year,
    export=build_registry_export,
)
