"""What both evaluators agree on: who a household's parents and children are, and age bounds."""

import datetime

from members.ages import years_before
from members.models import Person
from members.models.codes import CHILD_RELATIONS, HEAD_RELATIONS, SPOUSE_RELATIONS

PARENT_RELATIONS = frozenset(HEAD_RELATIONS | SPOUSE_RELATIONS)
# A parent who moved out of the town, or was removed as a mistake, is no longer the household's parent.
PARENT_STATUSES = (Person.Status.ACTIVE, Person.Status.DECEASED)
CHILD_RELATION_CODES = frozenset(CHILD_RELATIONS)


def age_bounds(minimum: int | None, maximum: int | None, on: datetime.date):
    """(born_on_or_before, born_after): aged at least `minimum` and at most `maximum` on the day `on`."""
    born_on_or_before = years_before(on, minimum) if minimum is not None else None
    born_after = years_before(on, maximum + 1) if maximum is not None else None
    return born_on_or_before, born_after


def age_on(born: datetime.date, day: datetime.date) -> int:
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years
