"""The catalogue mechanism: adding up to groups, villages and the town, indicators, snapshots, closing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from villages import catalogue, closing
from villages.catalogue import GROUP, TOWN, VILLAGE, Figure
from villages.models import Correction, Designation, FigureValue, PeriodClosing
from villages.periods import Period

YEAR = Period.parse("2025")


@pytest.fixture
def figures():
    """Two test figures and an indicator, registered for the test only."""
    rows = {}

    def count(town_id, period):
        return rows.get(str(period), [])

    added = [
        catalogue.register(Figure(code="test.count", name="count", definition="d", unit="u", compute=count,
                                  breakdowns=(catalogue.SEX,))),
        catalogue.register(Figure(code="test.whole", name="whole", definition="d", unit="u",
                                  compute=lambda town_id, period: rows.get("whole", []))),
        catalogue.register(Figure(code="test.share", name="share", definition="d", unit="%",
                                  numerator="test.count", denominator="test.whole", decimals=1)),
    ]
    yield rows
    for figure in added:
        catalogue._REGISTRY.pop(figure.code)


def test_a_figure_has_either_a_computation_or_a_formula():
    with pytest.raises(ValueError):
        Figure(code="x.y", name="n", definition="d", unit="u")


def test_counts_add_up_to_groups_villages_and_the_town_with_categories(town, village, other_village, figures):
    first = factories.make_group(village=village, number=1)
    second = factories.make_group(village=village, number=2)
    elsewhere = factories.make_group(village=other_village, number=1)
    figures["2025"] = [(None, first.pk, {"sex": "F"}, 3), (village.pk, second.pk, {"sex": "M"}, 4),
                       (other_village.pk, elsewhere.pk, {"sex": "F"}, 5)]
    figures["whole"] = [(village.pk, None, None, 10), (other_village.pk, None, None, 20)]
    found = catalogue.compute(town.pk, YEAR, ["test.count", "test.share"])
    assert found.get("test.count") == 12
    assert found.get("test.count", VILLAGE, village.pk) == 7
    assert found.get("test.count", GROUP, first.pk) == 3
    assert found.get("test.count", VILLAGE, village.pk, "sex:F") == 3
    assert found.breakdown("test.count", catalogue.SEX) == {"M": 4, "F": 8}
    assert found.get("test.share") == Decimal("40.0")
    assert found.get("test.share", VILLAGE, other_village.pk) == Decimal("25.0")
    assert "test.whole" not in {key[0] for key in found.data}  # asked only through the indicator
    assert found.get("test.count", VILLAGE, 999999) == 0
    assert found.units("test.count", VILLAGE) == {village.pk: 7, other_village.pk: 5}


def test_an_indicator_over_nothing_is_undefined_not_zero(town, village, figures):
    figures["whole"] = [(village.pk, None, None, 0)]
    assert catalogue.compute(town.pk, YEAR, ["test.share"]).get("test.share") is None


def test_small_counts_are_hidden_from_aggregate_readers_below_the_town(figures):
    figure = catalogue.get("test.count")
    assert catalogue.shown(figure, 3, aggregate_only=True, level=VILLAGE) is None
    assert catalogue.shown(figure, 3, aggregate_only=True, level=TOWN) == 3
    assert catalogue.shown(figure, 3, aggregate_only=False, level=VILLAGE) == 3
    assert catalogue.shown(figure, 0, aggregate_only=True, level=VILLAGE) == 0


def test_closing_freezes_the_figures_and_a_later_change_does_not_move_them(town, village, town_office, figures):
    figures["2025"] = [(village.pk, None, {"sex": "F"}, 3)]
    first = closing.close(town=town, period=YEAR, by=town_office, note="approved")
    assert first.version == 1 and first.values_count == FigureValue.objects.filter(closing=first).count() > 0
    figures["2025"] = [(village.pk, None, {"sex": "F"}, 5)]
    stored = catalogue.values(town.pk, YEAR, ["test.count"])
    assert stored.is_closed and stored.closing == first
    assert stored.get("test.count", VILLAGE, village.pk) == 3
    assert catalogue.values(town.pk, YEAR, ["test.count"], live=True).get("test.count") == 5
    changes = closing.changes_since_closing(first)
    mine = {(c["level"], c["before"], c["after"]) for c in changes if c["figure"].code == "test.count"}
    assert mine == {(TOWN, 3, 5), (VILLAGE, 3, 5)}

    second = closing.close(town=town, period=YEAR, by=town_office)
    first.refresh_from_db()
    assert second.version == 2 and first.superseded_at is not None
    assert catalogue.values(town.pk, YEAR, ["test.count"]).get("test.count") == 5
    assert catalogue.snapshot(first, ["test.count"]).get("test.count") == 3  # the old version stays readable
    assert PeriodClosing.objects.current().filter(town=town).count() == 1


def test_a_change_dated_inside_a_closed_period_needs_a_reason(town, village, town_office, specialist, figures):
    closing.close(town=town, period=YEAR, by=town_office)
    assert closing.require_open(town_id=town.pk, on=datetime.date(2026, 1, 1), by=specialist, what="x") is None
    with pytest.raises(ValidationError) as refused:
        closing.require_open(town_id=town.pk, on=datetime.date(2025, 6, 1), by=specialist, what="x", reason="  ")
    assert "correction_reason" in refused.value.message_dict
    designation = Designation.objects.create(village=village, year=2025, kind="qualified",
                                             decided_on=datetime.date(2025, 12, 1))
    made = closing.require_open(town_id=town.pk, on=datetime.date(2025, 6, 1), by=specialist, what="designation",
                                record=designation, reason="late minutes")
    assert made == Correction.objects.get()
    assert (made.village, made.record_type, made.record_id, made.closing.version) == \
        (village, "villages.designation", designation.pk, 1)
    assert list(closing.corrections_since(made.closing)) == [made]


@pytest.mark.parametrize("text", ["202507", "2026"])
def test_only_years_and_quarters_that_have_ended_can_be_closed(town, town_office, text):
    with pytest.raises(ValidationError):
        closing.close(town=town, period=Period.parse(text), by=town_office)


def test_only_the_town_office_closes(town, specialist, leader):
    for user in (specialist, leader):
        with pytest.raises(Exception):  # noqa: B017 - PermissionDenied or 404, either refuses
            closing.close(town=town, period=YEAR, by=user)
    assert not PeriodClosing.objects.exists()


def test_the_working_year_is_the_towns_or_the_latest_with_data(town, village):
    Designation.objects.create(village=village, year=2024, kind="qualified", decided_on=datetime.date(2024, 12, 1))
    assert closing.working_year(town) == 2024
    town.working_year = 2023
    assert closing.working_year(town) == 2023
    assert closing.year_choices(town)[:2] == [2024, 2023]


def test_the_api_lists_the_catalogue_and_its_values_within_the_jurisdiction(client, town, village, other_village,
                                                                            specialist, figures):
    group = factories.make_group(village=village, number=1)
    elsewhere = factories.make_group(village=other_village, number=1)
    figures["2025"] = [(village.pk, group.pk, {"sex": "F"}, 3), (other_village.pk, elsewhere.pk, {"sex": "M"}, 6)]
    client.force_login(specialist)
    listed = client.get("/api/v1/figures/").json()
    assert "test.count" in {row["code"] for row in listed}
    answer = client.get("/api/v1/figures/values/", {"period": "2025", "code": "test.count"})
    assert answer.status_code == 200 and answer.json()["closed"] is None
    units = {(row["level"], row["unit"]) for row in answer.json()["values"]}
    assert units == {(TOWN, town.pk), (VILLAGE, village.pk), (GROUP, group.pk)}  # not the other village's


def test_the_api_refuses_a_bad_period_or_an_unknown_figure_with_field_errors(client, town_office, figures):
    client.force_login(town_office)
    bad = client.get("/api/v1/figures/values/", {"period": "2025Q7"})
    assert bad.status_code == 400 and "period" in bad.json()
    unknown = client.get("/api/v1/figures/values/", {"period": "2025", "code": "no.such"})
    assert unknown.status_code == 400 and "code" in unknown.json()


def test_the_leadership_gets_small_village_counts_suppressed(client, town, village, leader, figures):
    figures["2025"] = [(village.pk, None, None, 3)]
    client.force_login(leader)
    rows = client.get("/api/v1/figures/values/", {"period": "2025", "code": "test.count"}).json()["values"]
    assert {(row["level"], row["value"]) for row in rows} == {(TOWN, 3), (VILLAGE, None)}
