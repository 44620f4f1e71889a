"""The services' pages: the town's sites and matrix, a site, forms; funding and fundraising."""

import datetime

import pytest
from django.urls import reverse

from services.models import FundEntry, ServiceSite, SiteInvestment
from tests.factories import make_village
from tests.services.conftest import invest, make_drive, make_entry, make_site
from villages.closing import close
from villages.periods import Period


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


def test_town_office_sees_every_village_and_the_missing_kinds(signed_in, town_office, sites, village,
                                                              django_assert_max_num_queries):
    client = signed_in(town_office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("services:sites"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "镇服务站" in body and "大旗服务室" in body and "荀子服务室" in body
    row = next(r for r in response.context["rows"] if r.village == village)
    assert "population school" in row.missing and "village service room" not in row.missing


def test_the_list_takes_a_fixed_number_of_queries(signed_in, town_office, town, village, sites,
                                                  django_assert_max_num_queries):
    client = signed_in(town_office)
    client.get(reverse("services:sites"))
    for kind in ServiceSite.Kind.values[1:]:
        invest(make_site(town=town, village=village, kind=kind), 100)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("services:sites")).status_code == 200


def test_specialist_sees_their_village_only(signed_in, specialist, sites):
    client = signed_in(specialist)
    body = client.get(reverse("services:sites")).content.decode()
    assert "大旗服务室" in body and "荀子服务室" not in body and "镇服务站" not in body
    assert client.get(reverse("services:site", args=[sites["own"].pk])).status_code == 200
    assert client.get(reverse("services:site", args=[sites["other"].pk])).status_code == 404
    assert client.get(reverse("services:site", args=[sites["town"].pk])).status_code == 404
    assert client.get(reverse("services:site_edit", args=[sites["other"].pk])).status_code == 404


def test_association_members_find_nothing(signed_in, member, sites):
    client = signed_in(member)
    assert client.get(reverse("services:sites")).status_code == 404
    assert client.get(reverse("services:site", args=[sites["own"].pk])).status_code == 404
    assert client.get(reverse("services:funding")).status_code == 404


def test_leadership_reads_but_does_not_write(signed_in, leader, sites):
    client = signed_in(leader)
    assert client.get(reverse("services:site", args=[sites["own"].pk])).status_code == 200
    assert client.get(reverse("services:site_edit", args=[sites["own"].pk])).status_code == 403
    assert client.get(reverse("services:site_new")).status_code == 403


def test_a_site_shows_its_investments_and_history(signed_in, town_office, sites):
    invest(sites["own"], 12_345)
    response = signed_in(town_office).get(reverse("services:site", args=[sites["own"].pk]))
    body = response.content.decode()
    assert "12345" in body and response.context["site"].history_rows


def test_specialist_opens_a_site_in_their_village(signed_in, specialist, village, other_village):
    client = signed_in(specialist)
    data = {"village": village.pk, "kind": "population_school", "name": "大旗人口学校", "state": "in_use",
            "state_since": "2025-04-01", "equipment": "课桌", "opening_hours": ""}
    response = client.post(reverse("services:site_new"), data)
    assert response.status_code == 302
    site = ServiceSite.objects.get(name="大旗人口学校")
    assert site.village == village and site.changes.count() == 1
    response = client.post(reverse("services:site_new"), {**data, "village": other_village.pk, "name": "别村"})
    assert response.status_code == 200 and "village" in response.context["form"].errors


def test_bad_input_comes_back_on_the_form(signed_in, town_office, village):
    client = signed_in(town_office)
    response = client.post(reverse("services:site_new"), {"village": "", "kind": "service_room", "name": "x",
                                                          "state": "in_use", "state_since": "2025-04-01"})
    assert response.status_code == 200 and response.context["form"].errors["village"]
    response = client.post(reverse("services:site_new"), {"village": village.pk, "kind": "service_room", "name": "",
                                                          "state": "in_use", "state_since": "not a date"})
    assert set(response.context["form"].errors) >= {"name", "state_since"}
    assert not ServiceSite.objects.exists()


def test_editing_names_the_version_read(signed_in, town_office, sites):
    site = sites["own"]
    client = signed_in(town_office)
    data = {"kind": site.kind, "name": "新名字", "equipment": "", "opening_hours": "", "version": site.version}
    assert client.post(reverse("services:site_edit", args=[site.pk]), data).status_code == 302
    response = client.post(reverse("services:site_edit", args=[site.pk]), {**data, "name": "又一个"})
    assert response.status_code == 200 and "Someone else changed" in str(response.context["form"].non_field_errors())
    site.refresh_from_db()
    assert site.name == "新名字" and site.version == 2


def test_closing_a_site_is_a_dated_state(signed_in, town_office, sites):
    site = sites["own"]
    client = signed_in(town_office)
    response = client.post(reverse("services:site_state", args=[site.pk]),
                           {"state": "closed", "changed_on": "2025-10-01", "version": site.version})
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.state == "closed" and site.state_since == datetime.date(2025, 10, 1)
    response = client.post(reverse("services:site_state", args=[site.pk]),
                           {"state": "in_use", "changed_on": "2025-01-01", "version": site.version})
    assert "changed_on" in response.context["form"].errors


def test_investment_in_a_closed_year_needs_a_reason(signed_in, town_office, town, sites):
    close(town=town, period=Period.parse("2025"), by=town_office)
    client = signed_in(town_office)
    url = reverse("services:investment_new", args=[sites["own"].pk])
    data = {"amount": "5000", "source": "town_budget", "invested_on": "2025-05-01", "purpose": "桌椅"}
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["correction_reason"]
    assert not SiteInvestment.objects.exists()
    assert client.post(url, {**data, "correction_reason": "漏记"}).status_code == 302
    assert client.post(url, {**data, "amount": "-3", "correction_reason": "x"}).context["form"].errors["amount"]


def test_funding_page_shows_the_year_balances(signed_in, town_office, town, village,
                                              django_assert_max_num_queries):
    make_entry(town=town, village=village, amount=3000)
    make_entry(town=town, village=village, amount=1000, direction=FundEntry.Direction.SPENDING)
    make_entry(town=town, amount=50_000, source=FundEntry.Source.TOWN_BUDGET)
    for index in range(5):
        make_entry(town=town, village=make_village(town=town, number=500 + index), amount=100)
    client = signed_in(town_office)
    # The year selector asks every app which years have data (about a dozen queries); the rest is fixed.
    with django_assert_max_num_queries(36):
        response = client.get(reverse("services:funding") + "?year=2025")
    line = next(b for b in response.context["lines"] if b.unit == village)
    assert line.balance == 2000 and response.context["total"].income == 53_500


def test_specialist_records_an_entry_for_their_village_only(signed_in, specialist, village, other_village):
    client = signed_in(specialist)
    data = {"village": village.pk, "direction": "spending", "use": "rewards", "source": "", "amount": "800",
            "entry_date": "2025-12-10", "note": "奖励"}
    assert client.post(reverse("services:fund_entry_new"), data).status_code == 302
    response = client.post(reverse("services:fund_entry_new"), {**data, "use": ""})
    assert response.context["form"].errors["use"]
    response = client.post(reverse("services:fund_entry_new"), {**data, "village": ""})
    assert response.status_code == 200 and FundEntry.objects.count() == 1
    other = make_entry(town=village.town, village=other_village)
    assert client.get(reverse("services:fund_entry_edit", args=[other.pk])).status_code == 404


def test_donors_are_shown_to_the_office_not_the_leadership(signed_in, town_office, leader, town,
                                                           django_assert_max_num_queries):
    drive = make_drive(town=town, donations=[7000, 350], families=34, children=49)
    client = signed_in(town_office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("services:fundraisings")).status_code == 200
    body = client.get(reverse("services:fundraising", args=[drive.pk])).content.decode()
    assert "捐款人0" in body and "7350" in body
    body = signed_in(leader).get(reverse("services:fundraising", args=[drive.pk])).content.decode()
    assert "捐款人0" not in body and "7350" in body


def test_a_village_drive_is_not_another_specialists(signed_in, specialist, town, other_village):
    drive = make_drive(town=town, village=other_village)
    assert signed_in(specialist).get(reverse("services:fundraising", args=[drive.pk])).status_code == 404


def test_fundraising_and_donation_forms(signed_in, town_office):
    client = signed_in(town_office)
    response = client.post(reverse("services:fundraising_new"), {
        "village": "", "title": "助学", "starts_on": "2025-09-01", "ends_on": "2025-09-30", "purpose": "助学",
        "outcome": "", "families_helped": "34", "children_helped": "49"})
    assert response.status_code == 302
    url = response.url + "donations/new/"
    assert client.post(url, {"donor_name": "张三", "amount": "100", "donated_on": "2025-09-05"}).status_code == 302
    response = client.post(url, {"donor_name": "李四", "amount": "100", "donated_on": "2025-10-05"})
    assert response.context["form"].errors["donated_on"]
    response = client.post(reverse("services:fundraising_new"), {
        "title": "x", "starts_on": "2025-09-30", "ends_on": "2025-09-01", "purpose": "y",
        "families_helped": "0", "children_helped": "0"})
    assert response.context["form"].errors["ends_on"]
