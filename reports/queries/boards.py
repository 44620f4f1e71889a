"""Village affairs disclosure boards: the scoped reads of boards and objections.

`boards_for`, `objections_for` and the worklist's `boards_ending` and `objections_due` read within the user's
jurisdiction; objections (a villager's name and contact) only for the town office and the village's specialist.
What a board prints is reports.documents.boards.
"""

import datetime

from django.db.models import QuerySet
from django.http import Http404

from reports.models.boards import BoardObjection, BoardPublication
from villages.models import Village
from villages.queries import NOTHING, jurisdiction_filter
from villages.roles import may_change

# --- Scoped reads ---------------------------------------------------------------------------------------------

def boards_for(user) -> QuerySet[BoardPublication]:
    """The board versions of the villages in the user's jurisdiction (a board is public once published; the
    pages that list drafts are for those who make them)."""
    rows = BoardPublication.objects.select_related("document", "village", "town", "superseded_by", "corrects",
                                                   "document__number")
    return rows.filter(jurisdiction_filter(user, village="village"))


def board_for_user(user, pk: int) -> BoardPublication:
    try:
        return boards_for(user).get(pk=pk)
    except BoardPublication.DoesNotExist:
        raise Http404 from None


def board_by_document(document) -> BoardPublication | None:
    """The public verification page's lookup: no scoping; the caller shows only the public content."""
    return (BoardPublication.objects.select_related("superseded_by", "village")
            .filter(document_id=document.pk).first())


def latest_version(village: Village, period: str) -> BoardPublication | None:
    return BoardPublication.objects.filter(village=village, period=period).order_by("-version").first()


def objections_for(user) -> QuerySet[BoardObjection]:
    """Objections name a villager: only the town office and the village's specialist read them."""
    if not may_change(user):
        return BoardObjection.objects.none()
    filter_ = jurisdiction_filter(user, village="village")
    if filter_ == NOTHING:
        return BoardObjection.objects.none()
    return BoardObjection.objects.select_related("board__village", "board__document", "village", "correction",
                                                 "recorded_by").filter(filter_)


def objection_for_user(user, pk: int) -> BoardObjection:
    try:
        return objections_for(user).get(pk=pk)
    except BoardObjection.DoesNotExist:
        raise Http404 from None


# --- For the worklist -----------------------------------------------------------------------------------------

def boards_ending(user, *, today: datetime.date, within_days: int = 7) -> QuerySet[BoardPublication]:
    """Published boards whose window ends from today to `within_days` days on, the soonest first."""
    last = today + datetime.timedelta(days=within_days)
    return (boards_for(user).filter(state=BoardPublication.State.PUBLISHED, published_until__range=(today, last))
            .order_by("published_until", "village__code"))


def objections_due(user, *, today: datetime.date, within_days: int = 3) -> QuerySet[BoardObjection]:
    """Objections not yet answered whose deadline is past or falls within `within_days` days, the oldest first."""
    last = today + datetime.timedelta(days=within_days)
    return objections_for(user).open().filter(respond_by__lte=last).order_by("respond_by", "pk")


def overdue_objections(user, *, today: datetime.date) -> QuerySet[BoardObjection]:
    return objections_for(user).overdue(today).order_by("respond_by", "pk")
