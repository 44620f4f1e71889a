"""The kinds registry: each Document.Kind has one renderer.

A new kind of document (quarterly assessment report, disclosure board, payout signature
sheet, member contact cards, annual summary) adds its value to `Document.Kind`, a module
here with a `RENDERER`, and its templates under templates/pdf/.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.documents import association, benefits, quarterly_assessment, status_sheet
from reports.documents.base import DocumentError, Renderer

__all__ = ["RENDERERS", "DocumentError", "Renderer", "renderer_for"]

RENDERERS: dict[str, Renderer] = {renderer.kind: renderer for renderer in (
    status_sheet.RENDERER, quarterly_assessment.RENDERER, association.CARDS, association.ROSTER,
    benefits.SIGNATURE_SHEETS, benefits.RECIPIENTS_BOARD)}


def renderer_for(kind: str) -> Renderer:
    try:
        return RENDERERS[kind]
    except KeyError:
        raise ValidationError({"kind": _("Unknown kind of document.")}) from None
