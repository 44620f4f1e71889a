"""Assistance to families in difficulty: the actions and their tie to the registry, pages, API, admin, figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Household
from members.models.codes import Relation
from services.actions import assistance as actions
from services.figures.assistance import HELPED, KIND
from services.models import Assistance
from tests.factories import make_group
from tests.factories.members import make_household, person_fields
from tests.services.conftest import api, make_drive
from villages import catalogue
from villages.catalogue import VILLAGE, compute
from villages.locking import StaleRecord
from villages.periods import Period

pytestmark = pytest.mark.django_db

API = "/api/v1/assistance/"
PROJECTS = "/api/v1/assistance-projects/"
CODES = ["services.assistance_families", "services.assistance_amount", "services.school_fee_children",
         "services.project_households", "services.out_of_poverty"]
DAY = datetime.date
Kind = Assistance.Kind
POOR, LIFTED = Household.Poverty.POOR, Household.Poverty.LIFTED


def family(village, *, number=None, poor=True, children=2) -> Household:
    people = [person_fields(name=f"户主{number or ''}", relation=Relation.HEAD)]
    people += [person_fields(name=f"孩子{index}", sex="F", born=DAY(2012 + index, 3, 1), relation=Relation.DAUGHTER)
               for index in range(children)]
    extra = {"poverty": POOR, "poverty_since": DAY(2016, 5, 1)} if poor else {}
    return make_household(group=make_group(village=village, number=(hash(number) % 900) + 10 if number else 9),
                          number=number, people=people, **extra)


@pytest.fixture
def households(village, other_village):
    return {"own": family(village, number="DQ001"), "own2": family(village, number="DQ002", poor=False),
            "other": family(other_village, number="XZ001")}


@pytest.fixture
def project(other_village, town):
    return actions.start_project(town=town, village=other_village, name="花卉苗木基地", started_on=DAY(2024, 4, 8),
                                 by=None)


@pytest.fixture
def records(households, project, town):
    drive = make_drive(town=town, donations=[7350], families=1, children=2)
    own = households["own"]
    fees = actions.give_assistance(household=own, kind=Kind.SCHOOL_FEES, given_on=DAY(2025, 9, 28), amount=Decimal(300),
                                   fundraising=drive, children=list(own.people.filter(relation=Relation.DAUGHTER)),
                                   helper_name="镇计生协会", by=None)
    grant = actions.give_assistance(household=households["own2"], kind=Kind.HARDSHIP_GRANT, given_on=DAY(2025, 1, 20),
                                    amount=Decimal(800), by=None)
    joined = actions.join_project(project=project, household=households["other"], joined_on=DAY(2025, 3, 1), by=None)
    return {"fees": fees, "grant": grant, "joined": joined, "drive": drive}


def values(town, year="2025"):
    return compute(town.pk, Period.parse(year), CODES)


# --- Actions and the registry ---------------------------------------------------------------------------------

def test_out_of_poverty_is_written_in_the_registry_with_its_history(households, town_office):
    household = households["own"]
    actions.record_out_of_poverty(household=household, lifted_on=DAY(2025, 6, 5), version=household.version,
                                  by=town_office)
    household.refresh_from_db()
    assert household.poverty == LIFTED and household.poverty_since == DAY(2025, 6, 5)
    assert household.history.filter(poverty=LIFTED, history_user=town_office).exists()
    with pytest.raises(ValidationError) as refused:
        actions.record_out_of_poverty(household=household, lifted_on=DAY(2025, 7, 1), version=None, by=town_office)
    assert "lifted_on" in refused.value.message_dict


def test_a_stale_version_and_another_villages_household_are_refused(households, specialist, town_office, records):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.record_out_of_poverty(household=households["other"], lifted_on=DAY(2025, 6, 5), version=None,
                                      by=specialist)
    with pytest.raises(StaleRecord):
        actions.update_assistance(record=records["grant"], version=99, by=town_office, amount=Decimal(900))
    with pytest.raises(ValidationError) as refused:
        actions.give_assistance(household=households["own"], kind=Kind.HARDSHIP_GRANT, given_on=DAY(2025, 2, 1),
                                by=town_office)
    assert "amount" in refused.value.message_dict


def test_children_must_be_the_households_and_fees_only(households, town_office):
    other_child = households["other"].people.filter(relation=Relation.DAUGHTER).first()
    with pytest.raises(ValidationError) as refused:
        actions.give_assistance(household=households["own"], kind=Kind.SCHOOL_FEES, given_on=DAY(2025, 9, 1),
                                amount=Decimal(150), children=[other_child], by=town_office)
    assert "children" in refused.value.message_dict
    assert not Assistance.objects.exists()


def test_a_closed_year_asks_for_a_correction_reason(households, town, town_office):
    from villages import closing

    closing.close(town=town, period=Period.parse("2025"), by=town_office)
    with pytest.raises(ValidationError) as refused:
        actions.give_assistance(household=households["own"], kind=Kind.HARDSHIP_GRANT, given_on=DAY(2025, 2, 1),
                                amount=Decimal(500), by=town_office)
    assert "correction_reason" in refused.value.message_dict
    assert not Assistance.objects.exists()


def test_voiding_keeps_the_record(records, town_office):
    grant = records["grant"]
    actions.void_assistance(record=grant, reason="重复登记", version=grant.version, by=town_office)
    grant.refresh_from_db()
    assert grant.is_voided and grant.void_reason == "重复登记"
    with pytest.raises(ValidationError):
        actions.void_assistance(record=grant, reason="again", version=None, by=town_office)


# --- Figures -----------------------------------------------------------------------------------------------

def test_the_figures_read_the_records_and_the_registry(records, households, town, other_village, village):
    household = households["other"]
    actions.record_out_of_poverty(household=household, lifted_on=DAY(2025, 8, 1), version=None, by=None)
    found = values(town)
    assert found.get("services.assistance_families") == 3
    assert found.breakdown("services.assistance_families", KIND)["school_fees"] == 1
    assert found.get("services.assistance_amount") == 1100
    assert found.get("services.school_fee_children") == 2
    assert found.get("services.project_households") == 1
    assert found.get("services.out_of_poverty") == 1
    assert found.get("services.out_of_poverty", VILLAGE, other_village.pk) == 1
    assert found.get("services.out_of_poverty", VILLAGE, village.pk) == 0
    assert found.breakdown("services.out_of_poverty", HELPED)["assisted"] == 1


def test_a_2026_change_does_not_move_2025s_figures(records, households, town, town_office, set_today):
    household = households["other"]
    actions.record_out_of_poverty(household=household, lifted_on=DAY(2025, 8, 1), version=None, by=None)
    before = values(town).data
    set_today(DAY(2026, 3, 1))
    household.refresh_from_db()
    from members.actions.households import update_household

    update_household(household=household, version=household.version, by=town_office, poverty=POOR,
                     poverty_since=DAY(2026, 2, 1))  # fell back into poverty
    actions.void_assistance(record=records["grant"], reason="重复登记", version=None, by=town_office)
    actions.update_assistance(record=records["joined"], version=None, by=town_office, until=DAY(2026, 2, 28))
    actions.give_assistance(household=households["own2"], kind=Kind.HARDSHIP_GRANT, given_on=DAY(2026, 1, 20),
                            amount=Decimal(500), by=town_office)
    assert values(town).data == before
    assert values(town, "2026").get("services.assistance_amount") == 500


def test_a_corrected_lifting_date_counts_once_in_its_year(households, town, town_office):
    household = households["own"]
    actions.record_out_of_poverty(household=household, lifted_on=DAY(2024, 12, 20), version=None, by=None)
    household.refresh_from_db()
    from members.actions.households import update_household

    update_household(household=household, version=household.version, by=town_office, poverty=LIFTED,
                     poverty_since=DAY(2025, 1, 10))
    assert values(town).get("services.out_of_poverty") == 1
    assert values(town, "2024").get("services.out_of_poverty") == 0


# --- Pages -------------------------------------------------------------------------------------------------

def test_the_year_page_gives_totals_and_records_with_a_fixed_number_of_queries(
        client, town_office, records, village, django_assert_max_num_queries):
    client.force_login(town_office)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("services:assistance") + "?year=2025")
    body = page.content.decode()
    assert "DQ001" in body and "花卉苗木基地" in body
    kinds = {line["code"]: line for line in page.context["kinds"]}
    assert kinds["school_fees"]["children"] == 2 and kinds["hardship_grant"]["amount"] == 800
    for index in range(4):
        household = family(village, number=f"DQ1{index}")
        actions.give_assistance(household=household, kind=Kind.HARDSHIP_GRANT, given_on=DAY(2025, 2, 1),
                                amount=Decimal(100), by=None)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("services:assistance") + "?year=2025").status_code == 200


def test_the_leadership_reads_totals_without_households(client, leader, records):
    client.force_login(leader)
    page = client.get(reverse("services:assistance") + "?year=2025")
    assert page.status_code == 200
    body = page.content.decode()
    assert "DQ001" not in body and "花卉苗木基地" in body
    project = client.get(reverse("services:assistance_project", args=[records["joined"].project_id]))
    assert project.status_code == 200 and "XZ001" not in project.content.decode()
    assert client.get(reverse("services:assistance_household", args=[records["fees"].household_id])).status_code == 404


def test_a_specialist_sees_their_village_only(client, specialist, records, households):
    client.force_login(specialist)
    page = client.get(reverse("services:assistance") + "?year=2025")
    assert "DQ001" in page.content.decode() and "XZ001" not in page.content.decode()
    assert client.get(reverse("services:assistance_project", args=[records["joined"].project_id])).status_code == 404
    assert client.get(reverse("services:assistance_household", args=[households["other"].pk])).status_code == 404
    assert client.get(reverse("services:assistance_edit", args=[records["joined"].pk])).status_code == 404
    assert client.get(reverse("services:assistance_out_of_poverty", args=[households["other"].pk])).status_code == 404


def test_a_specialist_records_school_fees_and_the_way_out_of_poverty_on_a_phone_form(client, specialist, households):
    household = households["own"]
    client.force_login(specialist)
    url = reverse("services:assistance_new", args=[household.pk])
    form = client.get(url)
    assert form.status_code == 200 and "孩子0" in form.content.decode()
    child = household.people.filter(relation=Relation.DAUGHTER).first()
    response = client.post(url, {"kind": "school_fees", "given_on": "2025-09-20", "amount": "150",
                                 "children": [child.pk], "helper_name": "李玥"})
    assert response.status_code == 302
    record = Assistance.objects.get()
    assert list(record.children.all()) == [child]
    response = client.post(reverse("services:assistance_out_of_poverty", args=[household.pk]),
                           {"lifted_on": "2025-11-01", "version": household.version})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.poverty == LIFTED
    page = client.get(reverse("services:assistance_household", args=[household.pk]))
    assert "李玥" in page.content.decode()


def test_bad_input_shows_form_errors_and_saves_nothing(client, specialist, households, set_today):
    client.force_login(specialist)
    url = reverse("services:assistance_new", args=[households["own"].pk])
    response = client.post(url, {"kind": "hardship_grant", "given_on": "2025-09-20", "amount": ""})
    assert response.status_code == 200 and response.context["form"].errors["amount"]
    response = client.post(url, {"kind": "pairing", "given_on": "2025-09-20", "until": "2025-01-01",
                                 "helper_name": "王喆"})
    assert response.status_code == 200 and response.context["form"].errors["until"]
    assert not Assistance.objects.exists()
    response = client.post(reverse("services:assistance_out_of_poverty", args=[households["own2"].pk]),
                           {"lifted_on": "2025-11-01", "version": households["own2"].version})
    assert response.status_code == 200 and response.context["form"].errors["lifted_on"]
    response = client.post(reverse("services:assistance_out_of_poverty", args=[households["own2"].pk]),
                           {"lifted_on": "2025-11-01"})
    assert response.status_code == 200 and response.context["form"].errors["version"]


def test_the_office_runs_a_project_from_its_pages(client, town_office, other_village, households):
    client.force_login(town_office)
    response = client.post(reverse("services:assistance_project_new"),
                           {"village": other_village.pk, "name": "苗木基地", "started_on": "2025-02-01"})
    assert response.status_code == 302
    project = other_village.assistance_projects.get()
    join = reverse("services:assistance_project_join", args=[project.pk])
    bad = client.post(join, {"household_number": "DQ001", "joined_on": "2025-03-01"})
    assert bad.status_code == 200 and bad.context["form"].errors["household_number"]
    assert client.post(join, {"household_number": "XZ001", "joined_on": "2025-03-01"}).status_code == 302
    page = client.get(reverse("services:assistance_project", args=[project.pk]))
    assert page.context["page"].households == 1 and "XZ001" in page.content.decode()


def test_the_household_number_box_finds_a_household_in_scope(client, specialist, households):
    client.force_login(specialist)
    response = client.get(reverse("services:assistance") + "?household=DQ001")
    assert response.status_code == 302
    response = client.get(reverse("services:assistance") + "?household=XZ001")
    assert response.status_code == 200


# --- API -----------------------------------------------------------------------------------------------------

def test_the_api_lists_in_scope_with_a_fixed_number_of_queries(specialist, records, django_assert_max_num_queries):
    client = api(specialist)
    with django_assert_max_num_queries(12):
        rows = client.get(API).json()["results"]
    assert [row["household_number"] for row in rows] == ["DQ001", "DQ002"]
    assert client.get(f"{API}{records['joined'].pk}/").status_code == 404
    assert client.get(f"{PROJECTS}{records['joined'].project_id}/").status_code == 404


def test_the_api_gives_the_leadership_totals_only(leader, records):
    client = api(leader)
    assert client.get(API).json()["results"] == []
    totals = {row["kind"]: row for row in client.get(f"{API}totals/?year=2025").json()}
    assert totals["school_fees"]["children"] == 2 and totals["project"]["families"] == 1
    assert client.get(PROJECTS).json()["results"][0]["households"] == 1
    assert client.post(API, {}, format="json").status_code == 403


def test_the_api_writes_through_the_actions(specialist, households, town_office, project):
    client = api(specialist)
    household = households["own"]
    created = client.post(API, {"household": household.pk, "kind": "hardship_grant", "given_on": "2025-02-01",
                                "amount": "500"}, format="json")
    assert created.status_code == 201, created.json()
    bad = client.post(API, {"household": household.pk, "kind": "hardship_grant", "given_on": "2025-02-01"},
                      format="json")
    assert bad.status_code == 400 and "amount" in bad.json()
    other = client.post(API, {"household": households["other"].pk, "kind": "hardship_grant",
                              "given_on": "2025-02-01", "amount": "500"}, format="json")
    assert other.status_code == 400 and "household" in other.json()
    record = created.json()
    stale = client.patch(f"{API}{record['id']}/", {"amount": "600", "version": 7}, format="json")
    assert stale.status_code == 409
    lifted = client.post(f"{API}{record['id']}/out-of-poverty/", {"lifted_on": "2025-10-01"}, format="json")
    assert lifted.status_code == 200
    household.refresh_from_db()
    assert household.poverty == LIFTED
    office = api(town_office)
    joined = office.post(f"{PROJECTS}{project.pk}/join/", {"household": households["other"].pk,
                                                            "joined_on": "2025-03-01"}, format="json")
    assert joined.status_code == 201 and joined.json()["households"] == 1
    voided = office.post(f"{API}{record['id']}/void/", {"reason": ""}, format="json")
    assert voided.status_code == 400


# --- Admin ---------------------------------------------------------------------------------------------------

def test_admin_is_read_only_scoped_and_keeps_households_from_the_leadership(
        client, office_staff, staff_specialist, staff_leader, records):
    client.force_login(office_staff)
    page = client.get(reverse("admin:services_assistance_changelist"))
    assert page.status_code == 200 and len(page.context["cl"].result_list) == 3
    assert client.get(reverse("admin:services_assistance_add")).status_code == 403
    client.force_login(staff_specialist)
    page = client.get(reverse("admin:services_assistance_changelist"))
    assert {row.household.number for row in page.context["cl"].result_list} == {"DQ001", "DQ002"}
    client.force_login(staff_leader)
    page = client.get(reverse("admin:services_assistance_changelist"))
    assert len(page.context["cl"].result_list) == 0
    assert client.get(reverse("admin:services_assistanceproject_changelist")).status_code == 200


def test_the_figures_are_in_the_catalogue():
    for code in CODES:
        assert catalogue.exists(code)


def test_the_project_and_household_pages_take_a_fixed_number_of_queries(
        client, town_office, records, project, other_village, django_assert_max_num_queries):
    client.force_login(town_office)
    household = records["joined"].household
    with django_assert_max_num_queries(20):
        assert client.get(reverse("services:assistance_project", args=[project.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("services:assistance_household", args=[household.pk])).status_code == 200
    daughters = list(household.people.filter(relation=Relation.DAUGHTER))
    for index in range(4):
        joining = family(other_village, number=f"XZ1{index}")
        actions.join_project(project=project, household=joining, joined_on=DAY(2025, 4, 1), by=None)
        actions.give_assistance(household=household, kind=Kind.SCHOOL_FEES, given_on=DAY(2025, 9, 1 + index),
                                amount=Decimal(150), children=daughters, by=None)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("services:assistance_project", args=[project.pk]))
    assert page.context["page"].households == 5
    with django_assert_max_num_queries(20):
        assert client.get(reverse("services:assistance_household", args=[household.pk])).status_code == 200


def test_the_fundraising_page_says_what_its_assistance_records_paid_for(client, leader, records):
    client.force_login(leader)
    page = client.get(reverse("services:fundraising", args=[records["drive"].pk]))
    found = page.context["paid_from"]
    assert (found["families"], found["children"], found["amount"]) == (1, 2, Decimal(300))
    assert "2 children kept in school" in page.content.decode()
