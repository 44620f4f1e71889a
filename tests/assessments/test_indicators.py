import datetime
from decimal import Decimal

import pytest

from assessments.models import PeriodCode
from assessments.queries import indicators
from assessments.queries.indicators import read_one, read_town
from villages.models import Appointment, Position, Village

SPAN = PeriodCode.Q2.in_year(2025)


def test_period_spans_cover_the_quarter_and_the_year():
    assert (SPAN.starts_on, SPAN.ends_on) == (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert PeriodCode.YEAR.in_year(2025).ends_on == datetime.date(2025, 12, 31)


def test_declared_and_regulations_count_only_up_to_the_end_of_the_period(village):
    village.self_government_declared_on = datetime.date(2025, 3, 1)
    village.regulations_adopted_on = datetime.date(2025, 8, 1)
    village.save()
    assert read_one("self_government_declared", village, SPAN).figure == 1
    reading = read_one("regulations_adopted", village, SPAN)
    assert reading.figure == 0
    assert "2025-06-30" in reading.records


def _post(village, kind, **appointment):
    position = Position.objects.create(village=village, kind=kind)
    if appointment:
        Appointment.objects.create(position=position, holder_name="张三", **appointment)


def test_team_complete_is_the_share_of_posts_held(village):
    _post(village, Position.Kind.PARTY_SECRETARY, started_on=datetime.date(2020, 1, 1))
    _post(village, Position.Kind.SPECIALIST)
    reading = read_one("team_complete", village, SPAN)
    assert reading.figure == Decimal("0.5")
    assert reading.points(Decimal(8)) == Decimal(4)


def test_dismissal_in_the_period_is_named_in_the_records(village):
    _post(village, Position.Kind.SPECIALIST, started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2025, 5, 2),
          end_reason=Appointment.EndReason.DISMISSAL, end_note="失职")
    reading = read_one("no_dismissals", village, SPAN)
    assert reading.figure == 0
    assert "张三" in reading.records


def test_whole_town_reading_uses_a_fixed_number_of_queries(town, village, other_village, django_assert_max_num_queries):
    villages = Village.objects.filter(town=town)
    for key in indicators.REGISTRY:
        # Those reading the catalogue add its own: whether the period is closed, the groups, the figure.
        with django_assert_max_num_queries(5):
            readings = read_town(key, villages, SPAN)
        assert set(readings) == {village.pk, other_village.pk}


def test_a_new_indicator_is_one_registered_function():
    @indicators.indicator("test_constant", "constant")
    def constant(villages, span):
        return {pk: indicators.Reading(Decimal(1), "1", "") for pk in villages.values_list("pk", flat=True)}

    try:
        assert indicators.REGISTRY["test_constant"].read is constant
        with pytest.raises(ValueError):
            indicators.indicator("test_constant", "again")(constant)
    finally:
        del indicators.REGISTRY["test_constant"]
