"""The catalogue page, a figure's page, and closing a period, as each role uses them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories.villages import make_designation
from villages import catalogue
from villages.models import Correction, PeriodClosing
from villages.periods import Period


@pytest.fixture
def designated(village, other_village):
    village.self_government_declared_on = datetime.date(2024, 3, 1)
    village.save()
    make_designation(village=village, year=2025, kind="demonstration")
    make_designation(village=other_village, year=2025, kind="qualified")


def test_the_catalogue_lists_every_figure_with_its_definition(client, town_office, designated):
    client.force_login(town_office)
    page = client.get(reverse("villages:figures"), {"period": "2025"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "villages.declared_before" in text and "villages.dismissals" in text
    rows = {row["figure"].code: row["value"] for rows in page.context["topics"].values() for row in rows}
    assert rows["villages.villages"] == 2 and rows["villages.designated_demonstration"] == 1
    assert rows["villages.declared"] == 1


def test_the_catalogue_opens_on_the_working_year_and_survives_a_bad_period(client, town, town_office, designated):
    town.working_year = 2025
    town.save()
    client.force_login(town_office)
    for asked in ({}, {"period": "2025Q9"}, {"period": "nonsense"}):
        page = client.get(reverse("villages:figures"), asked)
        assert page.status_code == 200 and page.context["period"] == Period.parse("2025")


def test_a_figure_page_breaks_down_by_village_and_lists_its_records(client, town_office, village, designated):
    client.force_login(town_office)
    page = client.get(reverse("villages:figure", args=["villages.designated_demonstration"]), {"period": "2025"})
    assert page.status_code == 200
    assert {row["name"]: row["value"] for row in page.context["rows"]} == {"大旗村": 1, "荀子村": 0}
    assert [d.village for d in page.context["records"]] == [village]
    assert client.get(reverse("villages:figure", args=["no.such"])).status_code == 404


def test_a_specialist_reads_their_village_and_not_another(client, specialist, village, other_village, designated):
    client.force_login(specialist)
    page = client.get(reverse("villages:figures"), {"period": "2025"})
    assert page.context["unit_name"] == village.name
    rows = {row["figure"].code: row["value"] for rows in page.context["topics"].values() for row in rows}
    assert rows["villages.designated_qualified"] == 0  # the other village's designation is not theirs
    other = client.get(reverse("villages:figure", args=["villages.designated_qualified"]),
                       {"period": "2025", "village": other_village.pk})
    assert other.status_code == 404


def test_the_catalogue_page_queries_do_not_grow_with_villages(client, town, town_office, designated,
                                                               django_assert_max_num_queries):
    client.force_login(town_office)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("villages:figures"), {"period": "2025"})
    for number in range(5):
        factories.make_village(town=town, name=f"村{number}")
    with django_assert_max_num_queries(len(first)):  # a few per figure, none per village
        assert client.get(reverse("villages:figures"), {"period": "2025"}).status_code == 200
    assert len(first) <= 3 * len(catalogue.catalogue())


def test_the_office_closes_a_year_then_a_correction_is_listed_and_it_closes_again(client, town, town_office,
                                                                                  specialist, village, designated):
    client.force_login(town_office)
    answer = client.post(reverse("villages:closings"), {"close": "1", "period": "2025", "note": "approved"})
    made = PeriodClosing.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("villages:closing", args=[made.pk])
    Correction.objects.create(town=town, closing=made, dated=datetime.date(2025, 5, 1), village=village,
                              what="birth", reason="late registration", made_by=specialist)
    page = client.get(reverse("villages:closing", args=[made.pk]))
    assert page.status_code == 200 and "late registration" in page.content.decode()
    again = client.post(reverse("villages:closing", args=[made.pk]), {"close": "1", "period": "2025"})
    assert again.status_code == 302
    assert PeriodClosing.objects.filter(period="2025").count() == 2
    assert PeriodClosing.objects.current().get().version == 2


def test_closing_a_period_that_has_not_ended_is_refused_on_the_form(client, town_office, designated):
    client.force_login(town_office)
    answer = client.post(reverse("villages:closings"), {"close": "1", "period": "2031"})
    assert answer.status_code == 200 and answer.context["form"].errors
    assert not PeriodClosing.objects.exists()


def test_the_leadership_reads_closings_but_cannot_close(client, leader, specialist, designated):
    client.force_login(leader)
    assert client.get(reverse("villages:closings")).status_code == 200
    assert client.post(reverse("villages:closings"), {"close": "1", "period": "2025"}).status_code == 403
    client.force_login(specialist)
    assert client.get(reverse("villages:closings")).status_code == 403
    assert not PeriodClosing.objects.exists()


def test_the_office_sets_the_working_year(client, town, town_office):
    client.force_login(town_office)
    assert client.post(reverse("villages:closings"), {"working_year": "2025"}).status_code == 302
    town.refresh_from_db()
    assert town.working_year == 2025
    answer = client.post(reverse("villages:closings"), {"working_year": "25"})
    assert answer.status_code == 200 and answer.context["year_form"].errors


def test_a_specialists_figure_page_breaks_down_by_their_villages_groups(client, specialist, village, designated):
    factories.make_group(village=village, number=1)
    client.force_login(specialist)
    page = client.get(reverse("villages:figure", args=["association.members"]), {"period": "2025"})
    assert page.status_code == 200 and [row["level"] for row in page.context["rows"]] == ["group"]
