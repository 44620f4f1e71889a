import datetime

import pytest
from django.urls import reverse

from members.models import FamilyCategory, Household, Person, VitalEvent
from tests.factories import make_group
from tests.factories.members import head, id_number, make_household, wife
from villages.models import SensitiveAccess


@pytest.fixture
def household(village, specialist):
    return make_household(village=village, by=specialist, number="0001")


@pytest.fixture
def foreign(other_village):
    return make_household(village=other_village, number="9001")


def _login(client, user):
    client.force_login(user)
    return client


# The list

def test_specialist_lists_the_households_of_the_village_only(client, specialist, household, foreign):
    page = _login(client, specialist).get(reverse("members:households"))
    assert page.status_code == 200
    assert "0001" in page.text and "9001" not in page.text


@pytest.mark.parametrize("search", ["李芳", "0001"])
def test_household_list_searches_by_name_and_number(client, specialist, household, search, village):
    make_household(village=village, by=specialist, number="0002", people=[
        {"name": "赵六", "sex": "M", "birth_date": datetime.date(1970, 1, 1), "relation": "02",
         "id_number": id_number(datetime.date(1970, 1, 1), "M")}])
    page = _login(client, specialist).get(reverse("members:households"), {"q": search})
    assert "0001" in page.text and "0002" not in page.text


def test_household_list_searches_by_identity_number_with_lowercase_x(client, specialist, household):
    number = head(household).id_number
    page = _login(client, specialist).get(reverse("members:households"), {"q": number.lower()})
    assert "0001" in page.text


def test_household_list_filters_by_category_and_status(client, specialist, household):
    client = _login(client, specialist)
    assert "0001" in client.get(reverse("members:households"), {"category": "childless_couple"}).text
    assert "0001" not in client.get(reverse("members:households"), {"category": "one_child"}).text
    assert "0001" not in client.get(reverse("members:households"), {"status": "moved_out"}).text


def test_member_sees_only_the_households_of_the_group(client, member, village, specialist):
    mine = make_household(group=member.group, by=specialist, number="0100")
    make_household(group=make_group(village=village, number=9), by=specialist, number="0200")
    page = _login(client, member).get(reverse("members:households"))
    assert mine.number in page.text and "0200" not in page.text


def test_household_list_answers_in_a_fixed_number_of_queries(client, specialist, village,
                                                               django_assert_num_queries):
    for number in range(12):
        make_household(village=village, by=specialist, number=f"L{number:03d}")
    client = _login(client, specialist)
    for size in (10, 50):
        with django_assert_num_queries(6):
            assert client.get(reverse("members:households"), {"per_page": size}).status_code == 200


# One household

def test_household_page_shows_people_categories_with_reasons_and_history(client, specialist, household):
    page = _login(client, specialist).get(reverse("members:household", args=[household.pk]))
    assert page.status_code == 200
    assert "王强" in page.text and "childless couple" in page.text
    assert "王强、李芳 are married" in page.text
    assert head(household).id_number in page.text


def test_specialist_gets_404_for_a_household_of_another_village(client, specialist, foreign):
    client = _login(client, specialist)
    for name in ("members:household", "members:household_history", "members:household_edit",
                 "members:household_move_out"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client.get(reverse("members:record_event", args=[foreign.pk, "birth"])).status_code == 404
    assert client.get(reverse("members:person", args=[head(foreign).pk])).status_code == 404


def test_viewing_identity_numbers_is_logged(client, specialist, household):
    _login(client, specialist).get(reverse("members:household", args=[household.pk]))
    entry = SensitiveAccess.objects.get()
    assert entry.user == specialist and entry.record_id == household.pk and entry.count == 2


def test_leadership_neither_reads_nor_changes_the_household(client, leader, household):
    client = _login(client, leader)
    assert client.get(reverse("members:household", args=[household.pk])).status_code == 404
    assert not SensitiveAccess.objects.exists()
    assert client.get(reverse("members:household_edit", args=[household.pk])).status_code == 404
    assert client.get(reverse("members:person_health", args=[wife(household).pk])).status_code == 404


def test_history_page_shows_who_changed_what(client, specialist, household):
    client = _login(client, specialist)
    client.post(reverse("members:household_edit", args=[household.pk]), {
        "group": household.group_id, "number": "0001", "address": "一组18号", "hukou_type": "rural",
        "poverty": "none", "version": 1})
    page = client.get(reverse("members:household_history", args=[household.pk]))
    assert "一组18号" in page.text and "specialist" in page.text


# Creating and editing

def _new_household_data(group, **person):
    born = datetime.date(1980, 5, 5)
    data = {"household-group": group.pk, "household-number": "0777", "household-address": "二组1号",
            "household-hukou_type": "rural", "household-poverty": "none",
            "people-TOTAL_FORMS": 1, "people-INITIAL_FORMS": 0, "people-MIN_NUM_FORMS": 0,
            "people-MAX_NUM_FORMS": 30,
            "people-0-name": "刘龑", "people-0-id_number": id_number(born, "M"), "people-0-sex": "M",
            "people-0-birth_date": born.isoformat(), "people-0-ethnicity": "01", "people-0-relation": "02",
            "people-0-marital_status": "10", "people-0-phone": "+86 138 0000 1111", "people-0-residence": "resident"}
    data.update({f"people-0-{key}": value for key, value in person.items()})
    return data


def test_specialist_registers_a_household_with_its_people(client, specialist, village):
    group = make_group(village=village, number=2)
    response = _login(client, specialist).post(reverse("members:household_create"), _new_household_data(group))
    household = Household.objects.get(number="0777")
    assert response.status_code == 302 and response.url == reverse("members:household", args=[household.pk])
    assert head(household).name == "刘龑" and head(household).phone == "13800001111"


def test_bad_identity_number_is_shown_next_to_the_field_and_nothing_is_saved(client, specialist, village):
    group = make_group(village=village, number=2)
    data = _new_household_data(group, id_number="110101199003070000")
    page = _login(client, specialist).post(reverse("members:household_create"), data)
    assert page.status_code == 200
    assert "its last character does not match" in page.text
    assert not Household.objects.filter(number="0777").exists() and not Person.objects.exists()


def test_duplicate_identity_number_is_shown_next_to_that_persons_field(client, specialist, village, household):
    group = make_group(village=village, number=2)
    page = _login(client, specialist).post(reverse("members:household_create"),
                                           _new_household_data(group, id_number=head(household).id_number,
                                                               birth_date="1985-03-01"))
    assert "already registered in household 0001" in page.context["people"].forms[0].errors["id_number"][0]
    assert not Household.objects.filter(number="0777").exists()


def test_group_of_another_village_is_refused(client, specialist, other_village):
    group = make_group(village=other_village, number=3)
    page = _login(client, specialist).post(reverse("members:household_create"), _new_household_data(group))
    assert "group" in page.context["form"].errors
    assert not Household.objects.exists()


def test_stale_edit_form_is_refused_with_a_clear_message(client, specialist, household):
    client = _login(client, specialist)
    data = {"group": household.group_id, "number": "0001", "address": "甲", "hukou_type": "rural",
            "poverty": "none", "version": 1}
    client.post(reverse("members:household_edit", args=[household.pk]), data)
    page = client.post(reverse("members:household_edit", args=[household.pk]), {**data, "address": "乙"})
    assert page.status_code == 200 and "Someone else changed this record" in page.text
    household.refresh_from_db()
    assert household.address == "甲"


def test_poverty_status_needs_its_date(client, specialist, household):
    page = _login(client, specialist).post(reverse("members:household_edit", args=[household.pk]), {
        "group": household.group_id, "number": "0001", "hukou_type": "rural", "poverty": "poor", "version": 1})
    assert "poverty_since" in page.context["form"].errors


def test_person_edit_checks_birth_date_against_identity_number(client, specialist, household):
    person = head(household)
    page = _login(client, specialist).post(reverse("members:person_edit", args=[person.pk]), {
        "name": person.name, "id_number": person.id_number, "sex": "M", "birth_date": "1985-03-02",
        "ethnicity": "01", "relation": "02", "marital_status": "21", "residence": "resident", "version": 1})
    assert "1985-03-01" in page.context["form"].errors["birth_date"][0]
    person.refresh_from_db()
    assert person.version == 1


# Events

def test_recording_a_birth_from_the_household_page(client, specialist, household):
    response = _login(client, specialist).post(reverse("members:record_event", args=[household.pk, "birth"]), {
        "mother": wife(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2024-05-01"})
    assert response.status_code == 302
    assert household.categories.current().get().category == FamilyCategory.Category.ONE_CHILD


def test_birth_with_a_bad_date_shows_the_error_and_saves_nothing(client, specialist, household):
    page = _login(client, specialist).post(reverse("members:record_event", args=[household.pk, "birth"]), {
        "mother": wife(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2999-01-01"})
    assert "This date is in the future." in page.context["form"].errors["born_on"]
    assert not VitalEvent.objects.filter(kind="birth").exists()


def test_mother_from_another_household_cannot_be_chosen(client, specialist, household, village):
    other = make_household(village=village, by=specialist)
    page = _login(client, specialist).post(reverse("members:record_event", args=[household.pk, "birth"]), {
        "mother": wife(other).pk, "child_name": "王玥", "sex": "F", "born_on": "2024-05-01"})
    assert "mother" in page.context["form"].errors


@pytest.mark.parametrize("kind", ["birth", "death", "marriage", "divorce", "adoption", "move_in", "move_out"])
def test_every_event_form_opens(client, specialist, household, kind):
    assert _login(client, specialist).get(reverse("members:record_event", args=[household.pk, kind])).status_code \
        == 200


def test_unknown_event_kind_is_not_found(client, specialist, household):
    url = reverse("members:record_event", args=[household.pk, "penalty"])
    assert _login(client, specialist).get(url).status_code == 404


def test_recording_a_death_and_a_move_in(client, specialist, household):
    client = _login(client, specialist)
    client.post(reverse("members:record_event", args=[household.pk, "death"]), {
        "person": head(household).pk, "died_on": "2025-01-02", "cause": "病故"})
    born = datetime.date(1999, 9, 9)
    client.post(reverse("members:record_event", args=[household.pk, "move_in"]), {
        "name": "周玥", "id_number": id_number(born, "F"), "sex": "F", "birth_date": born.isoformat(),
        "ethnicity": "01", "relation": "97", "marital_status": "10", "residence": "resident",
        "moved_on": "2025-02-02", "place": "外县"})
    assert set(VitalEvent.objects.filter(household=household).values_list("kind", flat=True)) == {
        "registered", "death", "move_in"}


def test_moving_the_household_out(client, specialist, household):
    response = _login(client, specialist).post(reverse("members:household_move_out", args=[household.pk]), {
        "moved_on": "2025-03-03", "destination": "武汉", "reason": "务工", "version": 1})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == Household.Status.MOVED_OUT


def test_moving_a_person_to_another_household_of_the_village(client, specialist, household, village, foreign):
    target = make_household(village=village, by=specialist, number="0002")
    client = _login(client, specialist)
    page = client.post(reverse("members:person_move", args=[wife(household).pk]), {
        "to_household": foreign.number, "relation": "97", "moved_on": "2025-03-03", "version": 1})
    assert "No active household with this number" in page.text
    client.post(reverse("members:person_move", args=[wife(household).pk]), {
        "to_household": "0002", "relation": "97", "moved_on": "2025-03-03", "version": 1})
    assert Person.objects.filter(household=target, name="李芳").count() == 2


def test_removing_a_person_needs_a_reason(client, specialist, household):
    client = _login(client, specialist)
    page = client.post(reverse("members:person_deactivate", args=[wife(household).pk]), {"reason": "", "version": 1})
    assert "reason" in page.context["form"].errors
    client.post(reverse("members:person_deactivate", args=[wife(household).pk]), {"reason": "重复", "version": 1})
    assert wife(household).status == Person.Status.DEACTIVATED


def test_specialist_records_contraception_and_the_view_is_logged(client, specialist, household):
    client = _login(client, specialist)
    client.post(reverse("members:person_health", args=[wife(household).pk]), {
        "contraception": "iud", "contraception_since": "2020-02-02", "pregnancy": "", "version": 1})
    page = client.get(reverse("members:person", args=[wife(household).pk]))
    assert "intrauterine device" in page.text
    assert SensitiveAccess.objects.filter(record_type="person", record_id=wife(household).pk).exists()


def test_person_history_is_not_the_leaderships_to_read(client, specialist, leader, household):
    from members import actions

    actions.update_reproductive_health(person=wife(household), version=1, by=specialist, contraception="iud",
                                       contraception_since=datetime.date(2020, 2, 2))
    assert _login(client, leader).get(reverse("members:person", args=[wife(household).pk])).status_code == 404


# The access log and the monthly figures

def test_town_office_reads_the_access_log_and_specialists_cannot(client, town_office, specialist, household):
    _login(client, specialist).get(reverse("members:household", args=[household.pk]))
    assert client.get(reverse("members:access_log")).status_code == 403
    page = _login(client, town_office).get(reverse("members:access_log"))
    assert page.status_code == 200 and "specialist" in page.text


def test_monthly_figures_page(client, specialist, household):
    page = _login(client, specialist).get(reverse("members:figures"))
    assert page.status_code == 200 and household.village.name in page.text


def test_pages_need_a_signed_in_user(client, household):
    response = client.get(reverse("members:households"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_town_office_figures_add_up_to_a_town_total(client, town_office, household, foreign):
    page = _login(client, town_office).get(reverse("members:figures"))
    assert page.context["total"].closing == 4
    assert "Total" in page.text or "合计" in page.text


def test_opening_the_history_or_an_edit_form_with_sensitive_data_is_logged(client, specialist, household):
    client = _login(client, specialist)
    client.get(reverse("members:household_history", args=[household.pk]))
    client.get(reverse("members:person_edit", args=[head(household).pk]))
    assert SensitiveAccess.objects.filter(user=specialist).count() == 2
