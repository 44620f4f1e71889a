"""Forecasts: from today's registry ageing forward, per village and year, with a proposed rate."""

import datetime
from decimal import Decimal

from incentives import queries
from tests.factories.incentives import make_policy, rule

D = datetime.date


def test_children_age_out_of_a_proposed_subsidy_year_by_year(town_office, town, family):
    family(children=[("M", D(2024, 7, 1))])
    policy = make_policy(town=town, rates=(), adopted_on=None, conditions=[rule("self", "age", maximum=2)])

    forecast = queries.forecast(town_office, policy, years=4, first_year=2025, amount=Decimal("1200"), unit="year")

    assert forecast.years == [2025, 2026, 2027, 2028]
    # Judged on each year's last day: the child is 3 on 31 December 2027.
    assert forecast.rows[0].cells == [(1, Decimal("1200.00")), (1, Decimal("1200.00")), (0, Decimal("0")),
                                      (0, Decimal("0"))]


def test_parents_age_into_a_reward(town_office, town, family):
    family(head_born=D(1966, 6, 1), wife_born=D(1967, 6, 1), children=[("F", D(1990, 1, 1))])
    policy = make_policy(town=town, rates=((960, "year", D(2024, 1, 1), None),),
                         conditions=[rule("self", "role", ["parent"]), rule("self", "age", minimum=60)])

    forecast = queries.forecast(town_office, policy, years=3, first_year=2025)

    assert [count for count, _amount in forecast.rows[0].cells] == [0, 1, 2]
    assert forecast.totals[-1] == (2, Decimal("1920.00"))
