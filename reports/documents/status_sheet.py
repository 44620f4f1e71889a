"""The self-government status sheet: one village, or the whole town with a summary first.

The parts come from villages.documents.status_sheet_context, read as the person who asked. Issued by the
town with a document number at both levels, dated at the end of its year, signed and sealed at its end.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.documents.base import TOWN_LEVEL, VILLAGE_LEVEL, Renderer, this_year
from villages.documents import status_sheet_context

RENDERER = Renderer(
    kind="status_sheet",
    template_version="status-sheet/1",
    title_format=_("%(scope)s self-government status sheet (%(period)s)"),
    template="pdf/status_sheet_village.html",
    town_template="pdf/status_sheet_town.html",
    context=status_sheet_context,
    default_period=this_year,
    period_word=pgettext_lazy("of a document", "Year"),
    numbered=(TOWN_LEVEL, VILLAGE_LEVEL),
    signatures=("prepared", "checked"),
    sealed=True,
)
