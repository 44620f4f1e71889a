"""Builders for the association's members, cards, feedback, meetings and evaluations."""

import datetime
from decimal import Decimal
from itertools import count

from association.actions import members as actions
from association.actions import work
from association.models import AssociationMember, EvaluationCriterion
from members.models import Household
from tests.factories import make_group
from tests.factories.members import make_household

_sequence = count(1)

JOINED = datetime.date(2024, 1, 1)


def make_member(*, village=None, group=None, name=None, role=AssociationMember.Role.MEMBER, joined_on=JOINED,
                user=None, person=None, by=None, **extra) -> AssociationMember:
    group = group or make_group(village=village, number=next(_sequence) + 200)
    return actions.recruit_member(village=group.village, group=group, name=name or f"会员{next(_sequence)}",
                                  role=role, joined_on=joined_on, user=user, person=person, by=by, **extra)


def make_households(group, n: int, **extra) -> list[Household]:
    return [make_household(group=group, people=_one_person(), **extra) for _ in range(n)]


def _one_person() -> list[dict]:
    from tests.factories.members import person_fields

    return [person_fields(name=f"户主{next(_sequence)}")]


def make_card(member: AssociationMember, n: int = 3, *, served_from=JOINED, by=None) -> list[Household]:
    households = make_households(member.group, n)
    actions.assign_households(member=member, households=households, served_from=served_from, by=by)
    return households


def make_criteria(town, year: int, maxima=(60, 40)) -> list[EvaluationCriterion]:
    rows = [{"name": f"考评项{i + 1}", "max_score": Decimal(m), "order": i + 1} for i, m in enumerate(maxima)]
    return work.save_criteria(town=town, year=year, rows=rows, by=None)


def submit(member: AssociationMember, month: datetime.date, *, received_on=None, by=None, **extra):
    fields = {"households_contacted": 3, "changes": "本月无变化", **extra}
    return work.submit_feedback(member=member, month=month, received_on=received_on, by=by, **fields)
