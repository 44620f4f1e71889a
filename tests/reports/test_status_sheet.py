from tests.factories.reports import build_requested, make_designation, make_team
from tests.reports.test_rendering import pdf_text
from villages.models import Designation


def test_town_sheet_lists_every_village_in_chinese(town_office, village, other_village):
    make_team(village=village)
    make_designation(village=village)

    document = build_requested(requested_by=town_office)

    text = pdf_text(document)
    assert document.title == "红山店镇村民自治情况表（2025年）"
    for expected in ("大旗村", "荀子村", "各村情况", str(Designation.Kind.LAGGING.label), "整顿班子", "王喆"):
        assert expected in text
