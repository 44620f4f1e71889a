"""The status sheet's data (villages.documents): the town's summary, each village's sheet, read as the requester."""

import pytest

from demo import town as demo
from tests.factories.reports import make_designation, make_team
from villages.documents import status_sheet_context, status_sheet_villages, town_summary, village_sheet
from villages.models import Designation, Position, Town, User
from villages.periods import Period
from villages.queries import OutOfScope


def test_town_sheet_opens_with_the_summary_then_each_village(town_office, town, village, other_village):
    make_team(village=village)
    make_designation(village=village)

    parts = status_sheet_context(user=town_office, town=town, village=None, period=Period.parse("2025"))

    assert parts[0]["summary"]["villages"] == 2 and [s.village for s in parts[0]["sheets"]] == [village, other_village]
    assert [part["sheet"].village for part in parts[1:]] == [village, other_village]
    assert {(part["year"], part["period"]) for part in parts} == {(2025, Period.parse("2025").label)}
    assert parts[1]["sheet"].secretary.holder_name == "王喆"


def test_village_sheet_is_one_part_without_a_summary(specialist, town, village):
    [part] = status_sheet_context(user=specialist, town=town, village=village, period=Period.parse("2025"))

    assert part["sheet"].village == village and "summary" not in part


def test_sheet_of_another_village_is_out_of_scope(specialist, town, other_village):
    with pytest.raises(OutOfScope):
        status_sheet_context(user=specialist, town=town, village=other_village, period=Period.parse("2025"))


def test_town_sheet_is_out_of_scope_for_a_reader_of_one_village(specialist, town, village):
    with pytest.raises(OutOfScope):
        status_sheet_context(user=specialist, town=town, village=None, period=Period.parse("2025"))


def test_a_quarter_asks_for_the_sheet_of_its_year(town_office, town, village):
    make_designation(village=village, year=2025)

    [part] = status_sheet_context(user=town_office, town=town, village=village, period=Period.parse("2025Q3"))

    assert part["year"] == 2025 and part["sheet"].designation.year == 2025
    assert part["period"] == Period.parse("2025Q3").label


def test_demo_town_summary_gives_the_seed_figures(db, django_assert_max_num_queries):
    town = demo.build()
    office = User.objects.create(username="office", role=User.Role.TOWN_OFFICE, town=town)

    with django_assert_max_num_queries(6):
        villages = status_sheet_villages(office, year=demo.DEMO_YEAR)
        sheets = [village_sheet(village, demo.DEMO_YEAR) for village in villages]
    summary = town_summary(town, demo.DEMO_YEAR)

    assert (summary["villages"], summary["groups"]) == (41, 469)
    assert (summary["declared"], summary["declared_before"]) == (41, 26)
    assert summary["regulations_by_august"] == 39
    assert dict(summary["designations"])[Designation.Kind.LAGGING.label] == 1
    daqi = next(sheet for sheet in sheets if sheet.village.name == "大旗村")
    assert daqi.designation.kind == Designation.Kind.LAGGING
    assert len(daqi.designations) == 2
    assert {appointment.end_reason for _, appointment in daqi.departures} == {"dismissal"}
    assert [body.label for body in daqi.bodies] == [Position.Body(body).label for body in Position.Body]
    assert Town.objects.count() == 1


def test_village_sheet_reads_only_what_the_requester_may_see(specialist, village, other_village):
    assert [v.name for v in status_sheet_villages(specialist, year=2025)] == ["大旗村"]
    assert status_sheet_villages(specialist, year=2025, village_id=other_village.pk) == []
