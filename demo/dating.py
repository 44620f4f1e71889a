"""Dating the demo's workflow records: the days things happened in the demo year, not the day it was loaded.

The actions stamp what they write with the moment they run (`auto_now_add`, `timezone.now()`, the
history rows of simple-history). The demo town's story happens in its year, so each builder moves
those stamps, set-based, onto days consistent with the records they belong to: a payment recorded on
the day it was paid, an assessment published after it was reviewed, a history row dated when the
change it keeps was made.
"""

import datetime

from django.db.models import Case, DateTimeField, When
from django.db.models.functions import Cast
from django.utils import timezone


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """Ten o'clock (or `hour`) on `day`, in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def day_of(field: str) -> Cast:
    """The start of the day held in the date field `field`, as a moment (to date a stamp from its record)."""
    return Cast(field, DateTimeField())


def by_value(field: str, moments: dict, default) -> Case:
    """A moment chosen by the value of `field` (a status, an action): {value: moment}, else `default`."""
    return Case(*[When(**{field: value}, then=moment) for value, moment in moments.items()],
                default=default, output_field=DateTimeField())


def date_history(model, moment, **lookup) -> int:
    """Date the history rows of `model` (all, or those matching `lookup`) to `moment` (a datetime or an
    expression over the history row's own fields)."""
    return model.history.filter(**lookup).update(history_date=moment)
