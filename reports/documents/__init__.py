"""The kinds registry: each Document.Kind is registered here once, with the app that gives its data.

The document contract
---------------------
Every app that prints something exposes its documents' data from its `documents.py` (or
`queries/documents.py` in an app with a queries/ package), one function per kind, all alike:

    def <kind>_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]

- `user` is the person who asked: the function reads through the app's scoped queries as that
  person (villages.queries), so a document shows exactly what its requester may see.
- `village` is None for a document about the whole town; `period` is a villages.periods.Period.
- It returns the contexts of the document's parts, one dict per part (a one-part document returns
  a list of one): a long document is cut into parts so that its progress can be followed.
- A request out of the requester's scope (another village, the whole town for someone who reads
  one village) raises `villages.queries.OutOfScope` (an Http404: a page that calls the function
  answers 404), with or without a message; the build records it as "out of reach".
- Any other refusal (a period no document comes in, nothing to print yet) raises a ValidationError
  whose message the build records as its reason.
- It reads, it never writes: no access log. Rendering, storage and access logging stay here.

Rules the request must keep before it is queued live in the same module as `check_request(*, town,
village, period)`, raising ValidationError; the registration names it as `check`.

Adding a kind
-------------
1. Add its value to `Document.Kind` (reports.models; a migration for the choices).
2. Write `<kind>_context` in the app whose records it prints, with tests in that app's tests folder:
   the happy path, another village refused with OutOfScope, a bad period refused.
3. Write its template(s) under templates/pdf/<app>/, extending pdf/base.html (each part's context
   also holds `document`, `stamp` and `base_template`).
4. Register it in the module here named after the app: a `Renderer` with its kind, template
   version, title, template (and `town_template` for the town's opening part), default period,
   audience flags (is_public, town_level, village_level, contains_sensitive), the context
   function, and `check` or `access` when the kind needs them; then add it to RENDERERS below.
5. Test the built PDF's text in tests/reports/, and add the kind to the hostile names' fixture map
   (tests/reports/test_hostile_names.py), which fails for a kind it does not know.

A kind that is a spreadsheet rather than a PDF (reports.documents.exports) gives `export` instead of
templates: it writes its file itself, streamed, from the document's params.

The glue every kind shares (reading the context as the requester, turning OutOfScope and
ValidationError into the reason a build records, framing each part) is `Renderer.parts` in base.py;
what the access log records of sensitive parts is `Renderer.accesses`, written by the build together
with the file (reports.building).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.documents import association, benefits, boards, exports, quarterly_assessment, status_sheet, summary
from reports.documents.base import DocumentError, Renderer

__all__ = ["RENDERERS", "DocumentError", "Renderer", "renderer_for"]

RENDERERS: dict[str, Renderer] = {renderer.kind: renderer for renderer in (
    status_sheet.RENDERER, quarterly_assessment.RENDERER, association.CARDS, association.ROSTER,
    benefits.SIGNATURE_SHEETS, benefits.RECIPIENTS_BOARD, exports.REGISTRY_EXPORT, boards.DISCLOSURE_BOARD,
    summary.RENDERER)}


def renderer_for(kind: str) -> Renderer:
    try:
        return RENDERERS[kind]
    except KeyError:
        raise ValidationError({"kind": _("Unknown kind of document.")}) from None
