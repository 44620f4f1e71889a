import hashlib

import pytest
from django.urls import reverse

from reports.models import Document
from tests.factories.reports import build_requested, make_document, make_team


@pytest.fixture
def sheet(town_office, village):
    make_team(village=village)
    return build_requested(requested_by=town_office, village=village)


@pytest.fixture
def other_sheet(town_office, other_village):
    return build_requested(requested_by=town_office, village=other_village)


def test_town_office_asks_for_town_sheet_and_is_sent_to_its_page(client, town_office, village, other_village,
                                                                  django_capture_on_commit_callbacks):
    client.force_login(town_office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request_status_sheet"), {"village": "", "year": "2025"})

    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:document_detail", args=[document.pk])
    assert document.village is None and document.period == "2025"
    assert document.status == Document.Status.DONE


def test_specialist_asks_for_own_village_sheet(client, specialist, village):
    client.force_login(specialist)

    response = client.post(reverse("reports:request_status_sheet"), {"village": village.pk, "year": "2025"})

    assert response.status_code == 302
    assert Document.objects.get().village == village


def test_specialist_cannot_ask_for_other_village_or_town(client, specialist, other_village):
    client.force_login(specialist)

    for village in (other_village.pk, ""):
        response = client.post(reverse("reports:request_status_sheet"), {"village": village, "year": "2025"})
        assert response.status_code == 200
        assert response.context["form"].errors["village"]
    assert not Document.objects.exists()


def test_bad_year_gets_a_form_error(client, town_office):
    client.force_login(town_office)

    for year in ("abc", "1850", "2999"):
        response = client.post(reverse("reports:request_status_sheet"), {"village": "", "year": year})
        assert response.context["form"].errors["year"]
    assert not Document.objects.exists()


def test_leadership_may_ask_for_the_town_sheet_only(client, leader, village):
    client.force_login(leader)

    page = client.get(reverse("reports:request_status_sheet"))
    response = client.post(reverse("reports:request_status_sheet"), {"village": village.pk, "year": "2025"})

    assert list(page.context["form"].fields["village"].queryset) == []
    assert response.context["form"].errors["village"]


def test_member_may_not_ask_for_documents(client, member):
    client.force_login(member)

    assert client.get(reverse("reports:request_status_sheet")).status_code == 403


def test_document_page_shows_download_when_done(client, town_office, sheet):
    client.force_login(town_office)

    response = client.get(reverse("reports:document_detail", args=[sheet.pk]))

    assert response.status_code == 200
    assert reverse("reports:document_download", args=[sheet.pk]) in response.content.decode()


def test_unfinished_document_page_refreshes_itself(client, town_office, village):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.RUNNING, progress=40)
    client.force_login(town_office)

    body = client.get(reverse("reports:document_detail", args=[document.pk])).content.decode()

    assert 'http-equiv="refresh"' in body and "40%" in body and "status.json" in body


def test_failed_document_shows_reason_and_retry(client, town_office, village, django_capture_on_commit_callbacks):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED,
                             error="模板缺失")
    client.force_login(town_office)

    body = client.get(reverse("reports:document_detail", args=[document.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:document_retry", args=[document.pk]))

    assert "模板缺失" in body and reverse("reports:document_retry", args=[document.pk]) in body
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.DONE and document.attempts == 1


def test_retry_of_a_done_document_is_refused_with_a_message(client, town_office, sheet):
    client.force_login(town_office)

    response = client.post(reverse("reports:document_retry", args=[sheet.pk]), follow=True)

    assert list(response.context["messages"])
    sheet.refresh_from_db()
    assert sheet.attempts == 1


def test_status_endpoint_reports_progress(client, town_office, village):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.RUNNING, progress=55)
    client.force_login(town_office)

    state = client.get(reverse("reports:document_status", args=[document.pk])).json()

    assert state == {"status": "running", "status_display": "生成中", "progress": 55, "error": "",
                     "download_url": None}


def test_download_returns_the_stored_pdf(client, town_office, sheet):
    client.force_login(town_office)

    response = client.get(reverse("reports:document_download", args=[sheet.pk]))

    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert hashlib.sha256(content).hexdigest() == sheet.sha256


def test_unfinished_document_cannot_be_downloaded(client, town_office, village):
    document = make_document(requested_by=town_office, village=village)
    client.force_login(town_office)

    assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("name", ["document_detail", "document_status", "document_download", "document_retry"])
def test_specialist_gets_404_for_other_village_document(client, specialist, other_sheet, name):
    client.force_login(specialist)
    method = client.post if name == "document_retry" else client.get

    assert method(reverse(f"reports:{name}", args=[other_sheet.pk])).status_code == 404


def test_specialist_gets_404_for_town_document(client, specialist, town_office):
    document = make_document(requested_by=town_office)
    client.force_login(specialist)

    assert client.get(reverse("reports:document_detail", args=[document.pk])).status_code == 404


def test_list_shows_only_documents_in_jurisdiction(client, specialist, sheet, other_sheet):
    client.force_login(specialist)

    response = client.get(reverse("reports:document_list"))

    assert list(response.context["page"]) == [sheet]


def test_leadership_lists_all_town_documents(client, leader, sheet, other_sheet, town_office):
    town_document = make_document(requested_by=town_office)
    client.force_login(leader)

    response = client.get(reverse("reports:document_list"))

    assert set(response.context["page"]) == {sheet, other_sheet, town_document}


def test_list_filters_by_status(client, town_office, sheet, village):
    failed = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED, error="x")
    client.force_login(town_office)

    response = client.get(reverse("reports:document_list"), {"status": "failed"})

    assert list(response.context["page"]) == [failed]


def test_list_page_query_count_does_not_grow(client, town_office, village, django_assert_num_queries):
    client.force_login(town_office)
    for _ in range(3):
        make_document(requested_by=town_office, village=village)
    with django_assert_num_queries(5):
        client.get(reverse("reports:document_list"))
    for _ in range(20):
        make_document(requested_by=town_office, village=village)
    with django_assert_num_queries(5):
        client.get(reverse("reports:document_list"))


def test_list_needs_login(client):
    response = client.get(reverse("reports:document_list"))

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_verify_page_shows_the_document_and_nothing_personal(client, sheet, town_office):
    response = client.get(f"/verify/{sheet.verification_code}")

    body = response.content.decode()
    assert response.status_code == 200
    for shown in (sheet.title, sheet.sha256, sheet.display_code, "红山店镇", "2025"):
        assert shown in body
    for hidden in ("王喆", "李玥", town_office.username, "1800"):
        assert hidden not in body


def test_verify_page_answers_not_found_for_an_unknown_code(client, db):
    response = client.get("/verify/ABCDEFGHJKMN")

    assert response.status_code == 404
    assert "ABCDEFGHJKMN" in response.content.decode()


def test_verify_page_accepts_a_typed_code(client, sheet):
    response = client.get(reverse("reports:verify_lookup"), {"code": sheet.display_code.lower()})

    assert response.url == f"/verify/{sheet.verification_code}"


def test_verify_page_compares_an_uploaded_copy(client, sheet):
    with sheet.file.open("rb") as file:
        genuine = client.post(f"/verify/{sheet.verification_code}", {"file": file})
    forged = client.post(f"/verify/{sheet.verification_code}", {"sha256": "0" * 64})

    assert genuine.context["match"] is True
    assert forged.context["match"] is False


def test_verify_page_does_not_vouch_for_an_unfinished_document(client, town_office, village):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED,
                             error="内部错误细节")

    body = client.get(f"/verify/{document.verification_code}").content.decode()

    assert "未生成完成" in body
    assert "内部错误细节" not in body and "SHA-256" not in body


def test_download_of_a_document_with_sensitive_data_is_logged(client, town_office, sheet, monkeypatch):
    import dataclasses

    from reports.documents import RENDERERS
    from villages.models import SensitiveAccess

    renderer = RENDERERS[Document.Kind.STATUS_SHEET]
    monkeypatch.setitem(RENDERERS, Document.Kind.STATUS_SHEET, dataclasses.replace(renderer, contains_sensitive=True))
    client.force_login(town_office)

    client.get(reverse("reports:document_download", args=[sheet.pk]))

    access = SensitiveAccess.objects.get()
    assert (access.user, access.action, access.record_id) == (town_office, "document", sheet.pk)
