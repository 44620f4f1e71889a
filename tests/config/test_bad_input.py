"""Bad input from outside answers a clear 400 or 404, never a 500: the public verification lookup, API
filters with impossible years, request bodies nested past any use; and the error pages are the site's own."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from rest_framework.test import APIClient


@pytest.mark.parametrize("code", ["//evil.example", "a/b", "../../etc/passwd", "<script>", "x" * 5000])
def test_a_verification_code_that_cannot_be_one_answers_a_page_not_a_500(db, code):
    response = Client(raise_request_exception=False).get(reverse("reports:verify_lookup"), {"code": code})
    assert response.status_code in (400, 404)
    assert "evil.example" not in response.get("Location", "")
    assert "<html" in response.content.decode()


def test_a_verification_path_that_normalizes_to_nothing_answers_404(db):
    response = Client(raise_request_exception=False).get("/verify/-")
    assert response.status_code == 404


ENDPOINTS = ["village-list", "association-meeting-list", "association-feedback-list", "ledger-entry-list",
             "misconduct-case-list", "supervision-visit-list", "assessment-list"]


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("year", ["0", "99999999999999999999", "-5", "10000"])
def test_an_impossible_year_in_an_api_filter_answers_400_with_the_field(town_office, name, year):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(town_office)
    key = "declared_year" if name == "village-list" else "year"
    response = client.get(reverse(name), {key: year})
    assert response.status_code == 400, response.content[:300]
    assert key in response.json()


@pytest.mark.parametrize("year", ["abc", "0", "99999999999999999999"])
def test_a_page_given_a_year_that_cannot_be_one_shows_its_default(client, town_office, year):
    client.force_login(town_office)
    assert client.get(reverse("assessments:books"), {"year": year}).status_code == 200


def test_a_real_year_still_filters(town_office):
    client = APIClient()
    client.force_authenticate(town_office)
    assert client.get(reverse("ledger-entry-list"), {"year": "2025"}).status_code == 200


def test_a_body_nested_past_any_use_answers_400(town_office, village):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(town_office)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(reverse("group-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_body_larger_than_the_upload_limit_answers_413_or_400(town_office, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(town_office)
    body = '{"name": "' + "x" * 5000 + '"}'
    response = client.post(reverse("group-list"), body, content_type="application/json")
    assert response.status_code in (400, 413)


def test_the_not_found_page_is_the_sites_own_in_chinese(db):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in text and 'class="topbar"' in text and "Not Found" not in text


def test_the_forbidden_page_is_the_sites_own_in_chinese(client, leader):
    client.force_login(leader)
    response = client.get(reverse("members:import"))
    text = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in text and 'class="topbar"' in text


def test_the_server_error_page_renders_without_the_database():
    # No db fixture: a query here would fail the test.
    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in text and "Server Error" not in text
