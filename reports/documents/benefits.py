"""The benefits engine's printed documents: a village's payout signature sheets and its public board.

The contexts come from incentives.queries.documents, read as the person who asked; the templates
(templates/pdf/incentives/) print inside pdf/base.html. The signature sheet names the recipients in
full, so only the town office and the village's specialist print it; the board masks names, shows
policies that rest on sensitive data only as counts, and suppresses counts below five.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from incentives.queries.documents import DocumentRefused, recipients_board, sheet_access, signature_sheets
from reports.documents.base import DocumentError, Renderer, period_label, this_year
from reports.rendering import Part
from villages.periods import Period
from villages.privacy import log_access


def sheets_title(scope_name: str, period: str) -> str:
    return _("%(scope)s benefit payout signature sheets (%(period)s)") % {
        "scope": scope_name, "period": period_label(period)}


def board_title(scope_name: str, period: str) -> str:
    return _("%(scope)s public notice of benefit recipients (%(period)s)") % {
        "scope": scope_name, "period": period_label(period)}


def check(*, town, village, period: str) -> None:
    if village is None:
        raise ValidationError({"village": _("Benefit documents are printed for one village.")})
    Period.parse(period)


def sheets_parts(document, user) -> list[Part]:
    """One part per cycle, each a signature sheet of its own."""
    try:
        sheets = signature_sheets(user, village_id=document.village_id, period=document.period)
    except DocumentRefused as refusal:
        raise DocumentError(str(refusal)) from None
    for access in filter(None, map(sheet_access, sheets)):
        log_access(user=user, **access)
    if not sheets:
        raise DocumentError(_("No approved benefit for this village falls in the period."))
    return [Part("pdf/incentives/signature_sheet.html", {"document": document, "sheet": sheet}) for sheet in sheets]


def board_parts(document, user) -> list[Part]:
    try:
        board = recipients_board(user, village_id=document.village_id, period=document.period)
    except DocumentRefused as refusal:
        raise DocumentError(str(refusal)) from None
    return [Part("pdf/incentives/recipients_board.html", {"document": document, "board": board})]


SIGNATURE_SHEETS = Renderer(
    kind="payout_sheet",
    template_version="payout-sheet/1",
    title=sheets_title,
    parts=sheets_parts,
    default_period=this_year,
    town_level=False,
    check=check,
)

RECIPIENTS_BOARD = Renderer(
    kind="benefit_board",
    template_version="benefit-board/1",
    title=board_title,
    parts=board_parts,
    default_period=this_year,
    is_public=True,
    town_level=False,
    check=check,
)
