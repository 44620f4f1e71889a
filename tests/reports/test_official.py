"""Documents that look official: issuing unit and document number, the date a document speaks for, the sign-off,
one page numbering per PDF, totals with their table, amounts with thousands separators, each period's word."""

import datetime
import io
import re

import pytest
from django.db import IntegrityError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from assessments.models import Assessment
from incentives import actions
from members.models import Relation
from reports import numbering
from reports.models import Document, DocumentNumber, IssuingUnit
from tests.factories import make_group, make_town, make_village
from tests.factories.assessments import make_scheme, publish_scored
from tests.factories.incentives import childcare_subsidy
from tests.factories.members import make_household, person_fields
from tests.factories.reports import build_requested, make_designation, make_team
from villages.templatetags.amounts import amount

STATUS = Document.Kind.STATUS_SHEET


def pdf_pages(document) -> list[str]:
    with document.file.open("rb") as file:
        return [page.extract_text() for page in PdfReader(io.BytesIO(file.read())).pages]


@pytest.fixture
def unit(town):
    return IssuingUnit.objects.create(town=town, name="红山店镇人民政府", number_prefix="红政计")


# The document number sequence

def number(town, *, kind=STATUS, village=None, period="2025", year=2025):
    return numbering.document_number(town=town, kind=kind, village=village, period=period, year=year)


def test_numbers_follow_each_other_in_the_towns_year_with_its_prefix(unit, town, village, other_village):
    first, second = number(town), number(town, village=village)
    third = number(town, kind=Document.Kind.QUARTERLY_ASSESSMENT, period="2025Q4")

    assert [str(first), str(second), str(third)] == ["红政计〔2025〕1号", "红政计〔2025〕2号", "红政计〔2025〕3号"]


def test_a_document_keeps_its_number(unit, town, village):
    given = number(town, village=village)

    assert number(town, village=village) == given
    assert DocumentNumber.objects.count() == 1


def test_each_town_and_year_counts_on_its_own(unit, town):
    other = make_town(name="三里城镇", code="421122101")

    assert str(number(town, period="2024", year=2024)) == "红政计〔2024〕1号"
    assert str(number(town)) == "红政计〔2025〕1号"
    assert str(number(other)) == "三政计〔2025〕1号"  # the usual prefix until the office sets one


def test_the_database_refuses_a_number_twice_in_a_year(unit, town, village):
    number(town)

    with pytest.raises(IntegrityError):
        DocumentNumber.objects.create(town=town, year=2025, sequence=1, prefix="红政计", kind=STATUS,
                                      village=village, period="2025")


def test_a_number_taken_meanwhile_by_another_builder_gives_the_next(unit, town, village, other_village, monkeypatch):
    taken = number(town, village=other_village)  # by another builder, after we read the last number (none)
    last_sequence = numbering.last_sequence
    stale = iter([0])
    monkeypatch.setattr(numbering, "last_sequence", lambda town, year: next(stale, None) or last_sequence(town, year))

    given = number(town, village=village)

    assert (taken.sequence, given.sequence) == (1, 2)


def test_the_same_document_numbered_meanwhile_by_another_builder_keeps_that_number(unit, town, village, monkeypatch):
    taken = number(town, village=village)  # by another builder, after we looked for its number (none)
    given_number = numbering.given_number
    looks = []
    monkeypatch.setattr(numbering, "given_number", lambda **found: given_number(**found) if looks.append(1) or
                        len(looks) > 1 else None)
    monkeypatch.setattr(numbering, "last_sequence", lambda town, year: 4)

    assert number(town, village=village) == taken
    assert DocumentNumber.objects.count() == 1 and len(looks) == 2


# The amount filter

@pytest.mark.parametrize(("value", "decimals", "shown"), [
    ("29760", 2, "29,760.00"), ("1234567.125", 2, "1,234,567.13"), ("-5000.5", 2, "-5,000.50"), ("960", 2, "960.00"),
    ("1800", 0, "1,800"), (None, 2, ""), ("", 2, ""), ("n/a", 2, "n/a")])
def test_amounts_have_two_decimals_and_thousands_separators_in_both_languages(value, decimals, shown):
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert amount(value, decimals) == shown


def test_amount_filter_in_a_template():
    with translation.override("zh-hans"):
        assert Template("{% load amounts %}{{ x|amount }}").render(Context({"x": 29760})) == "29,760.00"


# The built documents

@pytest.fixture
def two_sheets(town, village, other_village):
    for place in (village, other_village):
        make_team(village=place)
    make_designation(village=village)


def test_status_sheet_has_its_issuer_number_and_the_date_of_its_period(unit, town_office, village, two_sheets):
    document = build_requested(requested_by=town_office, village=village)

    text = "\n".join(pdf_pages(document))
    assert document.status == Document.Status.DONE, document.error
    assert "红山店镇人民政府" in text and "红政计〔2025〕1号" in text
    assert "成文日期：2025年12月31日" in text
    printed = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"打印日期：{printed}" in text and f"成文日期：{printed}" not in text
    assert "制表人" in text and "审核人" in text and "（盖章）" in text
    assert "年度：2025年" in text and "考核期" not in text


def test_a_rebuilt_or_new_version_keeps_its_number(unit, town_office, village, other_village, two_sheets):
    first = build_requested(requested_by=town_office, village=village)
    other = build_requested(requested_by=town_office, village=other_village)
    again = build_requested(requested_by=town_office, village=village)

    assert first.number == again.number and str(first.number) == "红政计〔2025〕1号"
    assert str(other.number) == "红政计〔2025〕2号"
    assert "红政计〔2025〕1号" in "\n".join(pdf_pages(again))


def test_one_page_numbering_over_the_whole_pdf(unit, town_office, two_sheets):
    document = build_requested(requested_by=town_office)  # the town's summary, then each village's sheet

    pages = pdf_pages(document)
    assert len(pages) >= 3
    for index, text in enumerate(pages, start=1):
        assert f"第 {index} 页，共 {len(pages)} 页" in text
    assert "红政计〔2025〕1号" in pages[0]


def test_summary_labels_of_the_town_sheet_are_not_cut(unit, town_office, two_sheets):
    document = build_requested(requested_by=town_office)

    lines = pdf_pages(document)[0].splitlines()
    for label in ("个村于2025年以前宣布", "个村已通过村民自治章程", "个村于8月底前通过章程"):
        assert any(label in line for line in lines), label


def test_quarterly_report_is_a_numbered_notice_dated_when_its_results_were_published(unit, town, village,
                                                                                      other_village, town_office):
    scheme = make_scheme(town=town)
    for place in (village, other_village):
        publish_scored(scheme=scheme, village=place, period="Q4", by=town_office)
    Assessment.objects.filter(scheme=scheme).update(
        published_at=datetime.datetime(2026, 1, 8, 10, tzinfo=datetime.UTC))

    document = build_requested(kind=Document.Kind.QUARTERLY_ASSESSMENT, requested_by=town_office, period="2025Q4")

    text = "\n".join(pdf_pages(document))
    assert document.status == Document.Status.DONE, document.error
    assert "红政计〔2025〕1号" in text and "成文日期：2026年1月8日" in text and "考核期：2025年第4季度" in text
    village_report = build_requested(kind=Document.Kind.QUARTERLY_ASSESSMENT, requested_by=town_office,
                                     village=village, period="2025Q4")
    assert village_report.number is None  # the villages' reports go with the town's notice, without a number


@pytest.fixture
def many_paid(town, village):
    """Forty children born in 2024 in 大旗村, each given the 2025 childcare subsidy: a sheet of two pages."""
    group = make_group(village=village, number=1)
    for index in range(40):
        make_household(group=group, number=f"2411{index:04d}", people=[
            person_fields(name=f"王强{index}", relation=Relation.HEAD),
            person_fields(name=f"王小{index}", born=datetime.date(2024, 2, 1), relation=Relation.SON,
                          with_id=False)])
    cycle = actions.open_cycle(policy=childcare_subsidy(town), period="2025", by=None)
    actions.compute_cycle(cycle=cycle, by=None)
    actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    actions.approve_cycle(cycle=cycle, by=None)
    return cycle


def test_payout_sheet_total_follows_its_last_rows_with_separators_and_the_sign_off(specialist, village, many_paid):
    document = build_requested(kind=Document.Kind.PAYOUT_SHEET, requested_by=specialist, village=village)

    pages = pdf_pages(document)
    assert document.status == Document.Status.DONE, document.error
    total = many_paid.entitlements.filter(village=village).first().amount * 40
    assert len(pages) >= 2
    found = [index for index, text in enumerate(pages) if re.search(r"合计\s*" + re.escape(amount(total)), text)]
    assert found == [len(pages) - 1]  # once, on the last page, with the last rows
    assert "王小39" in pages[-1] and "制表人" in pages[-1] and "大旗村村民委员会" in pages[-1]
    assert f"第 1 页，共 {len(pages)} 页" in pages[0]
    assert "发放期" in pages[0] and "考核期" not in "".join(pages)


def test_benefit_pages_and_verification_never_say_assessment_period(client, town_office, village, many_paid):
    document = build_requested(kind=Document.Kind.BENEFIT_BOARD, requested_by=town_office, village=village)
    client.force_login(town_office)

    pages = [
        client.get(reverse("reports:document_detail", args=[document.pk])),
        client.get(reverse("reports:verify", args=[document.verification_code])),
        client.get(reverse("incentives:policy", args=[many_paid.policy_id])),
        client.get(reverse("reports:document_list")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "考核期" not in response.content.decode()
    assert "发放期" in pages[0].content.decode() and "2025年" in pages[1].content.decode()
    assert "考核期" not in "\n".join(pdf_pages(document))
    assert re.search(r"\d{1,3}(,\d{3})+\.\d\d", "\n".join(pdf_pages(document)))  # the totals, grouped


def test_other_villages_documents_are_still_refused(specialist, other_village, two_sheets):
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        build_requested(requested_by=specialist, village=other_village)
    assert not DocumentNumber.objects.exists()


def test_a_new_village_in_another_town_gets_the_default_issuer(db):
    town = make_town(name="八里畈镇", code="421122102")
    make_village(town=town, name="新村")

    unit = numbering.issuing_unit(town)
    assert (unit.name, unit.number_prefix) == ("八里畈镇人民政府", "八政计")


def test_verification_and_api_show_the_number_and_issuer(client, unit, town_office, village, two_sheets):
    from rest_framework.test import APIClient

    document = build_requested(requested_by=town_office, village=village)

    page = client.get(reverse("reports:verify", args=[document.verification_code])).content.decode()
    assert "红政计〔2025〕1号" in page and "红山店镇人民政府" in page and "年度" in page and "考核期" not in page
    api = APIClient()
    api.force_authenticate(town_office)
    listed = api.get("/api/v1/documents/").json()
    assert [row["number"] for row in listed["results"]] == ["红政计〔2025〕1号"]
