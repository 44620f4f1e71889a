"""The county level: county office staff read every town of their county (totals, never a person), rank the towns,
open a town's pages, and close a period for the county; a town office reads its own town only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import Person
from reports.queries import county as dashboards
from tests import factories
from tests.factories.members import make_household
from villages import closing
from villages.models import PeriodClosing, User
from villages.periods import Period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_figures")]
PERIOD = str(timezone.localdate().year)  # households built here count from this year
PERIOD_CLOSED = str(timezone.localdate().year - 1)


@pytest.fixture
def neighbour_town(town):
    """A second town of the same county."""
    return factories.make_town(name="芦义镇", code=f"{town.county.code}101")


@pytest.fixture
def far_town(db):
    """A town of another county."""
    return factories.make_town(name="远山镇", code="429902100")


@pytest.fixture
def county_office(town):
    return factories.make_user(role=User.Role.COUNTY_OFFICE, county=town.county, username="county")


@pytest.fixture
def far_county_office(far_town):
    return factories.make_user(role=User.Role.COUNTY_OFFICE, county=far_town.county, username="far-county")


@pytest.fixture
def county_world(town, village, neighbour_town, far_town):
    """Three households in the town, one in its neighbour, two in the far county's town."""
    neighbour_village = factories.make_village(town=neighbour_town, name="芦村")
    far_village = factories.make_village(town=far_town, name="远村")
    for where, count in ((village, 3), (neighbour_village, 1), (far_village, 2)):
        group = factories.make_group(village=where, number=1)
        for _ in range(count):
            make_household(village=where, group=group)
    return {"neighbour_village": neighbour_village, "far_village": far_village}


def _row(board, code):
    return next(row for row in board.rows if row.code == code)


def test_county_office_reads_its_towns_side_by_side_with_county_totals(client, county_office, county_world, town,
                                                                       neighbour_town):
    client.force_login(county_office)

    response = client.get("/overview/county/", {"period": PERIOD, "rank": "members.households"})

    assert response.status_code == 200
    board = response.context["board"]
    assert [line.town for line in board.towns] == [town, neighbour_town]  # the far county's town is not there
    households = {line.town.name: line.values["members.households"] for line in board.towns}
    assert households == {town.name: 3, neighbour_town.name: 1}
    assert _row(board, "members.households").current.value == 4
    assert "远山镇" not in response.content.decode()


def test_a_county_rate_is_divided_again_from_the_towns_totals_not_averaged():
    figure = dashboards.catalogue.get("association.coverage")
    towns = [{figure.numerator: 1, figure.denominator: 1}, {figure.numerator: 0, figure.denominator: 3}]

    assert dashboards.county_total(figure, towns) == 25  # 1 of 4 households, not (100 + 0) / 2


def test_towns_are_ranked_best_first_with_ties_sharing_a_rank(county_office, county_world, town, neighbour_town):
    factories.make_town(name="三镇", code=f"{town.county.code}102")

    board = dashboards.county_dashboard(county_office, town.county, Period.parse(PERIOD),
                                        rank_by="members.population")

    assert [(line.town.name, line.rank) for line in board.towns] == [(town.name, 1), (neighbour_town.name, 2),
                                                                     ("三镇", 3)]


def test_county_office_opens_a_town_of_its_county_and_its_villages(client, county_office, county_world,
                                                                   neighbour_town):
    client.force_login(county_office)

    town_page = client.get("/overview/", {"town": neighbour_town.pk, "period": PERIOD})
    village_page = client.get(f"/overview/villages/{county_world['neighbour_village'].pk}/", {"period": PERIOD})
    chart = client.get("/overview/charts/grid.svg", {"town": neighbour_town.pk, "period": PERIOD})

    assert town_page.status_code == 200 and town_page.context["board"].town == neighbour_town
    assert f"town={neighbour_town.pk}" in town_page.context["chart_query"]
    assert village_page.status_code == 200
    assert chart.status_code == 200


def test_county_office_without_a_town_lands_on_the_county_overview(client, county_office):
    client.force_login(county_office)

    assert client.get("/overview/").url == "/overview/county/"
    assert client.get("/").url == "/overview/county/"


def test_another_countys_town_and_village_are_not_found_for_a_county_office(client, county_office, county_world,
                                                                            far_town):
    client.force_login(county_office)

    assert client.get("/overview/", {"town": far_town.pk}).status_code == 404
    assert client.get("/overview/", {"town": "nonsense"}).status_code == 404
    assert client.get(f"/overview/villages/{county_world['far_village'].pk}/").status_code == 404
    assert client.get("/overview/charts/grid.svg", {"town": far_town.pk}).status_code == 404


def test_a_town_office_of_the_county_does_not_see_another_town(client, town_office, county_world, neighbour_town):
    client.force_login(town_office)

    own = client.get("/overview/", {"town": neighbour_town.pk, "period": PERIOD})
    neighbour_village = client.get(f"/overview/villages/{county_world['neighbour_village'].pk}/")
    county = client.get("/overview/county/")

    assert own.status_code == 200 and own.context["board"].town == town_office.town  # ?town= is the county's
    assert neighbour_village.status_code == 404
    assert county.status_code == 404
    household = Person.objects.filter(household__village=county_world["neighbour_village"]).first().household
    assert client.get(f"/households/{household.pk}/").status_code == 404


def test_county_office_reads_no_person_and_no_sensitive_data(client, county_office, county_world, village):
    client.force_login(county_office)
    household = Person.objects.filter(household__village=village).first().household

    assert client.get(f"/households/{household.pk}/").status_code in (403, 404)
    assert client.get("/households/").status_code in (403, 404)


def test_county_office_closes_a_year_for_every_town_not_yet_closed(client, county_office, town_office, town,
                                                                   neighbour_town, far_town):
    period = Period.parse(PERIOD_CLOSED)
    own_closing = closing.close(town=town, period=period, by=town_office)
    client.force_login(county_office)

    response = client.post("/overview/county/close/", {"period": PERIOD_CLOSED, "note": "年终结账"})

    assert response.status_code == 302
    current = PeriodClosing.objects.current().filter(period=PERIOD_CLOSED)
    assert {row.town for row in current} == {town, neighbour_town}  # not the far county's
    assert current.get(town=town) == own_closing  # a town that had closed it keeps its snapshot
    made = current.get(town=neighbour_town)
    assert made.closed_by == county_office and made.note == "年终结账"
    board = client.get("/overview/county/", {"period": PERIOD_CLOSED}).context["board"]
    assert board.is_closed


def test_closing_for_the_county_refuses_a_period_not_over_and_nonsense(client, county_office, town):
    client.force_login(county_office)

    open_year = client.post("/overview/county/close/", {"period": PERIOD}, follow=True)
    nonsense = client.post("/overview/county/close/", {"period": "2025-13"}, follow=True)

    assert "is not over yet" in open_year.content.decode()
    assert nonsense.status_code == 200 and nonsense.redirect_chain[-1][0] == "/overview/county/"
    assert not PeriodClosing.objects.exists()


def test_only_the_county_office_closes_for_the_county(client, town_office, leader, far_county_office, town):
    period = Period.parse(PERIOD_CLOSED)
    for user in (town_office, leader):
        client.force_login(user)
        assert client.post("/overview/county/close/", {"period": PERIOD_CLOSED}).status_code == 404
    with pytest.raises(PermissionDenied):
        closing.close_county(county=town.county, period=period, by=far_county_office)
    with pytest.raises(PermissionDenied):
        closing.close(town=town, period=period, by=far_county_office)
    assert not PeriodClosing.objects.exists()


def test_a_county_office_needs_its_county():
    user = User(username="x", role=User.Role.COUNTY_OFFICE)

    with pytest.raises(Exception, match="county"):
        user.full_clean()


def test_county_overview_reads_closed_towns_in_a_fixed_number_of_queries(client, county_office, town_office, town):
    period = Period.parse(PERIOD_CLOSED)
    for number in range(101, 104):
        closing.close(town=factories.make_town(name=f"镇{number}", code=f"{town.county.code}{number}"),
                      period=period, by=county_office)
    closing.close(town=town, period=period, by=town_office)
    client.force_login(county_office)
    client.get("/overview/county/", {"period": PERIOD_CLOSED})  # the year before is computed and kept

    with CaptureQueriesContext(connection) as four_towns:
        response = client.get("/overview/county/", {"period": PERIOD_CLOSED})
    fifth = factories.make_town(name="镇104", code=f"{town.county.code}104")
    closing.close(town=fifth, period=period, by=county_office)
    client.get("/overview/county/", {"period": PERIOD_CLOSED})
    with CaptureQueriesContext(connection) as five_towns:
        client.get("/overview/county/", {"period": PERIOD_CLOSED})

    assert response.context["board"].is_closed
    assert len(five_towns) == len(four_towns) <= 12


def test_county_office_reads_a_figure_of_a_town_of_its_county_village_by_village(client, county_office,
                                                                               county_world, town, neighbour_town,
                                                                               far_town):
    client.force_login(county_office)

    figure = client.get("/figures/members.households/", {"town": neighbour_town.pk, "period": PERIOD})
    of_village = client.get("/figures/members.households/",
                            {"village": county_world["neighbour_village"].pk, "period": PERIOD})
    catalogue_page = client.get("/figures/", {"town": town.pk, "period": PERIOD})

    assert figure.status_code == 200 and figure.context["town"] == neighbour_town
    assert [row["name"] for row in figure.context["rows"]] == ["芦村"]  # the town's villages, not the county's
    assert figure.context["records"] is None  # totals only: no household listed
    assert of_village.status_code == 200 and of_village.context["value"] == 1
    assert catalogue_page.status_code == 200 and f"town={town.pk}" in catalogue_page.content.decode()
    assert client.get("/figures/members.households/", {"town": far_town.pk}).status_code == 404
    assert client.get("/figures/members.households/",
                      {"village": county_world["far_village"].pk}).status_code == 404


def test_the_county_dashboard_through_the_api(county_office, county_world, town, neighbour_town):
    api = APIClient()
    api.force_authenticate(county_office)

    answer = api.get("/api/v1/dashboards/county/", {"period": PERIOD, "rank": "members.population"})

    assert answer.status_code == 200
    data = answer.json()
    assert data["county_name"] == town.county.name and data["rank_by"] == "members.population"
    assert [(row["name"], row["rank"], row["figures"]["members.population"]) for row in data["towns"]] == [
        (town.name, 1, "6"), (neighbour_town.name, 2, "2")]
    assert next(row for row in data["figures"] if row["code"] == "members.households")["value"] == "4"


def test_the_county_api_refuses_bad_input_and_other_roles(county_office, far_county_office, town_office,
                                                          county_world, neighbour_town, far_town):
    api = APIClient()
    api.force_authenticate(county_office)

    assert api.get("/api/v1/dashboards/county/", {"period": "202507"}).status_code == 400
    assert "rank" in api.get("/api/v1/dashboards/county/", {"rank": "members.phones"}).json()
    assert api.get("/api/v1/dashboards/town/", {"town": neighbour_town.pk, "period": PERIOD}).status_code == 200
    assert api.get("/api/v1/dashboards/town/", {"town": far_town.pk}).status_code == 404
    api.force_authenticate(far_county_office)
    far = api.get("/api/v1/dashboards/county/", {"period": PERIOD}).json()
    assert [row["name"] for row in far["towns"]] == [far_town.name]
    api.force_authenticate(town_office)
    assert api.get("/api/v1/dashboards/county/").status_code == 404


def test_open_towns_not_in_the_cache_are_left_to_the_workers_and_asked_once(client, county_office, county_world,
                                                                           town, neighbour_town, monkeypatch):
    from reports import tasks

    asked = []
    monkeypatch.setattr("reports.views.dashboards.town_totals_asker", lambda: lambda *args: asked.append(args))
    client.force_login(county_office)

    first = client.get("/overview/county/", {"period": PERIOD})
    client.get("/overview/county/", {"period": PERIOD})  # a reload asks nothing more

    board = first.context["board"]
    assert board.pending_towns == 2 and all(line.pending for line in board.towns)
    assert _row(board, "members.households").current.value is None  # no county total from half the towns
    assert "being computed" in first.content.decode()
    assert sorted((town_id, period) for town_id, period, _codes in asked) == sorted(
        [(town.pk, PERIOD), (neighbour_town.pk, PERIOD), (town.pk, PERIOD_CLOSED), (neighbour_town.pk, PERIOD_CLOSED)])
    for town_id, period, codes in asked:  # what the worker does
        tasks.compute_town_totals_task(town_id, period, codes)
    done = client.get("/overview/county/", {"period": PERIOD}).context["board"]
    assert done.pending_towns == 0 and _row(done, "members.households").current.value == 4


def test_the_background_needs_a_cache_shared_with_a_worker(settings):
    from reports.tasks import town_totals_asker

    assert town_totals_asker() is None  # tasks in process, a cache of its own: computed in the page
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/9"}}
    assert town_totals_asker() is None  # still in process: no worker to ask


def test_county_office_lists_the_documents_of_its_towns_only(client, county_office, town_office, county_world,
                                                            town, neighbour_town, far_town):
    from reports.queries.documents import documents_for
    from tests.factories.reports import make_document

    far_office = factories.make_user(role=User.Role.TOWN_OFFICE, town=far_town)
    neighbour_office = factories.make_user(role=User.Role.TOWN_OFFICE, town=neighbour_town)
    own = make_document(requested_by=town_office)
    neighbours = make_document(requested_by=neighbour_office, village=county_world["neighbour_village"])
    far = make_document(requested_by=far_office)

    assert set(documents_for(county_office)) == {own, neighbours}
    assert set(documents_for(town_office)) == {own}
    assert far not in documents_for(county_office)
    client.force_login(county_office)
    assert client.get(f"/documents/{neighbours.pk}/").status_code == 200
    assert client.get(f"/documents/{far.pk}/").status_code == 404
