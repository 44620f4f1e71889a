import datetime

from django.utils import timezone

from members import actions, queries
from members.models import Person
from tests.factories.members import make_household, wife


def _month(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = day.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def test_period_figures_reconcile_and_close_on_the_registered_count(village, specialist):
    household = make_household(village=village, by=specialist)
    actions.record_birth(mother=wife(household), child_name="王玥", sex="F", born_on=timezone.localdate(),
                         by=specialist)
    actions.record_death(person=wife(household), died_on=timezone.localdate(), by=specialist)

    start, end = _month(timezone.localdate())
    figures = queries.village_figures(specialist, start, end)[village.pk]

    assert figures.opening + figures.came_in - figures.went_out == figures.closing
    assert (figures.opening, figures.came_in, figures.went_out) == (0, 3, 1)
    assert figures.closing == Person.objects.filter(household__village=village, status="active").count() == 2
    assert figures.by_kind == {"registered": 2, "birth": 1, "death": 1}


def test_a_closed_month_does_not_change_when_a_late_birth_is_recorded(village, specialist):
    household = make_household(village=village, by=specialist)
    this_start, this_end = _month(timezone.localdate())
    last_start, last_end = _month(this_start - datetime.timedelta(days=1))
    closed = queries.village_figures(specialist, last_start, last_end).get(village.pk)

    # A child born last month is only reported now.
    actions.record_birth(mother=wife(household), child_name="王琳", sex="F", born_on=last_start, by=specialist)

    assert queries.village_figures(specialist, last_start, last_end).get(village.pk) == closed
    now = queries.village_figures(specialist, this_start, this_end)[village.pk]
    assert now.late_in == 1 and now.came_in == 3
    assert now.closing == 3


def test_next_month_opens_where_this_month_closed(village, specialist):
    make_household(village=village, by=specialist)
    start, end = _month(timezone.localdate())
    following = end + datetime.timedelta(days=1)

    this = queries.village_figures(specialist, start, end)[village.pk]
    next_one = queries.village_figures(specialist, following, following + datetime.timedelta(days=27))[village.pk]

    assert next_one.opening == this.closing


def test_figures_of_another_village_are_not_shown(village, other_village, specialist):
    make_household(village=other_village)
    start, end = _month(timezone.localdate())
    assert other_village.pk not in queries.village_figures(specialist, start, end)


def test_births_by_order(village, specialist):
    mother = wife(make_household(village=village, by=specialist))
    for index, day in enumerate([datetime.date(2022, 3, 1), datetime.date(2024, 9, 1)]):
        actions.record_birth(mother=mother, child_name=f"王{index}", sex="F", born_on=day, by=specialist)
    assert queries.births_by_order(specialist, datetime.date(2022, 1, 1), datetime.date(2025, 12, 31)) == {1: 1, 2: 1}


def test_the_registry_figures_page_opens_on_the_working_years_last_month(client, town, village, specialist):
    town.working_year = 2025
    town.save()
    client.force_login(specialist)
    page = client.get("/registry/figures/")
    assert page.status_code == 200 and page.context["month"] == datetime.date(2025, 12, 1)
    assert client.get("/registry/figures/", {"month": "2025-07"}).context["month"] == datetime.date(2025, 7, 1)
    assert client.get("/registry/figures/", {"month": "202503"}).context["month"] == datetime.date(2025, 3, 1)
    assert client.get("/registry/figures/", {"month": "junk"}).context["month"] == datetime.date(2025, 12, 1)


def test_the_registry_figures_in_the_catalogue_and_their_records_by_reader(village, other_village, specialist,
                                                                           town_office):
    from tests.factories import make_user
    from villages import catalogue
    from villages.catalogue import TOWN, VILLAGE
    from villages.periods import Period

    household = make_household(village=village, by=specialist)
    year = Period.parse(str(timezone.localdate().year))
    found = catalogue.compute(village.town_id, year, ["members.population", "members.households",
                                                      "members.married_women"])
    assert found.get("members.population") == 2 and found.get("members.households", VILLAGE, village.pk) == 1
    assert found.breakdown("members.population", catalogue.SEX) == {"M": 1, "F": 1}
    assert found.get("members.married_women") == 1
    figure = catalogue.get("members.population")
    assert set(figure.records(town_office, year, TOWN, None)) == set(household.people.all())
    stranger = make_user(role="specialist", village=other_village, username="stranger")
    assert not figure.records(stranger, year, TOWN, None).exists()
    last_year = Period.parse(str(timezone.localdate().year - 1))
    assert catalogue.compute(village.town_id, last_year, ["members.population"]).get("members.population") == 0
