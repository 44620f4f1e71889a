"""The association's figures for a past year stay as they stood: what happens later changes none of them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.actions import members as actions
from association.queries import data_years, default_year, feedback_month, groups_without_member, uncovered_households
from association.queries.figures import as_of, coverage_by, feedback_by_month, group_rows, members_by, village_figures
from members.actions import move_household_out
from tests.factories import make_group, make_user, make_village
from tests.factories.association import make_card, make_households, make_member, submit
from tests.factories.members import make_household
from villages import catalogue
from villages.catalogue import GROUP, TOWN, VILLAGE
from villages.models import User
from villages.periods import Period

YEAR = 2025
YEAR_END = datetime.date(YEAR, 12, 31)
JOINED_2026 = datetime.date(2026, 1, 5)
NUMBERS = (901, 902, 903, 904, 905, 906)


# Numbered villages: the shared factories number villages from one counter for the whole run, and a
# village's code has room for three digits.
@pytest.fixture
def village(town):
    return make_village(town=town, name="大旗村", number=NUMBERS[0])


@pytest.fixture
def other_village(town):
    return make_village(town=town, name="荀子村", number=NUMBERS[1])


def today() -> datetime.date:
    return timezone.localdate()


def due(month: datetime.date) -> datetime.date:
    """The default due day: the 5th of the following month."""
    return (month + datetime.timedelta(days=32)).replace(day=5)


@pytest.fixture
def world(village, other_village):
    """2025 in two villages: members joining and leaving in the year, cards, a household gone, reports."""
    first, second = make_group(village=village, number=1), make_group(village=village, number=2)
    make_group(village=village, number=3)  # never had a member
    waiting = make_group(village=village, number=4)  # gets its first member in 2026
    veteran = make_member(group=first, name="张芳", joined_on=datetime.date(2024, 1, 1))
    newcomer = make_member(group=second, name="李梅", joined_on=datetime.date(2025, 3, 10))
    gone_in_2025 = make_member(group=second, name="王兰", joined_on=datetime.date(2024, 5, 1))
    actions.leave_association(member=gone_in_2025, left_on=datetime.date(2025, 8, 31), reason="resigned", by=None)
    veteran_homes = make_card(veteran, 3)
    newcomer_homes = make_card(newcomer, 2, served_from=datetime.date(2025, 3, 10))
    make_households(second, 1)  # served by nobody
    moved_2025 = make_card(veteran, 1)[0]
    move_household_out(household=moved_2025, moved_on=datetime.date(2025, 6, 1), destination="外省",
                       reason="全户迁出", by=None)
    for number in range(1, 13):
        month = datetime.date(YEAR, number, 1)
        submit(veteran, month, received_on=due(month) + datetime.timedelta(days=3 * (number % 4 == 0)))
        if number >= 4 and number % 2:
            submit(newcomer, month, received_on=due(month))
    stranger = make_member(group=make_group(village=other_village, number=1), name="荀会员",
                           joined_on=datetime.date(2024, 1, 1))
    elsewhere = make_group(village=other_village, number=2)  # gets its first member in 2026
    make_card(stranger, 2)
    submit(stranger, datetime.date(YEAR, 1, 1), received_on=datetime.date(YEAR, 2, 1))
    return {"veteran": veteran, "newcomer": newcomer, "stranger": stranger, "first": first, "second": second,
            "waiting": waiting, "elsewhere": elsewhere, "veteran_homes": veteran_homes,
            "newcomer_homes": newcomer_homes}


def the_2026_changes(village, other_village, world) -> None:
    """Members who joined on 5 January 2026, a membership ended, households registered and moved out in 2026.

    (Villager groups carry no dates: the groups are all there from the start.)
    """
    for group in (world["first"], world["second"], world["waiting"]):
        make_member(group=group, joined_on=JOINED_2026)
    joiner = make_member(group=world["elsewhere"], joined_on=JOINED_2026)
    actions.assign_households(member=joiner, households=make_households(joiner.group, 2, registered_on=JOINED_2026),
                              served_from=JOINED_2026, by=None)
    actions.leave_association(member=world["veteran"], left_on=datetime.date(2026, 2, 1), reason="moved_away",
                              by=None)
    newcomer_2026 = make_household(group=world["first"], registered_on=datetime.date(2026, 3, 1))
    actions.assign_households(member=world["newcomer"], households=[newcomer_2026],
                              served_from=datetime.date(2026, 3, 1), by=None)
    make_household(group=world["second"], registered_on=datetime.date(2026, 3, 2))  # served by nobody
    move_household_out(household=world["newcomer_homes"][0], moved_on=datetime.date(2026, 4, 1),
                       destination="外省", reason="全户迁出", by=None)
    submit(world["newcomer"], datetime.date(2026, 1, 1), received_on=datetime.date(2026, 2, 20))


def figures_of(user, village) -> dict:
    """Every figure of 2025 the association shows, in plain values."""
    rows = village_figures(user, YEAR, today())
    groups = group_rows(user, village.pk, YEAR, today())
    return {
        "villages": {r.village.pk: (r.members, r.groups_without_member, r.coverage.active, r.coverage.covered,
                                    r.feedback.expected, r.feedback.on_time, r.feedback.late, r.feedback.missing)
                     for r in rows},
        "groups": {g["group"].pk: ([m.pk for m in g["members"]], g["coverage"].active, g["coverage"].covered,
                                   g["feedback"].expected, g["feedback"].on_time) for g in groups},
        "members by group": members_by(user, "group", YEAR_END, village_id=village.pk),
        "coverage by group": {k: (c.active, c.covered) for k, c in
                              coverage_by(user, "group", YEAR_END, village_id=village.pk).items()},
        "months": [(m.month, m.expected, m.on_time, m.late, m.missing)
                   for m in feedback_by_month(user, YEAR, today(), village_id=village.pk)],
        "uncovered": sorted(uncovered_households(user, village.pk, YEAR_END).values_list("number", flat=True)),
        "groups without member": sorted(groups_without_member(user, village.pk, YEAR_END)
                                        .values_list("number", flat=True)),
        "december roll": [m.pk for m, _report in feedback_month(user, village.pk, datetime.date(YEAR, 12, 1))],
    }


def test_2025_figures_count_what_stood_at_the_year_end(town_office, village, world):
    figures = figures_of(town_office, village)
    # On 31 December 2025: two members (one left in August), four groups of which two have none.
    # Households registered that day: 3 + 2 + 1 (the one moved out in June is not); 5 served.
    assert figures["villages"][village.pk][:4] == (2, 2, 6, 5)
    assert figures["members by group"] == {world["first"].pk: 1, world["second"].pk: 1}
    assert figures["groups without member"] == [3, 4]
    assert len(figures["uncovered"]) == 1
    # Expected: the veteran 12 months, the newcomer March to December, the one who left January to July.
    expected, on_time, late, missing = figures["villages"][village.pk][4:]
    assert expected == 12 + 10 + 7
    assert (on_time, late) == (9 + 4, 3)
    assert missing == expected - on_time - late


def test_later_changes_leave_the_2025_figures_as_they_were(town_office, village, other_village, world):
    before = figures_of(town_office, village)

    the_2026_changes(village, other_village, world)

    assert figures_of(town_office, village) == before
    # Today's figures do move: the changes were real.
    now = village_figures(town_office, today().year, today(), village_id=village.pk)[0]
    assert now.members == 1 + 3 and now.groups_without_member == 1
    assert now.coverage.active == before["villages"][village.pk][2] + 2 - 1


def test_a_quarter_is_taken_on_its_last_day(town_office, village, world):
    assert as_of(Period.parse("2025Q3"), today()) == datetime.date(2025, 9, 30)
    assert as_of(YEAR, datetime.date(2025, 7, 1)) == datetime.date(2025, 7, 1)
    on = as_of(Period.parse("2025Q3"), today())
    # The member who left on 31 August was no longer on the roll on 30 September.
    assert members_by(town_office, "village", on)[village.pk] == 2
    assert members_by(town_office, "village", datetime.date(2025, 8, 30))[village.pk] == 3


# The pages

def test_town_page_shows_2025_as_it_stood(client, town_office, village, other_village, world):
    client.force_login(town_office)
    before = client.get(f"/association/?year={YEAR}").context
    the_2026_changes(village, other_village, world)

    response = client.get(f"/association/?year={YEAR}")

    assert response.status_code == 200 and response.context["year"] == YEAR
    rows = {row.village.pk: row for row in response.context["rows"]}
    assert rows[village.pk].members == 2 and rows[other_village.pk].members == 1
    assert response.context["totals"].members == before["totals"].members == 3
    assert response.context["totals"].coverage == before["totals"].coverage
    assert response.context["as_of"] == YEAR_END
    assert f'<option value="{YEAR}" selected>' in response.content.decode()


def test_village_page_and_its_groups_show_2025(client, specialist, village, other_village, world):
    client.force_login(specialist)
    before = client.get(f"/association/villages/{village.pk}/?year={YEAR}").context
    the_2026_changes(village, other_village, world)

    response = client.get(f"/association/villages/{village.pk}/?year={YEAR}")

    assert response.context["row"].members == before["row"].members == 2
    assert [len(g["members"]) for g in response.context["groups"]] == [1, 1, 0, 0]
    assert response.context["row"].coverage == before["row"].coverage


def test_feedback_page_shows_the_months_of_the_year_asked(client, specialist, village, world):
    client.force_login(specialist)
    response = client.get(f"/association/villages/{village.pk}/feedback/?year={YEAR}")

    assert response.status_code == 200
    assert response.context["year"] == YEAR and response.context["month"] == datetime.date(YEAR, 12, 1)
    assert [m.month for m in response.context["months"]] == [datetime.date(YEAR, n, 1) for n in range(1, 13)]
    assert [m.pk for m, _report in response.context["rows"]] == [world["veteran"].pk, world["newcomer"].pk]
    html = response.content.decode()
    assert f"?month={YEAR}-03" in html


def test_feedback_page_month_names_its_year(client, specialist, village, world):
    client.force_login(specialist)
    response = client.get(f"/association/villages/{village.pk}/feedback/?year=2024&month={YEAR}-08")
    assert response.context["month"] == datetime.date(YEAR, 8, 1) and response.context["year"] == YEAR
    # The member who left on 31 August was off the roll at the month's end: July was her last month.
    assert len(response.context["rows"]) == 2
    july = client.get(f"/association/villages/{village.pk}/feedback/?month={YEAR}-07")
    assert len(july.context["rows"]) == 3


def test_another_village_specialist_gets_404_on_the_feedback_page(client, village, world):
    outsider = make_user(role=User.Role.SPECIALIST, village=make_village(town=village.town, name="外村",
                                                                         number=NUMBERS[2]), username="outsider")
    client.force_login(outsider)
    assert client.get(f"/association/villages/{village.pk}/feedback/?year={YEAR}").status_code == 404


def test_member_card_shows_the_year_asked(client, member, village):
    own = make_member(group=member.group, user=member, name="刘桂英", joined_on=datetime.date(2024, 1, 1))
    make_card(own, 2)
    submit(own, datetime.date(YEAR, 5, 1), received_on=datetime.date(YEAR, 6, 3))
    client.force_login(member)

    response = client.get(f"/association/me/?year={YEAR}")

    assert response.status_code == 200 and response.context["year"] == YEAR
    months = [figure.month for figure, _report in response.context["months"]]
    assert months == [datetime.date(YEAR, n, 1) for n in range(12, 0, -1)]
    may = dict((figure.month, report) for figure, report in response.context["months"])[datetime.date(YEAR, 5, 1)]
    assert may is not None
    assert response.context["years"] == list(range(today().year, 2023, -1))
    html = response.content.decode()
    assert f'<option value="{YEAR}" selected>' in html and '<option value="2024">' in html


def test_member_page_offers_the_member_years(client, specialist, village, world):
    client.force_login(specialist)
    response = client.get(f"/association/members/{world['newcomer'].pk}/?year={YEAR}")
    assert response.context["year"] == YEAR
    assert response.context["years"] == list(range(today().year, YEAR - 1, -1))


@pytest.mark.parametrize("year", ["abc", "99999", "1999", "", "2025.5", str(10**30)])
def test_bad_year_gives_the_default_year(client, town_office, village, world, year):
    login = make_user(role=User.Role.MEMBER, group=world["first"], username="own-login")
    own = make_member(group=world["first"], user=login, joined_on=datetime.date(2024, 1, 1))
    default = default_year(village.town_id)
    assert default == YEAR
    client.force_login(town_office)
    pages = ("", "feedback/", "meetings/", "evaluations/", "uncovered/")
    for url in ("/association/", *(f"/association/villages/{village.pk}/{page}" for page in pages),
                f"/association/members/{own.pk}/"):
        response = client.get(f"{url}?year={year}")
        assert response.status_code == 200, url
        assert response.context.get("year") in (default, None), url
    client.force_login(login)
    response = client.get(f"/association/me/?year={year}")
    assert response.status_code == 200 and response.context["year"] == default


def test_pages_open_on_the_latest_year_with_reports(client, town_office, village, world):
    client.force_login(town_office)
    assert client.get("/association/").context["year"] == YEAR
    submit(world["newcomer"], datetime.date(2026, 1, 1), received_on=datetime.date(2026, 2, 3))
    assert default_year(village.town_id) == 2026
    assert client.get("/association/").context["year"] == 2026


def test_default_year_without_reports_is_this_year(town):
    assert default_year(town.pk) == today().year
    assert default_year(None) == today().year
    assert data_years(town.pk) == [today().year]


# Query counts

def test_town_page_query_count_does_not_grow_with_villages(client, town_office, village, world,
                                                           django_assert_max_num_queries):
    client.force_login(town_office)
    url = f"/association/?year={YEAR}"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for number in NUMBERS[3:]:
        extra = make_village(town=village.town, name=f"新村{number}", number=number)
        member = make_member(village=extra, joined_on=datetime.date(2024, 1, 1))
        make_card(member, 2)
        submit(member, datetime.date(YEAR, 2, 1), received_on=datetime.date(YEAR, 3, 1))
    with django_assert_max_num_queries(len(first)):
        response = client.get(url)
    assert len(response.context["rows"]) == 2 + 3
    with django_assert_max_num_queries(20):
        client.get(url)


def test_village_and_feedback_pages_query_counts_are_fixed(client, specialist, village, world,
                                                           django_assert_max_num_queries):
    client.force_login(specialist)
    urls = [f"/association/villages/{village.pk}/?year={YEAR}",
            f"/association/villages/{village.pk}/feedback/?year={YEAR}"]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context))
    for number in range(5, 8):
        make_card(make_member(group=make_group(village=village, number=number), joined_on=datetime.date(2024, 1, 1)))
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)
    assert counts[0] <= 30 and counts[1] <= 15


# --- The same figures through the catalogue: one definition with the pages, as of a date -----------

CODES = ["association.members", "association.groups_without_member", "association.households",
         "association.households_covered", "association.coverage", "association.feedback_expected",
         "association.feedback_on_time", "association.feedback_on_time_rate"]


def catalogue_2025(town) -> dict:
    found = catalogue.compute(town.pk, Period.parse(str(YEAR)), CODES)
    return dict(found.data)


def test_the_catalogue_gives_the_association_pages_figures(town, town_office, village, other_village, world):
    found = catalogue.compute(town.pk, Period.parse(str(YEAR)), CODES)
    for row in village_figures(town_office, YEAR, today()):
        pk = row.village.pk
        assert found.get("association.members", VILLAGE, pk) == row.members
        assert found.get("association.groups_without_member", VILLAGE, pk) == row.groups_without_member
        assert found.get("association.households", VILLAGE, pk) == row.coverage.active
        assert found.get("association.households_covered", VILLAGE, pk) == row.coverage.covered
        assert found.get("association.feedback_expected", VILLAGE, pk) == row.feedback.expected
        assert found.get("association.feedback_on_time", VILLAGE, pk) == row.feedback.on_time
    assert found.get("association.members", GROUP, world["first"].pk) == 1
    assert found.get("association.members") == 3
    assert found.get("association.coverage", VILLAGE, village.pk) == Decimal("83.3")


def test_2026_changes_leave_the_2025_catalogue_as_it_was(town, village, other_village, world):
    before = catalogue_2025(town)
    the_2026_changes(village, other_village, world)
    assert catalogue_2025(town) == before
    after_2026 = catalogue.compute(town.pk, Period.parse("2026"), ["association.members"])
    assert after_2026.get("association.members", TOWN) != before[("association.members", TOWN, town.pk, "")]


def test_the_records_behind_members_are_the_readers_own(town, specialist, other_village, world):
    figure = catalogue.get("association.members")
    mine = list(figure.records(specialist, Period.parse(str(YEAR)), TOWN, town.pk))
    assert mine and all(member.village_id == specialist.village_id for member in mine)
    assert not list(figure.records(specialist, Period.parse(str(YEAR)), VILLAGE, other_village.pk))
