"""/api/v1/service-sites/, site-investments/, fund-entries/ and fundraisings/."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import Donation, FundEntry, ServiceSite, SiteInvestment
from tests.services.conftest import api, invest, make_drive, make_entry, make_site

API = "/api/v1/"


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_sites_are_listed_in_scope_with_a_fixed_number_of_queries(town, village, town_office, specialist, sites):
    office = api(town_office)
    assert {row["name"] for row in office.get(f"{API}service-sites/").json()["results"]} == {
        "镇服务站", "大旗服务室", "荀子服务室"}
    names = {row["name"] for row in api(specialist).get(f"{API}service-sites/").json()["results"]}
    assert names == {"大旗服务室"}
    before = count_queries(office, f"{API}service-sites/")
    for kind in ServiceSite.Kind.values[1:]:
        make_site(town=town, village=village, kind=kind)
    assert count_queries(office, f"{API}service-sites/") == before


def test_another_villages_site_is_not_found(specialist, member, sites):
    client = api(specialist)
    assert client.get(f"{API}service-sites/{sites['own'].pk}/").status_code == 200
    assert client.get(f"{API}service-sites/{sites['other'].pk}/").status_code == 404
    assert client.patch(f"{API}service-sites/{sites['other'].pk}/", {"name": "x", "version": 1}).status_code == 404
    assert api(member).get(f"{API}service-sites/").status_code == 404
    assert api(member).get(f"{API}service-sites/{sites['own'].pk}/").status_code == 404


def test_open_a_site_change_it_and_close_it(town_office, village):
    client = api(town_office)
    response = client.post(f"{API}service-sites/", {"village": village.pk, "kind": "activity_room", "name": "活动室",
                                                    "state_since": "2025-05-01"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(f"{API}service-sites/{pk}/", {"opening_hours": "周三", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert client.patch(f"{API}service-sites/{pk}/", {"name": "旧", "version": 1}, format="json").status_code == 409
    response = client.post(f"{API}service-sites/{pk}/state/", {"state": "closed", "changed_on": "2025-11-01"},
                           format="json")
    assert response.status_code == 200 and response.json()["state"] == "closed"
    assert client.delete(f"{API}service-sites/{pk}/").status_code == 405


def test_bad_site_input_answers_400_with_field_errors(town_office, specialist, village, other_village):
    client = api(town_office)
    response = client.post(f"{API}service-sites/", {"kind": "service_room", "name": "x", "state_since": "2025-05-01"},
                           format="json")
    assert response.status_code == 400 and "village" in response.json()
    response = client.post(f"{API}service-sites/", {"village": village.pk, "kind": "nonsense", "name": ""},
                           format="json")
    assert response.status_code == 400 and {"kind", "name", "state_since"} <= set(response.json())
    response = api(specialist).post(f"{API}service-sites/", {
        "village": other_village.pk, "kind": "service_room", "name": "x", "state_since": "2025-05-01"}, format="json")
    assert response.status_code == 400 and "village" in response.json()
    assert not ServiceSite.objects.exists()


def test_investments(town_office, specialist, leader, sites):
    invest(sites["other"], 500)
    client = api(specialist)
    response = client.post(f"{API}site-investments/", {"site": sites["own"].pk, "amount": "10000.00",
                                                       "source": "grant", "invested_on": "2025-08-10",
                                                       "purpose": "桌椅"}, format="json")
    assert response.status_code == 201, response.json()
    assert [row["site"] for row in client.get(f"{API}site-investments/").json()["results"]] == [sites["own"].pk]
    response = client.post(f"{API}site-investments/", {"site": sites["other"].pk, "amount": "1", "source": "grant",
                                                       "invested_on": "2025-08-10", "purpose": "x"}, format="json")
    assert response.status_code == 400 and "site" in response.json()
    response = client.post(f"{API}site-investments/", {"site": sites["own"].pk, "amount": "-5", "source": "grant",
                                                       "invested_on": "2025-08-10", "purpose": "x"}, format="json")
    assert response.status_code == 400 and "amount" in response.json()
    other = SiteInvestment.objects.get(site=sites["other"])
    assert client.get(f"{API}site-investments/{other.pk}/").status_code == 404
    assert api(leader).post(f"{API}site-investments/", {}, format="json").status_code == 403
    office = api(town_office)
    before = count_queries(office, f"{API}site-investments/")
    invest(sites["town"], 1)
    invest(sites["own"], 2)
    assert count_queries(office, f"{API}site-investments/") == before


def test_fund_entries(town, village, other_village, town_office, specialist):
    make_entry(town=town, village=other_village)
    client = api(specialist)
    response = client.post(f"{API}fund-entries/", {"village": village.pk, "direction": "income",
                                                   "source": "village_collective", "amount": "3000",
                                                   "entry_date": "2025-03-15"}, format="json")
    assert response.status_code == 201, response.json()
    response = client.post(f"{API}fund-entries/", {"village": village.pk, "direction": "spending", "amount": "10",
                                                   "entry_date": "2025-03-15"}, format="json")
    assert response.status_code == 400 and "use" in response.json()
    response = client.post(f"{API}fund-entries/", {"direction": "income", "source": "grant", "amount": "10",
                                                   "entry_date": "2025-03-15"}, format="json")
    assert response.status_code == 403
    assert len(client.get(f"{API}fund-entries/").json()["results"]) == 1
    other = FundEntry.objects.get(village=other_village)
    assert client.get(f"{API}fund-entries/{other.pk}/").status_code == 404
    office = api(town_office)
    response = office.patch(f"{API}fund-entries/{other.pk}/", {"amount": "900", "version": 1}, format="json")
    assert response.status_code == 200 and Decimal(response.json()["amount"]) == 900
    assert office.patch(f"{API}fund-entries/{other.pk}/", {"amount": "9"}, format="json").status_code == 400
    before = count_queries(office, f"{API}fund-entries/")
    make_entry(town=town, village=village)
    make_entry(town=town)
    assert count_queries(office, f"{API}fund-entries/") == before


def test_fundraisings_show_donors_to_the_office_only(town, town_office, leader, specialist, other_village):
    drive = make_drive(town=town, donations=[7000, 350], families=34, children=49)
    office = api(town_office)
    row = office.get(f"{API}fundraisings/{drive.pk}/").json()
    assert Decimal(row["raised"]) == Decimal(7350) and row["families_helped"] == 34 and row["children_helped"] == 49
    assert [d["donor_name"] for d in row["donations"]] == ["捐款人0", "捐款人1"]
    row = api(leader).get(f"{API}fundraisings/{drive.pk}/").json()
    assert row["donations"] is None and Decimal(row["raised"]) == Decimal(7350)
    assert api(specialist).get(f"{API}fundraisings/{drive.pk}/").status_code == 404
    response = office.post(f"{API}fundraisings/{drive.pk}/donations/", {"donor_name": "王五", "amount": "50",
                                                                        "donated_on": "2025-09-12"}, format="json")
    assert response.status_code == 201 and Donation.objects.count() == 3
    response = office.post(f"{API}fundraisings/{drive.pk}/donations/", {"donor_name": "王五", "amount": "50",
                                                                        "donated_on": "2025-12-12"}, format="json")
    assert response.status_code == 400 and "donated_on" in response.json()
    response = office.post(f"{API}fundraisings/", {"village": other_village.pk, "title": "村募捐",
                                                   "starts_on": "2025-05-01", "ends_on": "2025-04-01",
                                                   "purpose": "x"}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json()
    before = count_queries(office, f"{API}fundraisings/")
    make_drive(town=town, village=other_village, donations=[1, 2, 3])
    assert count_queries(office, f"{API}fundraisings/") == before
