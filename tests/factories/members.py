"""Builders for households, people and events. Identity numbers are fictitious (region 999999)."""

import datetime
from itertools import count

from members import actions
from members.identity import fictitious_id_number
from members.models import Household, MaritalStatus, Person, Relation
from tests.factories import make_group, make_village

_sequence = count(1)


def id_number(born: datetime.date, sex: str) -> str:
    return fictitious_id_number(born, sex, next(_sequence))


# Born on or after this day, someone is entered unmarried unless a test says otherwise: children cannot be
# recorded as married (members.rules.validation.ever_married_age). A fixed day, so no default changes with time.
SINGLE_BY_DEFAULT_FROM = datetime.date(2000, 1, 1)


def person_fields(*, name="王强", sex="M", born=datetime.date(1985, 3, 1), relation=Relation.HEAD,
                  marital_status=None, with_id=True, **extra) -> dict:
    if marital_status is None:
        marital_status = MaritalStatus.SINGLE if born >= SINGLE_BY_DEFAULT_FROM else MaritalStatus.FIRST_MARRIAGE
    fields = {"name": name, "sex": sex, "birth_date": born, "relation": relation, "marital_status": marital_status}
    if with_id:
        fields["id_number"] = id_number(born, sex)
    return {**fields, **extra}


def make_household(*, village=None, group=None, number=None, people=None, by=None, **extra) -> Household:
    """A household; by default a married couple (王强 and 李芳) with no children."""
    group = group or make_group(village=village or make_village(), number=next(_sequence) + 100)
    people = people if people is not None else [
        person_fields(),
        person_fields(name="李芳", sex="F", born=datetime.date(1988, 6, 15), relation=Relation.WIFE),
    ]
    return actions.create_household(
        village=group.village, group=group, number=number or f"H{next(_sequence):05d}", people=people, by=by,
        registered_on=extra.pop("registered_on", datetime.date(2020, 1, 1)), **extra)


def head(household: Household) -> Person:
    return household.people.get(relation__in=[Relation.HEAD, Relation.SELF])


def wife(household: Household) -> Person:
    return household.people.get(relation=Relation.WIFE)
