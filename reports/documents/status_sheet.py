"""The self-government status sheet: one village, or the whole town with a summary first.

The parts come from villages.documents.status_sheet_context, read as the person who asked.
"""

from django.utils.translation import gettext_lazy as _

from reports.documents.base import Renderer, this_year
from villages.documents import status_sheet_context

RENDERER = Renderer(
    kind="status_sheet",
    template_version="status-sheet/1",
    title_format=_("%(scope)s self-government status sheet (%(period)s)"),
    template="pdf/status_sheet_village.html",
    town_template="pdf/status_sheet_town.html",
    context=status_sheet_context,
    default_period=this_year,
)
