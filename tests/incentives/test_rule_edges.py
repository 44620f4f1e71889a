"""Households at the edges of each rule: every entitlement, every "because"."""

import datetime
from decimal import Decimal

from incentives.rules.explain import explain
from incentives.rules.run import run
from members import actions as registry
from tests.factories.incentives import childcare_subsidy, rural_reward, special_assistance, two_daughter_pension
from tests.factories.members import head, wife
from villages.periods import Period

D = datetime.date
YEAR = Period.parse("2025")


def judged(policy, subject):
    """The explainer's answer and the set-based run's, for one subject."""
    explanation = explain(policy, subject, YEAR)
    key = subject.pk
    found = [c for c in run(policy, YEAR).candidates if c.key == key]
    return explanation, (found[0] if found else None)


def reasons(explanation) -> list[tuple[bool, str]]:
    return [(check.ok, check.because) for group in explanation.shown.groups for check in group.checks]


def test_parent_turning_60_on_the_last_day_of_the_year_is_paid_the_new_rate(town, family):
    household = family(head_born=D(1965, 12, 31), wife_born=D(1966, 1, 1), children=[("F", D(1990, 4, 1))])
    policy = rural_reward(town)

    explanation, candidate = judged(policy, head(household))

    assert explanation.eligible and candidate is not None
    assert candidate.amount == explanation.amount == Decimal("960.00")
    assert candidate.rate.valid_from == D(2024, 1, 1)
    assert reasons(explanation) == [
        (True, "王强于2025年12月31日在册"),
        (True, "王强是该户的户主"),
        (True, "王强（1965年12月31日出生）2025年12月31日时60周岁"),
        (True, "该户户口性质为农业"),
        (True, "该户自1990年4月1日起为独生子女户"),
    ]
    assert explanation.summary == ("符合条件：王强是该户的户主；王强（1965年12月31日出生）2025年12月31日时60周岁；"
                                   "该户户口性质为农业；该户自1990年4月1日起为独生子女户。")


def test_parent_turning_60_the_next_day_is_not_eligible_and_told_why(town, family):
    household = family(head_born=D(1965, 12, 31), wife_born=D(1966, 1, 1), children=[("F", D(1990, 4, 1))])
    policy = rural_reward(town)

    explanation, candidate = judged(policy, wife(household))

    assert explanation.eligible is False and candidate is None
    assert (False, "李芳（1966年1月1日出生）2025年12月31日时59周岁") in reasons(explanation)
    assert explanation.summary == "不符合条件：李芳（1966年1月1日出生）2025年12月31日时59周岁。"


def test_childcare_subsidy_stops_at_the_third_birthday_by_month(town, family):
    household = family(children=[("M", D(2022, 10, 15)), ("F", D(2022, 12, 31)), ("M", D(2025, 6, 10))],
                       names=["王强", "李芳", "王秋", "王冬", "王夏"])
    policy = childcare_subsidy(town)
    autumn, winter, summer = (household.people.get(name=n) for n in ("王秋", "王冬", "王夏"))

    paid = {c.person_id: (c.months, c.amount) for c in run(policy, YEAR).candidates}

    assert paid == {autumn.pk: (9, Decimal("2700.00")), winter.pk: (11, Decimal("3300.00")),
                    summer.pk: (12, Decimal("3600.00"))}
    explanation = explain(policy, autumn, YEAR)
    assert explanation.mask == [True] * 9 + [False] * 3
    assert explanation.shown.day == D(2025, 9, 30)
    assert (True, "王秋（2022年10月15日出生）2025年9月30日时2周岁") in reasons(explanation)
    december = explanation.days[-1]
    failing = [c.because for c in december.groups[0].checks if c.ok is False]
    assert failing == ["王秋（2022年10月15日出生）2025年12月31日时3周岁"]


def test_child_born_in_the_year_is_paid_the_whole_year(town, family):
    household = family(children=[("M", D(2025, 6, 10))], names=["王强", "李芳", "王夏"])
    policy = childcare_subsidy(town)

    explanation, candidate = judged(policy, household.people.get(name="王夏"))

    assert candidate.mask == explanation.mask == [True] * 12
    assert explanation.amount == candidate.amount == Decimal("3600.00")
    assert [d.eligible for d in explanation.days] == [False] * 5 + [True] * 7
    assert explanation.days[0].groups[0].checks[0].because == "王夏于2025年6月10日出生，晚于2025年1月31日"


def test_second_daughter_makes_a_two_daughter_household_from_her_birth(town, family, village):
    household = family(children=[("F", D(2019, 2, 1))])
    policy = two_daughter_pension(town)
    before, _ = judged(policy, household)
    assert before.eligible is False
    assert before.summary == "不符合条件：2025年12月31日时该户为独生子女户。"

    registry.record_birth(mother=wife(household), child_name="王二", sex="F", born_on=D(2025, 3, 8), by=None)

    after, candidate = judged(policy, household)
    assert after.eligible and candidate.amount == after.amount == Decimal("300.00")
    assert (True, "该户自2025年3月8日起为双女户") in reasons(after)
    parents = after.shown.groups[-1]
    assert parents.because == "王强全部符合"
    assert [c.because for c in parents.members[0].checks] == [
        "王强于2025年12月31日在册", "王强（1980年5月1日出生）2025年12月31日时45周岁"]


def test_death_of_the_only_child_starts_special_assistance_the_month_it_happened(town, family):
    household = family(head_born=D(1970, 1, 1), wife_born=D(1972, 8, 1), children=[("M", D(1996, 5, 5))])
    registry.record_death(person=household.people.get(name="王一"), died_on=D(2025, 3, 15), by=None)
    policy = special_assistance(town)

    father, candidate = judged(policy, head(household))
    mother, _ = judged(policy, wife(household))

    assert candidate.months == father.months == 10
    assert candidate.amount == father.amount == Decimal("5900.00")
    assert (True, "该户自2025年3月15日起为失独家庭") in reasons(father)
    assert father.days[1].eligible is False
    assert (False, "2025年2月28日时该户为独生子女户") in [
        (c.ok, c.because) for g in father.days[1].groups for c in g.checks]
    assert mother.months == 10 and mother.amount == Decimal("5900.00")


def test_dead_child_stops_the_childcare_subsidy_after_the_last_month_alive(town, family):
    household = family(children=[("F", D(2024, 1, 1))], names=["王强", "李芳", "王春"])
    child = household.people.get(name="王春")
    registry.record_death(person=child, died_on=D(2025, 5, 20), by=None)
    policy = childcare_subsidy(town)

    explanation, candidate = judged(policy, child)

    assert candidate.months == explanation.months == 4
    assert candidate.amount == Decimal("1200.00")
    may = explanation.days[4]
    # Both "in the register" and "alive" fail, for the same reason.
    assert [c.because for g in may.groups for c in g.checks if c.ok is False] == ["王春于2025年5月20日去世"] * 2
    assert explanation.days[4].eligible is False and explanation.summary.startswith("符合条件：")
