"""One set of rules of possible facts (members.rules.validation), kept alike by the API, the import and the pages."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from rest_framework.test import APIClient

from members import actions
from members.identity import fictitious_id_number, validate_id_number
from members.models import Household, MaritalStatus, Person, Relation, VitalEvent
from members.rules import validation
from tests.factories import make_group
from tests.factories.members import head, id_number, make_household, person_fields, wife

TODAY = datetime.date(2026, 5, 20)
TOMORROW = TODAY + datetime.timedelta(days=1)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


@pytest.fixture
def household(village, specialist):
    """王强 (man, born 1985-03-01) and 李芳 (woman, born 1988-06-15), with their daughter 王小妹 born 2019-04-01."""
    return make_household(village=village, by=specialist, number="0001", people=[
        person_fields(),
        person_fields(name="李芳", sex="F", born=datetime.date(1988, 6, 15), relation=Relation.WIFE),
        person_fields(name="王小妹", sex="F", born=datetime.date(2019, 4, 1), relation=Relation.DAUGHTER,
                      marital_status=MaritalStatus.SINGLE),
    ])


def daughter(household: Household) -> Person:
    return household.people.get(relation=Relation.DAUGHTER)


@pytest.fixture
def api(specialist):
    client = APIClient()
    client.force_authenticate(specialist)
    return client


def _errors(error: pytest.ExceptionInfo) -> dict:
    return error.value.message_dict


# --- The rules themselves, at their boundaries ---------------------------------------------------

def test_today_is_allowed_and_tomorrow_is_refused():
    assert validation.in_the_past("occurred_on", TODAY, today=TODAY) == {}
    assert validation.in_the_past("occurred_on", TOMORROW, today=TODAY) == {
        "occurred_on": ["This date is in the future."]}


def test_a_birth_date_today_is_possible_tomorrow_or_before_1900_is_not():
    assert validation.possible_birth_date("birth_date", TODAY, today=TODAY) == {}
    assert validation.possible_birth_date("birth_date", datetime.date(1900, 1, 1), today=TODAY) == {}
    assert "birth_date" in validation.possible_birth_date("birth_date", TOMORROW, today=TODAY)
    assert "before 1900" in validation.possible_birth_date("birth_date", datetime.date(1899, 12, 31))["birth_date"][0]


@pytest.mark.parametrize("sex, minimum", [("F", 20), ("M", 22)])
def test_marriage_on_the_day_of_the_legal_age_is_allowed_and_one_day_earlier_refused(sex, minimum):
    born = datetime.date(2000, 3, 10)
    birthday = _years_after(born, minimum)

    assert validation.marriage_age("married_on", birthday, born=born, sex=sex, name="王玥") == {}
    refused = validation.marriage_age("married_on", birthday - datetime.timedelta(days=1), born=born, sex=sex,
                                      name="王玥")
    assert refused["married_on"] == [
        f"王玥 would be {minimum - 1} years old on the marriage date, under the legal minimum of {minimum} for a "
        f"{'woman' if sex == 'F' else 'man'}."]


def test_a_marriage_before_1981_is_judged_by_the_law_of_1950():
    born = datetime.date(1957, 5, 1)
    assert validation.marriage_age("married_on", datetime.date(1975, 5, 1), born=born, sex="F", name="李芳") == {}
    assert validation.marriage_age("married_on", datetime.date(1981, 1, 1), born=datetime.date(1962, 1, 1),
                                   sex="F", name="李芳") != {}


def test_a_marriage_before_the_birth_names_the_birth_date():
    refused = validation.marriage_age("married_on", datetime.date(1999, 1, 1), born=datetime.date(2001, 1, 1),
                                      sex="F", name="周玥")
    assert refused == {"married_on": ["周玥 was born on 2001-01-01, after this date."]}


@pytest.mark.parametrize("mother_age, father_age, refused", [
    (14, 16, set()), (55, 70, set()), (13, 30, {"mother"}), (56, 60, {"mother"}), (30, 15, {"father"}),
])
def test_parents_ages_at_a_birth(mother_age, father_age, refused):
    born = datetime.date(2024, 7, 1)
    found = validation.parents_at_birth(born, mother_born=datetime.date(2024 - mother_age, 7, 1),
                                        father_born=datetime.date(2024 - father_age, 7, 1))
    assert set(found) == refused


def test_a_mother_one_day_short_of_14_is_refused_with_her_age():
    born = datetime.date(2024, 7, 1)
    found = validation.parents_at_birth(born, mother_born=datetime.date(2010, 7, 2))
    assert found == {"mother": ["The mother would be 13 years old at this birth; a mother is at least 14."]}


def test_a_child_born_before_its_parent_is_an_error_of_the_birth_date():
    found = validation.parents_at_birth(datetime.date(2000, 1, 1), mother_born=datetime.date(2001, 1, 1),
                                        born_field="born_on")
    assert found == {"born_on": ["The child cannot be born before the mother."]}


def test_a_move_out_on_the_day_of_arrival_is_allowed_and_the_day_before_refused():
    arrived, born = datetime.date(2025, 1, 1), datetime.date(2001, 1, 1)
    assert validation.move_out_dates("moved_on", arrived, born=born, name="周玥", arrived_on=arrived) == {}
    refused = validation.move_out_dates("moved_on", arrived - datetime.timedelta(days=1), born=born, name="周玥",
                                        arrived_on=arrived)
    assert "2025-01-01" in refused["moved_on"][0]


def test_a_divorce_on_the_wedding_day_is_allowed_and_the_day_before_refused():
    married = datetime.date(2025, 2, 2)
    assert validation.divorce_after_marriage("divorced_on", married, married_on=married) == {}
    assert "divorced_on" in validation.divorce_after_marriage("divorced_on", datetime.date(2025, 2, 1),
                                                              married_on=married)


def test_someone_recorded_as_married_has_reached_the_legal_age():
    born = datetime.date(2006, 5, 20)
    assert validation.ever_married_age("marital_status", ever_married=True, born=born, sex="F", name="李芳",
                                       today=TODAY) == {}
    assert validation.ever_married_age("marital_status", ever_married=True, born=born, sex="M", name="王强",
                                       today=TODAY) == {"marital_status": [
        "王强 is 20 and cannot have married yet: a man may marry from 22."]}
    assert validation.ever_married_age("marital_status", ever_married=False, born=TODAY, sex="M", name="王强",
                                       today=TODAY) == {}


def test_age_on_counts_whole_years_and_leap_day_birthdays():
    assert validation.age_on(datetime.date(2004, 2, 29), datetime.date(2024, 2, 28)) == 19
    assert validation.age_on(datetime.date(2004, 2, 29), datetime.date(2024, 2, 29)) == 20
    assert validation.age_on(datetime.date(2004, 2, 29), datetime.date(2023, 3, 1)) == 19


def test_identity_number_born_today_is_valid_tomorrow_or_before_1900_is_not():
    today = timezone.localdate()
    assert validate_id_number(fictitious_id_number(today, "F", 1))
    for born in (today + datetime.timedelta(days=1), datetime.date(2099, 1, 1), datetime.date(1899, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            validate_id_number(fictitious_id_number(born, "F", 1))
        assert born.isoformat() in refused.value.messages[0]


# --- The API: 400 with the field, nothing saved -------------------------------------------------------

def test_api_refuses_a_birth_date_in_2099_inside_an_identity_number(api, village):
    group = make_group(village=village, number=4)
    born = datetime.date(2099, 1, 1)
    response = api.post("/api/v1/households/", {"group": group.pk, "number": "0500", "people": [
        {"name": "王喆", "id_number": fictitious_id_number(born, "M", 3), "sex": "M", "birth_date": born.isoformat(),
         "relation": "02"}]}, format="json")
    assert response.status_code == 400
    assert "in the future" in str(response.json()["people"]["0"]["id_number"])
    assert not Household.objects.filter(number="0500").exists()


def test_api_refuses_a_birth_date_in_2099_without_an_identity_number(api, household):
    response = api.post("/api/v1/persons/", {"household": household.pk, "name": "王喆", "sex": "M",
                                             "birth_date": "2099-01-01", "relation": "97"})
    assert response.status_code == 400 and "birth_date" in response.json()
    assert not Person.objects.filter(name="王喆").exists()


def test_api_refuses_a_mother_aged_3_at_the_birth(api, household):
    response = api.post("/api/v1/events/births/", {
        "mother": daughter(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2022-06-01"})
    assert response.status_code == 400
    assert response.json()["mother"] == ["The mother would be 3 years old at this birth; a mother is at least 14."]
    assert not VitalEvent.objects.filter(kind="birth").exists()


def test_api_refuses_a_father_too_young_at_the_birth(api, household, specialist):
    son = actions.add_person(household=household, by=specialist, **person_fields(
        name="王小弟", born=datetime.date(2014, 1, 1), relation=Relation.SON, marital_status=MaritalStatus.SINGLE))
    response = api.post("/api/v1/events/births/", {
        "mother": wife(household).pk, "father": son.pk, "child_name": "王玥", "sex": "F", "born_on": "2025-06-01"})
    assert response.status_code == 400 and "father" in response.json()


def test_api_refuses_a_marriage_before_the_persons_birth(api, household):
    response = api.post("/api/v1/events/marriages/", {
        "person": daughter(household).pk, "married_on": "2018-01-01", "spouse_name": "外村某"})
    assert response.status_code == 400
    assert response.json()["married_on"] == ["王小妹 was born on 2019-04-01, after this date."]
    assert daughter(household).marital_status == MaritalStatus.SINGLE


def test_api_refuses_a_marriage_under_the_legal_age_and_accepts_it_on_the_birthday(api, household, specialist):
    born = datetime.date(2004, 8, 8)
    newcomer = actions.record_move_in(household=household, moved_on=datetime.date(2024, 1, 1), by=specialist,
                                      **person_fields(name="周玥", sex="F", born=born, relation=Relation.OTHER_RELATIVE,
                                                      marital_status=MaritalStatus.SINGLE)).person
    early = api.post("/api/v1/events/marriages/", {"person": newcomer.pk, "married_on": "2024-08-07",
                                                   "spouse_name": "外村某"})
    assert early.status_code == 400 and "legal minimum of 20" in early.json()["married_on"][0]
    on_time = api.post("/api/v1/events/marriages/", {"person": newcomer.pk, "married_on": "2024-08-08",
                                                     "spouse_name": "外村某"})
    assert on_time.status_code == 201, on_time.json()


def test_api_refuses_a_divorce_before_the_marriage(api, household, specialist):
    newcomer = actions.record_move_in(household=household, moved_on=datetime.date(2024, 1, 1), by=specialist,
                                      **person_fields(name="周玥", sex="F", born=datetime.date(2001, 1, 1),
                                                      relation=Relation.OTHER_RELATIVE,
                                                      marital_status=MaritalStatus.SINGLE)).person
    actions.record_marriage(person=newcomer, married_on=datetime.date(2025, 2, 2), by=specialist, spouse_name="某")
    response = api.post("/api/v1/events/divorces/", {"person": newcomer.pk, "divorced_on": "2025-01-01"})
    assert response.status_code == 400 and "2025-02-02" in response.json()["divorced_on"][0]


def test_api_refuses_a_move_out_before_the_childs_birth(api, household, specialist):
    child = actions.record_birth(mother=wife(household), child_name="王玥", sex="F",
                                 born_on=datetime.date(2024, 1, 1), by=specialist).person
    response = api.post("/api/v1/events/moves-out/", {"person": child.pk, "moved_on": "2023-06-01", "place": "外省"})
    assert response.status_code == 400 and "born on 2024-01-01" in response.json()["moved_on"][0]
    child.refresh_from_db()
    assert child.status == Person.Status.ACTIVE


def test_api_refuses_a_move_out_before_the_move_in(api, household, specialist):
    newcomer = actions.record_move_in(household=household, moved_on=datetime.date(2025, 1, 1), by=specialist,
                                      **person_fields(name="周玥", sex="F", born=datetime.date(2001, 1, 1),
                                                      relation=Relation.OTHER_RELATIVE)).person
    response = api.post("/api/v1/events/moves-out/", {"person": newcomer.pk, "moved_on": "2024-12-31",
                                                      "place": "外省"})
    assert response.status_code == 400 and "2025-01-01" in response.json()["moved_on"][0]
    assert api.post("/api/v1/events/moves-out/", {"person": newcomer.pk, "moved_on": "2025-01-01",
                                                  "place": "外省"}).status_code == 201


def test_api_refuses_a_death_before_the_birth(api, household):
    response = api.post("/api/v1/events/deaths/", {"person": daughter(household).pk, "died_on": "2019-03-31"})
    assert response.status_code == 400 and "died_on" in response.json()


def test_api_refuses_an_adoption_before_the_childs_birth(api, household):
    response = api.post("/api/v1/events/adoptions/", {
        "household": household.pk, "adopted_on": "2023-01-01", "adoptive_mother": wife(household).pk,
        "new_child": {"name": "王小", "sex": "M", "birth_date": "2024-01-01"}}, format="json")
    assert response.status_code == 400 and "adopted_on" in response.json()
    assert not Person.objects.filter(name="王小").exists()


def test_api_refuses_a_move_in_before_the_newcomers_birth(api, household):
    response = api.post("/api/v1/events/moves-in/", {
        "household": household.pk, "moved_on": "2000-01-01", "place": "外县", "name": "周玥", "sex": "F",
        "birth_date": "2001-01-01", "relation": "97"})
    assert response.status_code == 400 and "moved_on" in response.json()


@pytest.mark.parametrize("endpoint, field", [
    ("deaths", "died_on"), ("moves-out", "moved_on"), ("marriages", "married_on"), ("divorces", "divorced_on")])
def test_api_refuses_event_dates_after_today(api, household, endpoint, field):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api.post(f"/api/v1/events/{endpoint}/", {"person": head(household).pk, field: tomorrow,
                                                        "place": "外省", "spouse_name": "某"})
    assert response.status_code == 400 and response.json()[field] == ["This date is in the future."]


def test_api_refuses_poverty_since_2099_when_creating_or_editing_a_household(api, village, household):
    group = make_group(village=village, number=4)
    created = api.post("/api/v1/households/", {
        "group": group.pk, "number": "0500", "poverty": "poor", "poverty_since": "2099-01-01",
        "people": [person_fields(born=datetime.date(1979, 9, 9)) | {"birth_date": "1979-09-09"}]}, format="json")
    assert created.status_code == 400 and "poverty_since" in created.json()
    edited = api.patch(f"/api/v1/households/{household.pk}/", {"poverty": "poor", "poverty_since": "2099-01-01",
                                                               "version": 1})
    assert edited.status_code == 400 and "poverty_since" in edited.json()
    household.refresh_from_db()
    assert household.poverty == "none"


@pytest.mark.parametrize("changes", [
    {"contraception": "iud", "contraception_since": "2099-01-01"},
    {"pregnancy": "pregnant", "pregnancy_noted_on": "2099-01-01"},
])
def test_api_refuses_reproductive_health_dates_in_the_future(api, household, changes):
    response = api.patch(f"/api/v1/persons/{wife(household).pk}/reproductive-health/", {**changes, "version": 1})
    assert response.status_code == 400 and set(changes) - {"contraception", "pregnancy"} <= set(response.json())


def test_api_refuses_children_older_than_their_parents_allow(api, village):
    group = make_group(village=village, number=4)
    response = api.post("/api/v1/households/", {"group": group.pk, "number": "0500", "people": [
        {"name": "王喆", "sex": "M", "birth_date": "1980-01-01", "relation": "02", "marital_status": "20"},
        {"name": "李玥", "sex": "F", "birth_date": "1982-02-02", "relation": "12", "marital_status": "20"},
        {"name": "王琳", "sex": "F", "birth_date": "1985-03-03", "relation": "30"}]}, format="json")
    assert response.status_code == 400
    assert "The mother would be 3 years old" in str(response.json()["people"]["2"]["birth_date"])
    assert not Household.objects.filter(number="0500").exists()


def test_api_refuses_a_child_recorded_as_married(api, household):
    response = api.post("/api/v1/persons/", {"household": household.pk, "name": "王喆", "sex": "M",
                                             "birth_date": "2015-01-01", "relation": "97", "marital_status": "21"})
    assert response.status_code == 400 and "marital_status" in response.json()


# --- The import: every error on its row, under its column ----------------------------------------------

HEADER = ["household number", "village", "villager group", "address", "hukou type", "poverty status",
          "poverty status since", "name", "identity number", "sex", "birth date", "ethnicity",
          "relation to the household head", "marital status", "mobile phone", "residence"]


def _row(number, name, sex, born, relation, marital="10", *, with_id=False, poverty="", poverty_since=""):
    return [number, "", 1, "", "", poverty, poverty_since, name, id_number(born, sex) if with_id else "", sex,
            born.isoformat(), "", relation, marital, "", ""]


def _import(client, user, rows) -> dict[int, str]:
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    client.force_login(user)
    page = client.post(reverse("members:import"), {"file": SimpleUploadedFile("people.xlsx", output.getvalue())})
    return {error.line: " ".join(error.messages) for error in page.context["check"].errors}


@pytest.fixture
def group(village):
    return make_group(village=village, number=1)


def test_import_refuses_birth_dates_in_2099_with_or_without_an_identity_number(client, specialist, group):
    future = datetime.date(2099, 1, 1)
    rows = [_row("H-1", "王喆", "M", datetime.date(1980, 1, 1), "02"),
            _row("H-1", "王琳", "F", future, "30"),
            ["H-1", "", 1, "", "", "", "", "王玥", fictitious_id_number(future, "F", 2), "F", "2099-01-01", "", "30",
             "10", "", ""]]
    errors = _import(client, specialist, rows)
    assert errors[3].startswith("birth date: This date is in the future.")
    assert errors[4].startswith("identity number: The birth date inside this identity number (2099-01-01)")
    assert not Person.objects.exists()


def test_import_refuses_a_mother_aged_3_and_a_father_aged_15(client, specialist, group):
    rows = [_row("H-1", "王喆", "M", datetime.date(1960, 1, 1), "02", "20"),
            _row("H-1", "李玥", "F", datetime.date(1982, 2, 2), "12", "20"),
            _row("H-1", "王琳", "F", datetime.date(1985, 3, 3), "30"),
            _row("H-2", "张龑", "M", datetime.date(1980, 1, 1), "02", "20"),
            _row("H-2", "刘芳", "F", datetime.date(1975, 1, 1), "12", "20"),
            _row("H-2", "张小", "M", datetime.date(1995, 6, 1), "20")]
    errors = _import(client, specialist, rows)
    assert sorted(errors) == [4, 7]
    assert errors[4] == "birth date: The mother would be 3 years old at this birth; a mother is at least 14."
    assert errors[7] == "birth date: The father would be 15 years old at this birth; a father is at least 16."


def test_import_refuses_poverty_since_2099(client, specialist, group):
    rows = [_row("H-1", "王喆", "M", datetime.date(1980, 1, 1), "02", poverty="poor", poverty_since="2099-01-01")]
    errors = _import(client, specialist, rows)
    assert errors[2] == "poverty status since: This date is in the future."


def test_import_refuses_a_child_recorded_as_married(client, specialist, group):
    rows = [_row("H-1", "王喆", "M", datetime.date(2015, 1, 1), "02", "21")]
    errors = _import(client, specialist, rows)
    assert errors[2].startswith("marital status: 王喆 is 11 and cannot have married yet")


# --- The pages: the same refusals next to the field -----------------------------------------------------

def _record(client, user, household, kind, data):
    client.force_login(user)
    return client.post(reverse("members:record_event", args=[household.pk, kind]), data)


def test_birth_form_refuses_a_mother_aged_3(client, specialist, household):
    page = _record(client, specialist, household, "birth", {
        "mother": daughter(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2022-06-01"})
    assert page.context["form"].errors["mother"] == [
        "The mother would be 3 years old at this birth; a mother is at least 14."]
    assert not VitalEvent.objects.filter(kind="birth").exists()


def test_marriage_form_refuses_a_marriage_before_the_birth(client, specialist, household):
    page = _record(client, specialist, household, "marriage", {
        "person": daughter(household).pk, "married_on": "2018-01-01", "spouse_name": "外村某"})
    assert page.context["form"].errors["married_on"] == ["王小妹 was born on 2019-04-01, after this date."]


def test_move_out_form_refuses_a_move_out_before_the_move_in(client, specialist, household):
    newcomer = actions.record_move_in(household=household, moved_on=datetime.date(2025, 1, 1), by=specialist,
                                      **person_fields(name="周玥", sex="F", born=datetime.date(2001, 1, 1),
                                                      relation=Relation.OTHER_RELATIVE)).person
    page = _record(client, specialist, household, "move_out", {
        "person": newcomer.pk, "moved_on": "2024-06-01", "place": "外省"})
    assert "2025-01-01" in page.context["form"].errors["moved_on"][0]


def test_household_form_shows_a_daughter_older_than_her_mother_allows_next_to_her_birth_date(client, specialist,
                                                                                               group):
    people = [("王喆", "M", "1960-01-01", "02", "20"), ("李玥", "F", "1982-02-02", "12", "20"),
              ("王琳", "F", "1990-03-03", "30", "10")]
    data = {"household-group": group.pk, "household-number": "0777", "household-hukou_type": "rural",
            "household-poverty": "none", "people-TOTAL_FORMS": 3, "people-INITIAL_FORMS": 0,
            "people-MIN_NUM_FORMS": 0, "people-MAX_NUM_FORMS": 30}
    for index, (name, sex, born, relation, marital) in enumerate(people):
        data |= {f"people-{index}-name": name, f"people-{index}-sex": sex, f"people-{index}-birth_date": born,
                 f"people-{index}-ethnicity": "01", f"people-{index}-relation": relation,
                 f"people-{index}-marital_status": marital, f"people-{index}-residence": "resident"}
    client.force_login(specialist)

    page = client.post(reverse("members:household_create"), data)

    assert page.context["people"].forms[2].errors["birth_date"] == [
        "The mother would be 8 years old at this birth; a mother is at least 14."]
    assert not Household.objects.filter(number="0777").exists()


def test_person_form_shows_a_future_birth_date_once(client, specialist, household):
    person = daughter(household)
    client.force_login(specialist)
    page = client.post(reverse("members:person_edit", args=[person.pk]), {
        "name": person.name, "sex": "F", "birth_date": "2099-01-01", "ethnicity": "01", "relation": "30",
        "marital_status": "10", "residence": "resident", "version": 1})
    assert page.context["form"].errors["birth_date"] == ["This date is in the future."]


def test_reproductive_health_form_shows_a_future_date_once(client, specialist, household):
    client.force_login(specialist)
    page = client.post(reverse("members:person_health", args=[wife(household).pk]), {
        "contraception": "iud", "contraception_since": "2099-01-01", "version": 1})
    assert page.context["form"].errors["contraception_since"] == ["This date is in the future."]


# --- Actions: the same rules wherever a parent link or a birth date is written ---------------------------

def test_editing_a_mothers_birth_date_to_an_impossible_age_is_refused(household, specialist):
    mother = wife(household)
    with pytest.raises(ValidationError) as refused:
        actions.update_person(person=mother, version=mother.version, by=specialist,
                              birth_date=datetime.date(2010, 1, 1))
    assert "王小妹, born 2019-04-01" in _errors(refused)["birth_date"][0]


def test_adoptive_parents_are_not_held_to_the_ages_of_a_birth(household, specialist):
    grandmother = actions.add_person(household=household, by=specialist, **person_fields(
        name="赵兰", sex="F", born=datetime.date(1950, 1, 1), relation=Relation.MOTHER,
        marital_status=MaritalStatus.WIDOWED))
    event = actions.record_adoption(household=household, adopted_on=datetime.date(2024, 6, 1), by=specialist,
                                    adoptive_mother=grandmother, child_fields={
                                        "name": "王小", "sex": "M", "birth_date": datetime.date(2024, 1, 1),
                                        "marital_status": MaritalStatus.SINGLE})
    assert event.person.is_adopted and event.person.mother == grandmother


def test_household_move_out_before_a_members_birth_is_refused(household, specialist):
    with pytest.raises(ValidationError) as refused:
        actions.move_household_out(household=household, moved_on=datetime.date(2018, 1, 1), destination="外省",
                                   reason="务工", by=specialist, version=1)
    assert "moved_on" in _errors(refused)
    assert daughter(household).status == Person.Status.ACTIVE


def test_household_registered_in_the_future_is_refused(household):
    household.registered_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        household.full_clean()
    assert "registered_on" in _errors(refused)



def test_editing_a_parents_birth_date_within_the_plausible_ages_is_allowed(household, specialist):
    mother = wife(household)
    actions.update_person(person=mother, version=mother.version, by=specialist, id_number="",
                          birth_date=datetime.date(1990, 1, 1))
    mother.refresh_from_db()
    assert mother.birth_date == datetime.date(1990, 1, 1)


def test_refuse_raises_nothing_for_rules_that_found_nothing():
    validation.refuse({}, {"birth_date": []})
