import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import TestCase

from assessments.models import PeriodCode
from reports.actions import request_document, request_quarterly_reports
from reports.building import build_document
from reports.models import Document
from reports.queries import batch_for_user, documents_for
from tests.factories import make_village
from tests.factories.assessments import make_scheme, publish_scored
from tests.factories.reports import build_requested, make_document
from tests.reports.test_rendering import pdf_text
from villages.periods import Period

QUARTERLY = Document.Kind.QUARTERLY_ASSESSMENT


@pytest.fixture
def published_q1(town, village, other_village, town_office):
    scheme = make_scheme(town=town)
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    publish_scored(scheme=scheme, village=other_village, period="Q1", by=town_office, lost="3")
    return scheme


def ask_for_batch(user, period="2025Q1"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = request_quarterly_reports(requested_by=user, period=period)
    return batch_for_user(user, batch.pk)


@pytest.mark.parametrize(("document", "year", "code"), [("2025Q3", 2025, "Q3"), ("2025", 2025, "YEAR")])
def test_document_periods_are_the_assessments_year_and_code_and_back(document, year, code):
    assert PeriodCode.of(Period.parse(document)) == code
    assert str(PeriodCode(code).in_year(year)) == document


@pytest.mark.parametrize("period", ["2025-07", "202507", "", "Q3"])
def test_a_month_is_not_an_assessment_period(period):
    with pytest.raises(ValidationError):
        PeriodCode.of(Period.parse(period))


def test_town_report_prints_the_ranking_in_chinese(town_office, village, other_village, published_q1):
    document = build_requested(kind=QUARTERLY, requested_by=town_office, period="2025Q1")

    text = pdf_text(document)
    assert document.status == Document.Status.DONE, document.error
    assert document.title == "红山店镇考核情况通报（2025年第1季度）"
    assert "排名" in text and "2025年考核办法" in text
    assert text.index("大旗村") < text.index("荀子村")  # ranked by total: 荀子村 lost 3 points


def test_village_report_prints_deductions_with_reasons_and_evidence(town_office, other_village, published_q1):
    document = build_requested(kind=QUARTERLY, requested_by=town_office, village=other_village, period="2025Q1")

    text = pdf_text(document)
    assert document.status == Document.Status.DONE, document.error
    for expected in ("荀子村", "村务公开", "公开栏未更新", "督查记录第1号", "第一季度"):
        assert expected in text


def test_specialist_gets_the_published_report_of_own_village(specialist, village, published_q1):
    document = build_requested(kind=QUARTERLY, requested_by=specialist, village=village, period="2025Q1")

    assert document.status == Document.Status.DONE, document.error
    assert "大旗村" in pdf_text(document)


def test_specialist_cannot_ask_for_other_village_or_town_report(specialist, other_village, published_q1):
    for village in (other_village, None):
        with pytest.raises(PermissionDenied):
            request_document(kind=QUARTERLY, requested_by=specialist, village=village, period="2025Q1")


def test_report_of_an_unpublished_period_is_refused(town_office, village, published_q1):
    for period, village_asked in (("2025Q2", None), ("2025Q2", village), ("2025", None)):
        with pytest.raises(ValidationError) as refused:
            request_document(kind=QUARTERLY, requested_by=town_office, village=village_asked, period=period)
        assert "period" in refused.value.message_dict
    assert not Document.objects.exists()


def test_report_of_a_village_out_of_reach_fails_with_a_reason(specialist, other_village, published_q1):
    document = make_document(requested_by=specialist, village=other_village, kind=QUARTERLY, period="2025Q1")

    built = build_document(document_id=document.pk)

    assert built.status == Document.Status.FAILED
    assert "管辖" in built.error or "jurisdiction" in built.error


def test_one_request_builds_the_town_report_and_each_published_village(town, town_office, village, other_village,
                                                                       published_q1):
    make_village(town=town, name="永中村")  # no published result: no report

    batch = ask_for_batch(town_office)

    documents = list(batch.documents.order_by("pk"))
    assert [d.village for d in documents] == [None, village, other_village]
    assert {d.status for d in documents} == {Document.Status.DONE}
    assert (batch.status, batch.progress, batch.done_count, batch.document_count) == ("done", 100, 3, 3)
    assert batch.title == "红山店镇考核情况通报（2025年第1季度）"


def test_batch_progress_follows_its_documents(town_office, village, other_village, published_q1):
    with TestCase.captureOnCommitCallbacks(execute=False):  # queued, not built
        batch = request_quarterly_reports(requested_by=town_office, period="2025Q1")
    queued = batch_for_user(town_office, batch.pk)
    town_report, first, second = batch.documents.order_by("pk")
    build_document(document_id=town_report.pk)
    Document.objects.filter(pk=first.pk).update(status=Document.Status.RUNNING, progress=50)
    running = batch_for_user(town_office, batch.pk)
    Document.objects.filter(pk=first.pk).update(status=Document.Status.FAILED, error="模板缺失")
    Document.objects.filter(pk=second.pk).update(status=Document.Status.FAILED, error="模板缺失")
    failed = batch_for_user(town_office, batch.pk)

    assert (queued.status, queued.progress) == ("queued", 0)
    assert (running.status, running.progress, running.done_count) == ("running", 50, 1)
    assert (failed.status, failed.is_finished, failed.failed_count) == ("failed", True, 2)


def test_only_the_town_office_asks_for_every_village_at_once(leader, specialist, published_q1):
    for user in (leader, specialist):
        with pytest.raises(PermissionDenied):
            request_quarterly_reports(requested_by=user, period="2025Q1")


def test_batch_of_an_unpublished_quarter_is_refused(town_office, published_q1):
    with pytest.raises(ValidationError):
        request_quarterly_reports(requested_by=town_office, period="2025Q4")


def test_specialist_reads_own_village_report_of_a_batch_but_not_the_batch(town_office, specialist, village,
                                                                          published_q1):
    batch = ask_for_batch(town_office)

    readable = documents_for(specialist).filter(batch=batch)

    assert [d.village for d in readable] == [village]
    with pytest.raises(Http404):
        batch_for_user(specialist, batch.pk)
