"""The registry as of a date, for the catalogue's figures: who was registered, married, born, on a day.

Each function is a pure function of a town and a date (or a period) and returns a plain dict of
counts keyed by `(village_id, group_id)`, followed by the breakdowns asked for; a few queries
whatever the size of the town. They read effective-dated records only — the ledger of vital
events and its dates, the marital status each event says, the household's registration dates —
never the state of a person or household today. They are not scoped to a user: scoping (and
suppressing small counts) is the caller's business.

- In the register on a day: the person's ledger rows recorded up to that day add up to one
  (members.models.VitalEvent), read from the span of the latest of them (VitalEvent.superseded_on). A
  voided event stays in the ledger and its compensating row counts from the day it was recorded, so a
  past day's figures never move.
- In a village and group on a day: those of the household of the person's latest ledger row
  recorded up to that day (a move between households writes one).
- Married on a day: the latest event that says a marital status (an entry into the register, a
  marriage, a divorce — for both partners), happening on or before that day and not voided. On
  the same day an entry counts before a marriage or divorce. A `REGISTERED` row is dated the day
  someone was written into the register, not a day anything happened: the status it says counts
  before every dated event (a marriage recorded later with an earlier date still counts).
"""

import datetime

from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When

from members.ages import born_between_for_ages, years_before
from members.models import Household, Person, VitalEvent
from members.models.codes import MARRIED_STATUSES

Kind = VitalEvent.Kind
# Age bands on the day: (label, youngest, oldest or None for no limit).
AGE_BANDS = (("0-14", 0, 14), ("15-49", 15, 49), ("50-64", 50, 64), ("65+", 65, None))
PEOPLE_BREAKDOWNS = ("sex", "age_band")


def registered_people(town_id: int, on: datetime.date, *, by: tuple[str, ...] = ()) -> dict[tuple, int]:
    """People in the register on `on`, by (village_id, group_id) and then `by` ("sex", "age_band")."""
    unknown = set(by) - set(PEOPLE_BREAKDOWNS)
    if unknown:
        raise ValueError(f"no breakdown by {sorted(unknown)}")
    people = in_register(town_id, on).annotate(age_band=age_band(on))
    return _counts(people, ["village_on", "group_on", *by])


def married_women_of_childbearing_age(town_id: int, on: datetime.date) -> dict[tuple, int]:
    """Women in the register on `on`, aged 15–49 that day, whose marital status that day is married."""
    return _counts(married_women_on(town_id, on), ["village_on", "group_on"])


def births(town_id: int, start: datetime.date, end: datetime.date, *,
           by: tuple[str, ...] = ("birth_order",)) -> dict[tuple, int]:
    """Births that happened start..end (inclusive), not voided, by (village_id, group_id, birth order).

    The village and group are those of the household the child was born into; the order is the one
    recorded on the birth. A birth recorded late counts in the period it happened.
    """
    unknown = set(by) - {"birth_order", "sex"}
    if unknown:
        raise ValueError(f"no breakdown by {sorted(unknown)}")
    rows = VitalEvent.objects.filter(village__town_id=town_id, kind=Kind.BIRTH, occurred_on__gte=start,
                                     occurred_on__lte=end, voided_on__isnull=True)
    rows = rows.annotate(group_on=F("household__group_id"), sex=F("person__sex"))
    return _counts(rows, ["village_id", "group_on", *by])


def households(town_id: int, on: datetime.date) -> dict[tuple, int]:
    """Households registered on `on`: registered by then, and still active or left only after it."""
    rows = Household.objects.filter(town_id=town_id, registered_on__lte=on).filter(
        Q(status=Household.Status.ACTIVE) | Q(status_changed_on__gt=on))
    return _counts(rows, ["village_id", "group_id"])


# --- The parts: usable on their own by figures that need the records behind a count ----------------------

def in_register(town_id: int, on: datetime.date) -> QuerySet[Person]:
    """The people in the register on `on`, each with `village_on` and `group_on`.

    The person's latest ledger row up to that day is the one whose span holds the day (VitalEvent.superseded_on);
    it places them, and their total after it says whether they are in the register. The town's households'
    rows joined to the town's people, not one lookup per person in the whole registry.
    """
    span = (Q(events__household__town_id=town_id, events__recorded_on__lte=on, events__total_after__gt=0)
            & (Q(events__superseded_on__isnull=True) | Q(events__superseded_on__gt=on)))
    # One filter() call: the conditions hold on one row, and the annotations below read that same row. Spans of a
    # person's rows do not overlap, so no one is counted twice. The row's household and the person are the
    # town's (a person moves between households of their own town only): both are read by their town's index,
    # whatever the size of the registry around it.
    return (Person.objects.filter(span, town_id=town_id)
            .annotate(village_on=F("events__village_id"), group_on=F("events__household__group_id")))


def married_women_on(town_id: int, on: datetime.date) -> QuerySet[Person]:
    """The married women of childbearing age on `on` (see `married_women_of_childbearing_age`), each with
    `village_on` and `group_on`: the people behind the count, e.g. a health campaign's target group."""
    born_after, born_by = born_between_for_ages(on, 15, 49)
    return (in_register(town_id, on)
            .filter(sex=Person.Sex.FEMALE, birth_date__gt=born_after, birth_date__lte=born_by)
            .annotate(marital_on=marital_status_on(on)).filter(marital_on__in=MARRIED_STATUSES))


def marital_status_on(on: datetime.date) -> Subquery:
    """The person's marital status on `on`, from the latest event that says one (for annotating people)."""
    says = Q(person=OuterRef("pk")) | Q(other_person=OuterRef("pk"), kind__in=[Kind.MARRIAGE, Kind.DIVORCE])
    dated = Case(When(kind=Kind.REGISTERED, then=Value(0)), default=Value(1))
    same_day_after_entry = Case(When(kind__in=[Kind.MARRIAGE, Kind.DIVORCE], then=Value(1)), default=Value(0))
    rows = (VitalEvent.objects.filter(says, occurred_on__lte=on, voided_on__isnull=True).exclude(marital_status="")
            .order_by(dated.desc(), "-occurred_on", same_day_after_entry.desc(), "-pk"))
    return Subquery(rows.values("marital_status")[:1], output_field=CharField())


def age_band(on: datetime.date) -> Case:
    """The age band (AGE_BANDS) of a person on `on`, from the birth date."""
    whens = []
    for label, youngest, oldest in AGE_BANDS:
        if oldest is None:
            whens.append(When(birth_date__lte=years_before(on, youngest), then=Value(label)))
        else:
            born_after, born_by = born_between_for_ages(on, youngest, oldest)
            whens.append(When(birth_date__gt=born_after, birth_date__lte=born_by, then=Value(label)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _counts(rows: QuerySet, keys: list[str]) -> dict[tuple, int]:
    counted = rows.order_by().values(*keys).annotate(n=Count("pk")).values_list(*keys, "n")
    return {tuple(row[:-1]): row[-1] for row in counted}
