"""The dashboards on the whole demo town, loaded once for the module: every figure shown equals the catalogue's."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from demo.town import TOWN_CODE
from villages import catalogue
from villages.catalogue import GROUP, TOWN, VILLAGE
from villages.models import Town, User, Village
from villages.periods import Period

YEAR = Period.parse("2025")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_town", stdout=io.StringIO())
        call_command("create_demo_accounts", stdout=io.StringIO())
        town = Town.objects.get(code=TOWN_CODE)
        yield town, {str(p): catalogue.values(town.pk, p) for p in (YEAR, YEAR.previous())}
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _no_cached_figures(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()


def _expected(found, row, level, unit):
    return found.get(row.code, level, unit, row.category)


def _check(board, values, level, unit):
    checked = 0
    for row in board.rows:
        for shown in (row, *row.parts):
            if shown.category == "" and shown is not row:
                continue  # "n other policies" adds up the smaller policies
            assert shown.current.value == _expected(values["2025"], shown, level, unit), shown.code
            assert shown.last_year.value == _expected(values["2024"], shown, level, unit), shown.code
            checked += 1
    return checked


def test_every_figure_of_the_town_overview_equals_the_catalogues(demo, client):
    town, values = demo
    client.force_login(User.objects.get(username="leader"))

    board = client.get("/overview/", {"period": "2025"}).context["board"]

    assert _check(board, values, TOWN, town.pk) > 40
    population = next(row for row in board.rows if row.code == "members.population")
    assert population.current.value == 47_600 and board.changed_most


def test_every_figure_of_daqis_page_equals_the_catalogues_for_the_town_office(demo, client):
    town, values = demo
    daqi = Village.objects.get(town=town, name="大旗村")
    client.force_login(User.objects.get(username="town-assessor"))

    response = client.get(f"/overview/villages/{daqi.pk}/", {"period": "2025"})

    assert _check(response.context["board"], values, VILLAGE, daqi.pk) > 20
    assert response.context["lagging"] is not None  # Daqi: under key management two years running
    assert response.context["rank"]["village_id"] == daqi.pk


def test_every_figure_of_a_groups_page_equals_the_catalogues(demo, client):
    town, values = demo
    member = User.objects.get(username="daqi-member")
    client.force_login(member)

    response = client.get(f"/overview/groups/{member.group_id}/", {"period": "2025"})

    assert response.status_code == 200
    assert _check(response.context["board"], values, GROUP, member.group_id) > 5


def test_the_ranking_follows_the_catalogues_results(demo, client):
    town, values = demo
    client.force_login(User.objects.get(username="leader"))

    ranking = client.get("/overview/", {"period": "2025"}).context["board"].ranking

    results = values["2025"].units("assessments.average_points", VILLAGE)
    assert [row["points"] for row in ranking] == sorted(results.values(), reverse=True)
    assert len(ranking) == 41 and ranking[0]["rank"] == 1


def test_the_api_gives_the_pages_figures(demo):
    town, values = demo
    api = APIClient()
    api.force_authenticate(User.objects.get(username="leader"))

    body = api.get("/api/v1/dashboards/town/", {"period": "2025"}).json()

    figures = {(f["code"], f["category"]): f for f in body["figures"]}
    assert figures[("members.married_women", "")]["value"] == 9_344
    assert figures[("association.members", "")]["value"] == 462


@pytest.mark.parametrize("url", ["/overview/", "/overview/villages/{village}/", "/overview/groups/{group}/"])
def test_each_page_reads_the_cached_figures_in_a_few_queries(demo, client, url, django_assert_max_num_queries):
    town, values = demo
    member = User.objects.get(username="daqi-member")
    url = url.format(village=member.group.village_id, group=member.group_id)
    client.force_login(User.objects.get(username="leader"))
    client.get(url, {"period": "2025"})

    with django_assert_max_num_queries(10):
        assert client.get(url, {"period": "2025"}).status_code == 200
