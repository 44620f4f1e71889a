"""The pages and API endpoints that ask for the quarterly reports in one request and follow the batch."""

import pytest
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from reports.actions import request_quarterly_reports
from reports.building import build_document
from reports.models import Document, DocumentBatch
from tests.factories import make_village
from tests.factories.assessments import publish_scored

API = "/api/v1/document-batches/"


@pytest.fixture
def api():
    return APIClient()


def queued_batch(user, period="2025Q1") -> DocumentBatch:
    with TestCase.captureOnCommitCallbacks(execute=False):
        return request_quarterly_reports(requested_by=user, period=period)


def test_board_button_asks_for_the_quarter_and_leads_to_the_batch(client, town_office, published_q1,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(town_office)
    board = client.get(reverse("assessments:board", args=["2025Q1"])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request_quarterly_reports"), {"year": "2025", "period": "Q1"})

    batch = DocumentBatch.objects.get()
    assert reverse("reports:request_quarterly_reports") in board
    assert response.status_code == 302 and response.url == reverse("reports:batch_detail", args=[batch.pk])
    assert batch.period == "2025Q1" and batch.documents.count() == 3


def test_year_end_from_the_form_is_the_year_as_period(client, town_office, published_q1):
    client.force_login(town_office)

    response = client.post(reverse("reports:request_quarterly_reports"), {"year": "2025", "period": "YEAR"})

    assert response.status_code == 200  # nothing of the year end is published
    assert response.context["form"].non_field_errors() == ["本期考核结果尚未公布。"]
    assert not DocumentBatch.objects.exists()


@pytest.mark.parametrize(("payload", "field"), [
    ({"year": "abc", "period": "Q1"}, "year"), ({"year": "2999", "period": "Q1"}, "year"),
    ({"year": "2025", "period": "Q5"}, "period"),
])
def test_bad_quarter_gets_a_form_error(client, town_office, published_q1, payload, field):
    client.force_login(town_office)

    response = client.post(reverse("reports:request_quarterly_reports"), payload)

    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not DocumentBatch.objects.exists()


def test_leadership_and_specialist_may_not_ask_for_every_village(client, leader, specialist, published_q1):
    for user in (leader, specialist):
        client.force_login(user)
        response = client.post(reverse("reports:request_quarterly_reports"), {"year": "2025", "period": "Q1"})
        assert response.status_code == 403
    assert not DocumentBatch.objects.exists()


def test_batch_page_shows_progress_and_each_document_with_its_download(client, town_office, published_q1):
    batch = queued_batch(town_office)
    town_report = batch.documents.get(village__isnull=True)
    build_document(document_id=town_report.pk)
    client.force_login(town_office)

    body = client.get(reverse("reports:batch_detail", args=[batch.pk])).content.decode()
    state = client.get(reverse("reports:batch_status", args=[batch.pk])).json()

    assert "大旗村" in body and "荀子村" in body and "status.json" in body
    assert reverse("reports:document_download", args=[town_report.pk]) in body
    assert (state["status"], state["done"], state["total"], state["progress"]) == ("running", 1, 3, 33)
    assert [d["download_url"] is not None for d in state["documents"]] == [True, False, False]


def test_specialist_gets_404_for_a_batch(client, town_office, specialist, published_q1):
    batch = queued_batch(town_office)
    client.force_login(specialist)

    for name in ("reports:batch_detail", "reports:batch_status"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    assert client.post(reverse("reports:batch_retry", args=[batch.pk])).status_code == 404


def test_failed_documents_of_a_batch_are_built_again(client, town_office, published_q1,
                                                      django_capture_on_commit_callbacks):
    batch = queued_batch(town_office)
    batch.documents.update(status=Document.Status.FAILED, error="模板缺失")
    client.force_login(town_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:batch_retry", args=[batch.pk]))

    assert response.status_code == 302
    assert set(batch.documents.values_list("status", flat=True)) == {Document.Status.DONE}


def test_batch_page_query_count_does_not_grow(client, town, town_office, published_q1, django_assert_num_queries):
    client.force_login(town_office)
    small = queued_batch(town_office)
    scheme = published_q1
    for number in range(8):
        place = make_village(town=town, name=f"新村{number}")
        publish_scored(scheme=scheme, village=place, period="Q2", by=town_office)
    large = queued_batch(town_office, "2025Q2")

    for batch in (small, large):
        with django_assert_num_queries(4):
            client.get(reverse("reports:batch_detail", args=[batch.pk]))


def test_batch_list_query_count_does_not_grow(client, town_office, published_q1, django_assert_num_queries):
    client.force_login(town_office)
    queued_batch(town_office)
    with django_assert_num_queries(4):
        first = client.get(reverse("reports:batch_list"))
    for _ in range(5):
        queued_batch(town_office)
    with django_assert_num_queries(4):
        client.get(reverse("reports:batch_list"))

    assert "红山店镇考核情况通报（2025年第1季度）" in first.content.decode()


def test_documents_page_offers_the_quarterly_reports_to_the_town_office_only(client, town_office, leader):
    for user, offered in ((town_office, True), (leader, False)):
        client.force_login(user)
        body = client.get(reverse("reports:document_list")).content.decode()
        assert (reverse("reports:request_quarterly_reports") in body) is offered


def test_api_asks_for_a_batch_and_shows_its_progress(api, town_office, published_q1,
                                                      django_capture_on_commit_callbacks):
    api.force_authenticate(town_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(API, {"period": "2025Q1"}, format="json")
    detail = api.get(f"{API}{response.data['id']}/")

    assert response.status_code == 201, response.data
    assert len(response.data["documents"]) == 3
    assert (detail.data["status"], detail.data["progress"], detail.data["done_count"]) == ("done", 100, 3)
    assert all(d["download_url"] for d in detail.data["documents"])


@pytest.mark.parametrize(("period", "field"), [("2025-07", "period"), ("2025Q4", "period"), ("abcd", "period")])
def test_api_bad_period_gets_400_with_field_errors(api, town_office, published_q1, period, field):
    api.force_authenticate(town_office)

    response = api.post(API, {"period": period}, format="json")

    assert response.status_code == 400 and field in response.data
    assert not DocumentBatch.objects.exists()


def test_api_batches_are_for_the_town_readers_only(api, town_office, leader, specialist, published_q1):
    batch = queued_batch(town_office)

    api.force_authenticate(specialist)
    assert api.post(API, {"period": "2025Q1"}, format="json").status_code == 403
    assert api.get(f"{API}{batch.pk}/").status_code == 404
    assert api.get(API).data["count"] == 0
    api.force_authenticate(leader)
    assert api.post(API, {"period": "2025Q1"}, format="json").status_code == 403
    assert api.get(f"{API}{batch.pk}/").data["document_count"] == 3


def test_api_batch_list_query_count_does_not_grow(api, town_office, published_q1, django_assert_num_queries):
    api.force_authenticate(town_office)
    queued_batch(town_office)
    with django_assert_num_queries(2):
        api.get(API)
    for _ in range(5):
        Document.objects.update(status=Document.Status.FAILED, error="failed")  # else asking again gives the same
        queued_batch(town_office)
    with django_assert_num_queries(2):
        response = api.get(API)

    assert response.data["count"] == 6


@pytest.mark.parametrize(("working_year", "year", "period"), [(2025, 2025, "Q4"), (2024, 2024, "Q4")])
def test_the_quarterly_reports_form_opens_on_the_working_year(client, town, town_office, working_year, year, period):
    town.working_year = working_year
    town.save()
    client.force_login(town_office)
    form = client.get(reverse("reports:request_quarterly_reports")).context["form"]
    assert (form.fields["year"].initial, form.fields["period"].initial) == (year, period)


def test_a_yearly_document_asked_without_a_period_is_for_the_working_year(client, town, town_office, village):
    town.working_year = 2024
    town.save()
    client.force_login(town_office)
    form = client.get(reverse("reports:request_status_sheet")).context["form"]
    assert form.fields["year"].initial == 2024


def test_a_batch_and_its_documents_keep_their_history_with_who_asked(town_office, published_q1):
    batch = queued_batch(town_office)

    assert batch.history.get().history_user == town_office
    assert {document.history.get().history_user for document in batch.documents.all()} == {town_office}
