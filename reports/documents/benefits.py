"""The benefits engine's printed documents: a village's payout signature sheets and its public board.

The parts come from incentives.queries.documents, read as the person who asked; the templates
(templates/pdf/incentives/) print inside pdf/base.html. The signature sheet names the recipients in
full, so only the town office and the village's specialist print, list and download it; printing a
sheet of a policy on sensitive data is logged, and so is every download. The board masks names,
shows policies that rest on sensitive data only as counts, and suppresses counts below five. Both are issued
by the village committee: each sheet signs off itself (its body is also shown on screen), the board is sealed.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incentives.queries.documents import benefit_board_context, check_request, payout_sheet_context, sheet_access
from reports.documents.base import VILLAGE_COMMITTEE, Renderer, this_year

BENEFIT_PERIOD = pgettext_lazy("benefit period", "Period")


def sheet_part_access(part: dict) -> dict | None:
    return sheet_access(part["sheet"])


SIGNATURE_SHEETS = Renderer(
    kind="payout_sheet",
    template_version="payout-sheet/1",
    title_format=_("%(scope)s benefit payout signature sheets (%(period)s)"),
    template="pdf/incentives/signature_sheet.html",
    context=payout_sheet_context,
    default_period=this_year,
    town_level=False,
    contains_sensitive=True,
    check=check_request,
    access=sheet_part_access,
    period_word=BENEFIT_PERIOD,
    issued_by=VILLAGE_COMMITTEE,
)

RECIPIENTS_BOARD = Renderer(
    kind="benefit_board",
    template_version="benefit-board/1",
    title_format=_("%(scope)s public notice of benefit recipients (%(period)s)"),
    template="pdf/incentives/recipients_board.html",
    context=benefit_board_context,
    default_period=this_year,
    is_public=True,
    town_level=False,
    check=check_request,
    period_word=BENEFIT_PERIOD,
    issued_by=VILLAGE_COMMITTEE,
    sealed=True,
)
