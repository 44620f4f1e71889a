import datetime

import pytest
from rest_framework.test import APIClient

from members.models import Household, Person, VitalEvent
from tests.factories import make_group
from tests.factories.members import head, id_number, make_household, wife
from villages.models import SensitiveAccess


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def household(village, specialist):
    return make_household(village=village, by=specialist, number="0001")


@pytest.fixture
def foreign(other_village):
    return make_household(village=other_village, number="9001")


def _as(api, user):
    api.force_authenticate(user)
    return api


def test_household_list_is_scoped_and_shows_categories(api, specialist, household, foreign):
    data = _as(api, specialist).get("/api/v1/households/").json()
    assert [row["number"] for row in data["results"]] == ["0001"]
    assert data["results"][0]["categories"][0]["category"] == "childless_couple"
    assert data["results"][0]["head_name"] == "王强" and data["results"][0]["people_count"] == 2


def test_another_villages_records_answer_404(api, specialist, foreign):
    api = _as(api, specialist)
    assert api.get(f"/api/v1/households/{foreign.pk}/").status_code == 404
    assert api.get(f"/api/v1/persons/{head(foreign).pk}/").status_code == 404
    event = VitalEvent.objects.filter(household=foreign).first()
    assert api.get(f"/api/v1/events/{event.pk}/").status_code == 404
    assert api.patch(f"/api/v1/households/{foreign.pk}/", {"address": "x", "version": 1}).status_code == 404


def test_household_list_filters(api, specialist, household, village):
    make_household(village=village, by=specialist, number="0002")
    api = _as(api, specialist)
    assert api.get("/api/v1/households/", {"number": "0002"}).json()["count"] == 1
    assert api.get("/api/v1/households/", {"q": "0001"}).json()["count"] == 1
    assert api.get("/api/v1/households/", {"category": "one_child"}).json()["count"] == 0


@pytest.mark.parametrize("endpoint, queries", [
    ("/api/v1/households/", 3), ("/api/v1/persons/", 4), ("/api/v1/events/", 2)])
def test_list_endpoints_answer_in_a_fixed_number_of_queries(api, specialist, village, endpoint, queries,
                                                             django_assert_num_queries):
    for number in range(6):
        make_household(village=village, by=specialist, number=f"A{number}")
    api = _as(api, specialist)
    for size in (2, 50):
        with django_assert_num_queries(queries):
            response = api.get(endpoint, {"page_size": size})
        assert len(response.json()["results"]) == min(size, response.json()["count"])


def test_sensitive_fields_only_for_those_who_may_see_them_and_logged(api, specialist, leader, household):
    person = head(household)
    shown = _as(api, specialist).get(f"/api/v1/persons/{person.pk}/").json()
    assert shown["id_number"] == person.id_number
    assert SensitiveAccess.objects.filter(action="api", user=specialist).count() == 1
    assert _as(APIClient(), leader).get(f"/api/v1/persons/{person.pk}/").status_code == 404
    assert not SensitiveAccess.objects.filter(user=leader).exists()


def test_the_schema_does_not_promise_the_sensitive_fields_to_every_reader():
    from drf_spectacular.generators import SchemaGenerator

    from members.serializers import SENSITIVE_FIELDS

    person = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["Person"]
    assert set(SENSITIVE_FIELDS) <= set(person["properties"])
    assert not set(SENSITIVE_FIELDS) & set(person["required"]) and {"id", "name"} <= set(person["required"])


def test_the_answer_to_a_change_that_shows_sensitive_data_is_logged(api, specialist, household):
    person = wife(household)

    response = _as(api, specialist).patch(f"/api/v1/persons/{person.pk}/reproductive-health/", {
        "contraception": "iud", "contraception_since": "2020-02-02", "version": person.version}, format="json")

    assert response.status_code == 200 and response.json()["contraception"] == "iud"
    assert SensitiveAccess.objects.filter(action="api", user=specialist, record_id=person.pk).count() == 1


def test_a_list_of_people_is_logged_once_for_each_village_it_shows(api, town_office, household, foreign):
    assert _as(api, town_office).get("/api/v1/persons/").json()["count"] == 4

    logged = SensitiveAccess.objects.filter(user=town_office)
    assert sorted(logged.values_list("village_id", "count")) == sorted([(household.village_id, 2),
                                                                        (foreign.village_id, 2)])

def test_creating_a_household_with_its_people(api, specialist, village):
    group = make_group(village=village, number=4)
    born = datetime.date(1979, 9, 9)
    response = _as(api, specialist).post("/api/v1/households/", {
        "group": group.pk, "number": "0500", "people": [
            {"name": "王喆", "id_number": id_number(born, "M").lower(), "sex": "M", "birth_date": born.isoformat(),
             "relation": "02", "marital_status": "10", "phone": "+8613912345678"}]}, format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(name="王喆")
    assert person.phone == "13912345678" and person.id_number == person.id_number.upper()


def test_bad_identity_number_answers_400_with_the_field_and_saves_nothing(api, specialist, village):
    group = make_group(village=village, number=4)
    response = _as(api, specialist).post("/api/v1/households/", {
        "group": group.pk, "number": "0500", "people": [
            {"name": "王喆", "id_number": "110101199003070000", "sex": "M", "birth_date": "1990-03-07",
             "relation": "02"}]}, format="json")
    assert response.status_code == 400
    assert "id_number" in response.json()["people"]["0"]
    assert not Household.objects.exists()


def test_duplicate_identity_number_answers_400_without_naming_another_village(api, specialist, village, foreign):
    group = make_group(village=village, number=4)
    taken = head(foreign)
    response = _as(api, specialist).post("/api/v1/households/", {
        "group": group.pk, "number": "0500", "people": [
            {"name": "王喆", "id_number": taken.id_number, "sex": "M", "birth_date": taken.birth_date.isoformat(),
             "relation": "02"}]}, format="json")
    assert response.status_code == 400
    message = str(response.json())
    assert "registered elsewhere in the town" in message and "9001" not in message


def test_group_of_another_village_answers_400(api, specialist, other_village):
    group = make_group(village=other_village, number=4)
    response = _as(api, specialist).post("/api/v1/households/", {"group": group.pk, "number": "1", "people": []},
                                         format="json")
    assert response.status_code == 400 and "group" in response.json()


def test_stale_version_answers_409_and_changes_nothing(api, specialist, household):
    api = _as(api, specialist)
    assert api.patch(f"/api/v1/households/{household.pk}/", {"address": "甲", "version": 1}).status_code == 200
    response = api.patch(f"/api/v1/households/{household.pk}/", {"address": "乙", "version": 1})
    assert response.status_code == 409 and "Someone else changed this record" in response.json()["detail"]
    household.refresh_from_db()
    assert household.address == "甲"


def test_nothing_can_be_deleted_through_the_api(api, town_office, household):
    api = _as(api, town_office)
    assert api.delete(f"/api/v1/households/{household.pk}/").status_code == 405
    assert api.delete(f"/api/v1/persons/{head(household).pk}/").status_code == 405
    assert api.put(f"/api/v1/persons/{head(household).pk}/", {}).status_code == 405


def test_deactivating_a_person_through_the_api(api, specialist, household):
    person = wife(household)
    response = _as(api, specialist).post(f"/api/v1/persons/{person.pk}/deactivate/", {"reason": "重复登记",
                                                                                       "version": 1})
    assert response.status_code == 200 and response.json()["status"] == "deactivated"


def test_recording_a_birth_through_the_api(api, specialist, household):
    response = _as(api, specialist).post("/api/v1/events/births/", {
        "mother": wife(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2024-01-01"})
    assert response.status_code == 201 and response.json()["birth_order"] == 1
    assert household.categories.current().get().category == "one_child"


def test_birth_for_a_mother_of_another_village_answers_400(api, specialist, foreign):
    response = _as(api, specialist).post("/api/v1/events/births/", {
        "mother": wife(foreign).pk, "child_name": "王玥", "sex": "F", "born_on": "2024-01-01"})
    assert response.status_code == 400 and "mother" in response.json()
    assert not VitalEvent.objects.filter(kind="birth").exists()


def test_birth_with_bad_date_answers_400(api, specialist, household):
    response = _as(api, specialist).post("/api/v1/events/births/", {
        "mother": wife(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2999-01-01"})
    assert response.status_code == 400 and "born_on" in response.json()


def test_leadership_reads_but_cannot_write(api, leader, household):
    api = _as(api, leader)
    assert api.get("/api/v1/households/").json()["count"] == 0
    assert api.post("/api/v1/events/deaths/", {"person": head(household).pk, "died_on": "2024-01-01"}).status_code \
        == 403


def test_other_event_endpoints(api, specialist, household):
    api = _as(api, specialist)
    born = datetime.date(2001, 1, 1)
    moved_in = api.post("/api/v1/events/moves-in/", {
        "household": household.pk, "moved_on": "2025-01-01", "place": "外县", "name": "周玥", "sex": "F",
        "birth_date": born.isoformat(), "id_number": id_number(born, "F"), "relation": "97"})
    assert moved_in.status_code == 201, moved_in.json()
    newcomer = moved_in.json()["person"]
    assert api.post("/api/v1/events/marriages/", {"person": newcomer, "married_on": "2025-02-02",
                                                  "spouse_name": "外村某"}).status_code == 201
    assert api.post("/api/v1/events/divorces/", {"person": newcomer, "divorced_on": "2025-03-03"}).status_code == 201
    assert api.post("/api/v1/events/moves-out/", {"person": newcomer, "moved_on": "2025-04-04",
                                                  "place": "外省"}).status_code == 201
    adopted = api.post("/api/v1/events/adoptions/", {
        "household": household.pk, "adopted_on": "2025-05-05", "adoptive_mother": wife(household).pk,
        "new_child": {"name": "王小", "sex": "M", "birth_date": "2024-01-01"}}, format="json")
    assert adopted.status_code == 201, adopted.json()
    assert api.post("/api/v1/events/deaths/", {"person": head(household).pk,
                                               "died_on": "2025-06-06"}).status_code == 201


def test_schema_generates_without_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert "Warning" not in capsys.readouterr().err
