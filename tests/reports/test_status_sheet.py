from demo import town as demo
from reports.documents.status_sheet import town_summary, village_sheet
from reports.queries import status_sheet_villages
from tests.factories.reports import build_requested, make_designation, make_team
from tests.reports.test_rendering import pdf_text
from villages.models import Designation, Position, Town, User


def test_town_sheet_lists_every_village_in_chinese(town_office, village, other_village):
    make_team(village=village)
    make_designation(village=village)

    document = build_requested(requested_by=town_office)

    text = pdf_text(document)
    assert document.title == "红山店镇村民自治情况表（2025年）"
    for expected in ("大旗村", "荀子村", "各村情况", str(Designation.Kind.LAGGING.label), "整顿班子", "王喆"):
        assert expected in text


def test_demo_town_summary_gives_the_seed_figures(db, django_assert_max_num_queries):
    town = demo.build()
    office = User.objects.create(username="office", role=User.Role.TOWN_OFFICE, town=town)

    with django_assert_max_num_queries(6):
        villages = status_sheet_villages(office, year=demo.DEMO_YEAR)
        sheets = [village_sheet(village, demo.DEMO_YEAR) for village in villages]
    summary = town_summary(sheets, demo.DEMO_YEAR)

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
