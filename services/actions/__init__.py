"""Every write of the services with a meaning: one function each, in a transaction, checking who may.

Every dated write asks `villages.closing.require_open` first: a date in a period the town office has
closed needs a `correction_reason`."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.closing import require_open
from villages.models import Town, User, Village
from villages.roles import require_may_change, require_town_office


def require_writer(by: User | None, town: Town, village: Village | None) -> None:
    """The town's own records: the town office; a village's: its specialist or the town office."""
    if village is None:
        require_town_office(by, town.pk)
        return
    if village.town_id != town.pk:
        raise ValidationError({"village": _("This village is not in the town.")})
    require_may_change(by, village)


def require_open_dates(*, town: Town, dates, reason: str, by: User | None, what: str, record=None,
                       village: Village | None = None) -> None:
    """`require_open` for each distinct date a change touches (the old and the new one when a date moves)."""
    for day in sorted({d for d in dates if d is not None}):
        require_open(town_id=town.pk, on=day, reason=reason, by=by, what=what, record=record,
                     village_id=village.pk if village is not None else None)


def not_future(day: datetime.date | None, field: str) -> None:
    """A date in the future is refused on `field`: what the services record has happened."""
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("A date in the future cannot be recorded yet.")})
