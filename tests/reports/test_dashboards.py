"""The dashboards on a small town: who reads which page, bad periods, small counts hidden, query counts."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reports.charts import Scope, chart_svg
from tests import factories
from tests.factories.members import make_household
from tests.factories.villages import make_designation
from villages import closing
from villages.models import Designation, Town, User
from villages.periods import Period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_figures")]
# Households built here are recorded today: their figures count from this year.
PERIOD = str(timezone.localdate().year)
COMPUTING = 105
PERIOD_CLOSED = str(timezone.localdate().year - 1)  # a year that has ended, so it may be closed


@pytest.fixture
def group(village):
    return factories.make_group(village=village, number=2)


@pytest.fixture
def other_group(other_village):
    return factories.make_group(village=other_village, number=1)


@pytest.fixture
def two_people(village, group):
    """A married couple in the village: a count below five."""
    return make_household(village=village, group=group)


def test_leadership_reads_the_town_overview_with_each_section(client, leader, village):
    client.force_login(leader)

    response = client.get("/overview/", {"period": PERIOD})

    assert response.status_code == 200
    codes = {row.code for row in response.context["board"].rows}
    assert {"members.population", "members.births", "villages.declared", "association.coverage",
            "incentives.budget_paid", "services.health_examined", "assessments.average_points",
            "assessments.rewards"} <= codes
    assert b"/overview/charts/grid.svg" in response.content


def test_town_office_reads_the_town_overview_and_a_quarter(client, town_office, village):
    client.force_login(town_office)

    response = client.get("/overview/", {"period": "2025Q3"})

    assert response.status_code == 200
    board = response.context["board"]
    assert str(board.previous) == "2025Q2" and str(board.last_year) == "2024Q3"


def test_a_bad_period_is_said_on_the_page_which_shows_the_working_year(client, leader):
    client.force_login(leader)

    response = client.get("/overview/", {"period": "2025-13"})

    assert response.status_code == 200
    assert "A period is a year" in response.content.decode()
    assert response.context["board"].period.kind == "year"


def test_a_month_is_not_a_dashboard_period(client, leader):
    client.force_login(leader)

    response = client.get("/overview/", {"period": "202507"})

    assert "Give a year (2025) or a quarter (2025Q3)." in response.content.decode()


def test_specialist_lands_on_their_village_and_reads_it(client, specialist, village):
    client.force_login(specialist)

    assert client.get("/overview/")["Location"] == f"/overview/villages/{village.pk}/"
    assert client.get(f"/overview/villages/{village.pk}/").status_code == 200


def test_specialist_cannot_open_another_villages_dashboard(client, specialist, other_village, other_group):
    client.force_login(specialist)

    assert client.get(f"/overview/villages/{other_village.pk}/").status_code == 404
    assert client.get(f"/overview/groups/{other_group.pk}/").status_code == 404
    assert client.get("/overview/charts/ranking.svg", {"village": other_village.pk}).status_code == 404
    assert client.get("/overview/charts/grid.svg").status_code == 404


def test_member_reads_only_their_own_group(client, member, village, group):
    client.force_login(member)

    assert client.get("/overview/")["Location"] == f"/overview/groups/{member.group_id}/"
    assert client.get(f"/overview/groups/{member.group_id}/").status_code == 200
    assert client.get(f"/overview/groups/{group.pk}/").status_code == 404
    assert client.get(f"/overview/villages/{village.pk}/").status_code == 404


def test_a_user_without_a_role_gets_404(client, town):
    nobody = User.objects.create_user(username="nobody", password="x")
    client.force_login(nobody)

    assert client.get("/overview/").status_code == 404


def test_leadership_sees_a_small_count_about_people_as_below_five(client, leader, village, group, two_people):
    client.force_login(leader)

    village_page = client.get(f"/overview/villages/{village.pk}/", {"period": PERIOD})
    town_page = client.get("/overview/", {"period": PERIOD})

    population = next(row for row in village_page.context["board"].rows if row.code == "members.married_women")
    assert population.current.hidden and population.current.shown == "<5"
    assert next(r for r in town_page.context["board"].rows if r.code == "members.married_women").current.value == 1


def test_town_office_sees_the_small_count(client, town_office, village, group, two_people):
    client.force_login(town_office)

    response = client.get(f"/overview/groups/{group.pk}/", {"period": PERIOD})

    population = next(row for row in response.context["board"].rows if row.code == "members.married_women")
    assert population.current.value == 1 and not population.current.hidden


def test_each_number_links_to_the_figures_page_of_the_unit(client, town_office, village, two_people):
    client.force_login(town_office)

    response = client.get(f"/overview/villages/{village.pk}/", {"period": PERIOD})

    assert f'/figures/members.population/?period={PERIOD}&amp;village={village.pk}' in response.content.decode()


def test_a_lagging_villages_page_shows_its_rectification_plan(client, leader, village):
    plan = "整顿班子，如实上报。"
    make_designation(village=village, year=int(PERIOD), kind=Designation.Kind.LAGGING, rectification_plan=plan)
    client.force_login(leader)

    response = client.get(f"/overview/villages/{village.pk}/", {"period": PERIOD})

    assert "整顿班子，如实上报。" in response.content.decode()
    assert response.context["board"].states == {village.pk: "lagging"}


@pytest.mark.parametrize("name", ["trend", "ranking", "births", "families", "grid"])
def test_each_chart_is_an_svg_image_with_chinese_fonts(client, leader, village, name):
    client.force_login(leader)

    response = client.get(f"/overview/charts/{name}.svg", {"period": PERIOD})

    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and "Noto Sans CJK SC" in svg and "style=" not in svg and "<script" not in svg


def test_the_grid_labels_every_village_with_its_state_for_black_and_white_print(client, leader, village,
                                                                                other_village):
    make_designation(village=village, year=int(PERIOD), kind=Designation.Kind.DEMONSTRATION)
    client.force_login(leader)

    svg = client.get("/overview/charts/grid.svg", {"period": PERIOD}).content.decode()

    assert "大旗村" in svg and "荀子村" in svg and "url(#hatch)" in svg
    assert "demonstration" in svg and "not designated" in svg


def test_a_chart_with_a_bad_period_answers_400(client, leader):
    client.force_login(leader)

    assert client.get("/overview/charts/trend.svg", {"period": "soon"}).status_code == 400
    assert client.get("/overview/charts/pie.svg").status_code == 404


@pytest.mark.parametrize(("url", "computing", "cached"), [
    ("/overview/", COMPUTING, 6), ("village", COMPUTING + 3, 9), ("group", COMPUTING + 1, 7)])
def test_each_dashboard_page_answers_in_a_fixed_number_of_queries(client, leader, village, group, url, computing,
                                                                  cached, django_assert_num_queries):
    # Computing the catalogue's batches for the three periods, then reading them from the cache; the same
    # counts whatever the town holds.
    url = {"village": f"/overview/villages/{village.pk}/", "group": f"/overview/groups/{group.pk}/"}.get(url, url)
    Town.objects.filter(pk=village.town_id).update(working_year=2025)  # as the town office sets it
    client.force_login(leader)
    client.get("/overview/", {"period": "2024Q1"})
    factories.make_village(town=village.town)
    factories.make_group(village=village, number=9)

    with django_assert_num_queries(computing):
        client.get(url, {"period": "2025Q3"})
    with django_assert_num_queries(cached):
        client.get(url, {"period": "2025Q3"})


# --- The API ------------------------------------------------------------------------------------------------

@pytest.fixture
def api():
    return APIClient()


def test_the_api_gives_the_towns_figures_with_previous_and_last_year(api, leader, village, two_people):
    api.force_authenticate(leader)

    response = api.get("/api/v1/dashboards/town/", {"period": PERIOD})

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == PERIOD and body["last_year_period"] == str(int(PERIOD) - 1)
    population = next(f for f in body["figures"] if f["code"] == "members.married_women" and not f["category"])
    assert population == {**population, "value": 1, "previous": 0, "last_year": 0, "suppressed": False}


def test_the_api_hides_a_small_count_of_a_village_from_the_leadership(api, leader, village, two_people):
    api.force_authenticate(leader)

    body = api.get(f"/api/v1/dashboards/villages/{village.pk}/", {"period": PERIOD}).json()

    population = next(f for f in body["figures"] if f["code"] == "members.married_women" and not f["category"])
    assert population["value"] is None and population["suppressed"] is True


def test_the_api_answers_400_on_a_bad_period(api, leader):
    api.force_authenticate(leader)

    response = api.get("/api/v1/dashboards/town/", {"period": "2025Q5"})

    assert response.status_code == 400 and "period" in response.json()


def test_the_api_denies_another_village_and_group_to_a_specialist(api, specialist, village, group, other_village,
                                                                 other_group):
    api.force_authenticate(specialist)

    assert api.get(f"/api/v1/dashboards/villages/{other_village.pk}/").status_code == 404
    assert api.get(f"/api/v1/dashboards/groups/{other_group.pk}/").status_code == 404
    assert api.get("/api/v1/dashboards/town/").status_code == 404
    assert api.get(f"/api/v1/dashboards/groups/{group.pk}/").status_code == 200


def test_the_annual_summary_can_embed_the_same_chart_as_the_page(client, leader, village):
    client.force_login(leader)
    page = client.get("/overview/charts/grid.svg", {"period": PERIOD}).content.decode()

    assert chart_svg("grid", user=leader, scope=Scope(village.town), period=Period.parse(PERIOD)) == page


def test_a_trend_of_another_figure_is_drawn_and_an_unknown_one_falls_back_to_births(client, leader, village):
    client.force_login(leader)

    married = client.get("/overview/charts/trend.svg", {"period": "2025Q3", "code": "members.married_women"})
    unknown = client.get("/overview/charts/trend.svg", {"period": "2025Q3", "code": "nothing"})

    assert "Married women of childbearing age" in married.content.decode() and "2024Q4" in married.content.decode()
    assert "Births" in unknown.content.decode()


def test_a_closed_period_is_read_from_its_snapshot_until_it_is_closed_again(client, leader, town_office, village):
    closed = closing.close(town=village.town, period=Period.parse(PERIOD_CLOSED), by=town_office)
    client.force_login(leader)

    first = client.get("/overview/", {"period": PERIOD_CLOSED}).context["board"]
    again = client.get("/overview/", {"period": PERIOD_CLOSED}).context["board"]
    closing.close(town=village.town, period=Period.parse(PERIOD_CLOSED), by=town_office)
    after = client.get("/overview/", {"period": PERIOD_CLOSED}).context["board"]

    assert first.found.closing == closed and again.found.closing == closed
    assert after.found.is_closed and after.found.closing != closed
