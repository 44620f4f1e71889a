"""The demo association on a small town: the same plan as the demo town's 462 members in 469 groups."""

import datetime

import pytest

from association.models import (
    AssociationMember,
    AssociationYearRules,
    Award,
    ContactAssignment,
    EvaluationCriterion,
    EvaluationScore,
    FeedbackNote,
    Meeting,
    MeetingAttendance,
    MemberEvaluation,
    MemberReview,
    MonthlyFeedback,
)
from demo import association as association_demo
from members.models import Household, Person
from villages.models import VillagerGroup

VILLAGES = ["大旗村", "荀子村", "永中村", "前塘村", "红山村", "店前村"]


@pytest.fixture
def small_town(town):
    from tests.factories import make_group, make_village

    households, people, number = [], [], 0
    for index, name in enumerate(VILLAGES):
        village = make_village(town=town, name=name, number=201 + index)
        for group_number in range(1, 8):
            group = make_group(village=village, number=group_number)
            for _ in range(2):
                number += 1
                households.append(Household(town=town, village=village, group=group, number=f"D{number:05d}",
                                            registered_on=datetime.date(2022, 1, 1)))
    Household.objects.bulk_create(households)
    for household in households:
        for sex, born in (("M", datetime.date(1975, 5, 1)), ("F", datetime.date(1978, 8, 1))):
            people.append(Person(town=town, household=household, name=f"村民{household.number[-3:]}{sex}", sex=sex,
                                 birth_date=born, relation="01" if sex == "M" else "10"))
    Person.objects.bulk_create(people)
    return town


def fingerprint() -> list[tuple]:
    return list(AssociationMember.objects.order_by("group__village__code", "group__number", "joined_on")
                .values_list("name", "role", "joined_on", "left_on", "group__number"))


def test_demo_gives_every_group_but_seven_a_member_who_serves_its_households(small_town):
    written = association_demo.build(small_town)

    groups = VillagerGroup.objects.filter(village__town=small_town)
    current = AssociationMember.objects.current()
    assert written > 0
    assert current.count() == groups.count() - 7 == 35
    empty = groups.exclude(pk__in=current.values("group"))
    assert sorted(g.number for g in empty.filter(village__name="大旗村")) == [6, 7]
    assert empty.exclude(village__name="大旗村").values("village").distinct().count() == 5
    served = Household.objects.filter(pk__in=ContactAssignment.objects.current().values("household"))
    assert served.count() == Household.objects.exclude(group__in=empty).count()
    assert not ContactAssignment.objects.current().exclude(member__group=models_f("household__group")).exists()


def models_f(path):
    from django.db.models import F

    return F(path)


def test_demo_year_of_feedback_meetings_and_evaluations(small_town):
    association_demo.build(small_town)

    reports = list(MonthlyFeedback.objects.all())
    late = sum(r.is_late for r in reports)
    assert reports and 0 < late < len(reports) / 3
    assert all(r.month.year == association_demo.DEMO_YEAR for r in reports)
    assert Meeting.objects.count() == 4 * len(VILLAGES)
    assert not MeetingAttendance.objects.filter(member__joined_on__gt=models_f("meeting__held_on")).exists()
    assert MemberEvaluation.objects.count() == AssociationMember.objects.current().count()
    assert EvaluationCriterion.objects.count() == 5
    assert not Award.objects.exclude(evaluation__grade="excellent").exists()
    assert AssociationYearRules.objects.get().feedback_due_day == association_demo.DUE_DAY


def test_demo_is_idempotent_and_deterministic(small_town):
    association_demo.build(small_town)
    first = fingerprint()
    assert association_demo.build(small_town) == 0
    assert fingerprint() == first

    for model in (Award, EvaluationScore, MemberEvaluation, EvaluationCriterion, MeetingAttendance, Meeting,
                  FeedbackNote, MonthlyFeedback, ContactAssignment, MemberReview, AssociationMember,
                  AssociationYearRules):
        model.objects.all().delete()
    association_demo.build(small_town)
    assert fingerprint() == first
