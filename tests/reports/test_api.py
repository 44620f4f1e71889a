import pytest
from rest_framework.test import APIClient

from reports.models import Document
from tests.factories.reports import build_requested, make_document

URL = "/api/v1/documents/"


@pytest.fixture
def api():
    return APIClient()


def test_town_office_asks_for_a_village_sheet(api, town_office, village, django_capture_on_commit_callbacks):
    api.force_authenticate(town_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, {"kind": "status_sheet", "village": village.pk, "period": "2025"}, format="json")

    assert response.status_code == 201
    document = Document.objects.get(pk=response.json()["id"])
    assert document.village == village and document.period == "2025"
    assert api.get(f"{URL}{document.pk}/").json()["status"] == "done"


def test_leadership_asks_for_the_town_sheet(api, leader):
    api.force_authenticate(leader)

    response = api.post(URL, {"kind": "status_sheet", "village": None}, format="json")

    assert response.status_code == 201
    assert response.json()["village"] is None and response.json()["town"] == leader.town_id


@pytest.mark.parametrize(("payload", "field"), [
    ({"kind": "poster"}, "kind"),
    ({"kind": "status_sheet", "period": "25"}, "period"),
    ({"kind": "status_sheet", "village": 999999}, "village"),
    ({"kind": "status_sheet", "village": "abc"}, "village"),
])
def test_bad_input_gets_400_with_field_errors(api, town_office, payload, field):
    api.force_authenticate(town_office)

    response = api.post(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Document.objects.exists()


def test_a_month_in_the_older_spelling_is_asked_for_and_found_in_the_one_spelling(api, town_office, village):
    api.force_authenticate(town_office)

    response = api.post(URL, {"kind": "benefit_board", "village": village.pk, "period": "2025-07"}, format="json")

    assert response.status_code == 201 and response.json()["period"] == "202507"
    assert [d["id"] for d in api.get(URL, {"period": "2025-07"}).json()["results"]] == [response.json()["id"]]
    assert api.get(URL, {"period": "202507"}).json()["count"] == 1


def test_specialist_asking_for_other_village_gets_400_without_learning_it_exists(api, specialist, other_village):
    api.force_authenticate(specialist)

    response = api.post(URL, {"kind": "status_sheet", "village": other_village.pk}, format="json")

    assert response.status_code == 400 and "village" in response.json()


def test_specialist_asking_for_town_sheet_gets_403(api, specialist):
    api.force_authenticate(specialist)

    assert api.post(URL, {"kind": "status_sheet"}, format="json").status_code == 403


def test_specialist_gets_404_for_other_village_document(api, specialist, town_office, other_village):
    document = make_document(requested_by=town_office, village=other_village)
    api.force_authenticate(specialist)

    assert api.get(f"{URL}{document.pk}/").status_code == 404
    assert api.post(f"{URL}{document.pk}/retry/").status_code == 404


def test_list_is_scoped_and_filtered(api, specialist, town_office, village, other_village):
    own = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED, error="x")
    make_document(requested_by=town_office, village=village)
    make_document(requested_by=town_office, village=other_village, status=Document.Status.FAILED, error="x")
    api.force_authenticate(specialist)

    response = api.get(URL, {"status": "failed"})

    assert [row["id"] for row in response.json()["results"]] == [own.pk]


def test_download_link_only_when_done(api, town_office, village):
    done = build_requested(requested_by=town_office, village=village)
    queued = make_document(requested_by=town_office, village=village)
    api.force_authenticate(town_office)

    rows = {row["id"]: row for row in api.get(URL).json()["results"]}

    assert rows[done.pk]["download_url"].endswith(f"/documents/{done.pk}/download/")
    assert rows[done.pk]["sha256"] == done.sha256
    assert rows[queued.pk]["download_url"] is None


def test_retry_through_the_api(api, town_office, village, django_capture_on_commit_callbacks):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED, error="x")
    api.force_authenticate(town_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{URL}{document.pk}/retry/")

    assert response.status_code == 200
    document.refresh_from_db()
    assert document.status == Document.Status.DONE


def test_retry_of_done_document_gets_400(api, town_office, village):
    document = build_requested(requested_by=town_office, village=village)
    api.force_authenticate(town_office)

    assert api.post(f"{URL}{document.pk}/retry/").status_code == 400


def test_anonymous_gets_nothing(api, town_office, village):
    make_document(requested_by=town_office, village=village)

    assert api.get(URL).status_code in (401, 403)


def test_list_query_count_does_not_grow(api, town_office, village, django_assert_num_queries):
    api.force_authenticate(town_office)
    make_document(requested_by=town_office, village=village)
    with django_assert_num_queries(2):
        api.get(URL)
    for _ in range(20):
        make_document(requested_by=town_office, village=village)
    with django_assert_num_queries(2):
        api.get(URL)
