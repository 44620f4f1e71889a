"""The leadership reads the registry's figures, never its households and persons one by one: their pages,
history, exports and API answer 404 (lists through the API are empty, as for any record out of scope)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from members import actions
from tests.factories.members import head, make_household, wife


@pytest.fixture
def household(village, specialist):
    return make_household(village=village, by=specialist, number="0001")


@pytest.fixture
def event(household, specialist):
    return actions.record_birth(mother=wife(household), child_name="王玥", sex="F",
                                born_on=datetime.date(2025, 3, 1), by=specialist)


def _pages(household, event):
    person = head(household)
    return [
        reverse("members:households"),
        reverse("reports:registry_export", args=["xlsx"]),
        reverse("reports:registry_export", args=["csv"]),
        reverse("members:household", args=[household.pk]),
        reverse("members:household_history", args=[household.pk]),
        reverse("members:person", args=[person.pk]),
        reverse("members:void_event", args=[event.pk]),
        reverse("members:correct_event", args=[event.pk]),
    ]


def _api(household, event):
    person = head(household)
    return [f"/api/v1/households/{household.pk}/", f"/api/v1/persons/{person.pk}/", f"/api/v1/events/{event.pk}/"]


def test_leadership_gets_404_on_every_page_of_households_and_persons(client, leader, household, event):
    client.force_login(leader)
    for url in _pages(household, event):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("user", ["town_office", "specialist"])
def test_town_office_and_specialist_still_open_them(client, request, user, household, event):
    client.force_login(request.getfixturevalue(user))
    for url in _pages(household, event):
        assert client.get(url).status_code == 200, url


def test_leadership_api_lists_are_empty_and_records_404(leader, household, event):
    api = APIClient()
    api.force_authenticate(leader)
    for url in ("/api/v1/households/", "/api/v1/persons/", "/api/v1/events/"):
        response = api.get(url)
        assert response.status_code == 200 and response.json()["count"] == 0, url
    for url in _api(household, event):
        assert api.get(url).status_code == 404, url


@pytest.mark.parametrize("user", ["town_office", "specialist"])
def test_town_office_and_specialist_still_read_them_through_the_api(request, user, household, event):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(user))
    assert api.get("/api/v1/households/").json()["count"] == 1
    for url in _api(household, event):
        assert api.get(url).status_code == 200, url


def test_leadership_keeps_the_registry_figures_and_loses_the_households_link(client, leader, household, event):
    client.force_login(leader)
    page = client.get(reverse("members:figures"), {"month": "2025-03"})
    assert page.status_code == 200
    assert f'href="{reverse("members:households")}"' not in page.text
    assert client.get(reverse("villages:village", args=[household.village_id])).status_code == 200
