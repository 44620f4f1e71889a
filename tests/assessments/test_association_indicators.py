import datetime
from decimal import Decimal

import pytest

from assessments.models import PeriodCode
from assessments.queries.indicators import read_one, read_town
from tests.factories.association import make_card, make_member, submit
from villages.models import Village

pytestmark = pytest.mark.django_db

Q1 = PeriodCode.Q1.in_year(2025)


def test_feedback_on_time_counts_reports_by_their_due_day_against_members_on_the_roll(village):
    # given two members through the quarter: one reports every month on time, the other once late
    steady, slack = make_member(village=village), make_member(village=village)
    for month in (1, 2, 3):
        submit(steady, datetime.date(2025, month, 1), received_on=datetime.date(2025, month + 1, 2))
    submit(slack, datetime.date(2025, 1, 1), received_on=datetime.date(2025, 3, 20))

    reading = read_one("feedback_on_time", village, Q1)

    assert reading.figure == Decimal("0.5000")
    assert reading.shown == "50.0%"
    assert "3" in reading.records and "6" in reading.records


def test_contact_coverage_reads_the_cards_as_they_stood_at_the_end_of_the_period(village):
    member = make_member(village=village)
    make_card(member, 3, served_from=datetime.date(2025, 1, 1))
    late_member = make_member(village=village)
    make_card(late_member, 1, served_from=datetime.date(2025, 4, 2))

    reading = read_one("contact_coverage", village, Q1)

    assert reading.figure == Decimal("0.7500")
    assert reading.shown == "75.0%"


def test_association_indicators_read_the_whole_town_in_a_fixed_number_of_queries(
    village, other_village, django_assert_max_num_queries
):
    for place in (village, other_village):
        make_card(make_member(village=place), 2, served_from=datetime.date(2025, 1, 1))

    with django_assert_max_num_queries(6):
        coverage = read_town("contact_coverage", Village.objects.all(), Q1)
        feedback = read_town("feedback_on_time", Village.objects.all(), Q1)

    assert set(coverage) == set(feedback) == {village.pk, other_village.pk}
    assert all(reading.figure == 1 for reading in coverage.values())
