"""Voiding and correcting recorded vital events: the row stays, the ledger balances, the register follows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from members import actions
from members.actions.corrections import correct_event, void_event
from members.models import FamilyCategory, MaritalStatus, Person, Relation, VitalEvent
from tests.factories import make_user
from tests.factories.members import head, id_number, make_household, person_fields, wife
from villages.models import SensitiveAccess, User

Kind = VitalEvent.Kind
DAY = datetime.date(2026, 5, 1)
REAL_TODAY = timezone.localdate()  # the day the run starts, before any fixture moves it


@pytest.fixture
def household(village, specialist, set_today):
    """Entered in the register at the start of 2026, so the events of DAY come after the entry."""
    set_today(datetime.date(2026, 1, 2))
    made = make_household(village=village, by=specialist, number="0001")
    set_today(REAL_TODAY)
    return made


@pytest.fixture
def foreign(other_village):
    return make_household(village=other_village, number="9001")


def ledger(person) -> int:
    return VitalEvent.objects.filter(person=person).aggregate(n=Sum("change"))["n"]


def birth(household, by, born_on=DAY, name="王玥"):
    return actions.record_birth(mother=wife(household), child_name=name, sex="F", born_on=born_on, by=by)


def current_categories(household) -> set[str]:
    return set(FamilyCategory.objects.current().filter(household=household).values_list("category", flat=True))


# Voiding, kind by kind

def test_voiding_a_birth_removes_the_child_keeps_the_row_and_balances_the_ledger(household, specialist):
    event = birth(household, specialist)
    assert "childless_couple" not in current_categories(household)

    void_event(event=event, reason="重复登记", by=specialist)

    event.refresh_from_db()
    child = event.person
    child.refresh_from_db()
    assert (event.voided_on, event.voided_by, event.void_reason) == (timezone.localdate(), specialist, "重复登记")
    compensating = event.corrected_by.get(kind=Kind.CORRECTION)
    assert compensating.change == -1 and compensating.recorded_on == event.voided_on
    assert ledger(child) == 0
    assert child.status == Person.Status.DEACTIVATED and child.status_reason == "重复登记"
    assert "childless_couple" in current_categories(household)


def test_voiding_the_first_birth_renumbers_the_later_children(household, specialist):
    first = birth(household, specialist, born_on=datetime.date(2024, 1, 1), name="王一")
    second = birth(household, specialist, born_on=DAY, name="王二")
    void_event(event=first, reason="登记错误", by=specialist)
    second.person.refresh_from_db()
    assert second.person.birth_order == 1


def test_voiding_a_birth_whose_child_has_later_events_is_refused(household, specialist):
    event = birth(household, specialist, born_on=datetime.date(2025, 1, 1))
    actions.record_death(person=event.person, died_on=DAY, by=specialist)
    with pytest.raises(ValidationError, match="later"):
        void_event(event=event, reason="错误", by=specialist)
    event.refresh_from_db()
    assert event.voided_on is None and not VitalEvent.objects.filter(kind=Kind.CORRECTION).exists()


def test_voiding_a_death_registers_the_person_again_and_the_widow_is_married_again(household, specialist):
    event = actions.record_death(person=head(household), died_on=DAY, by=specialist)
    assert wife(household).marital_status == MaritalStatus.WIDOWED

    void_event(event=event, reason="误报死亡", by=specialist)

    person = head(household)
    assert person.status == Person.Status.ACTIVE and person.died_on is None
    assert ledger(person) == 1
    assert wife(household).marital_status == MaritalStatus.FIRST_MARRIAGE


def test_voiding_a_move_out_brings_the_person_back_into_the_household(household, specialist):
    event = actions.record_move_out(person=wife(household), moved_on=DAY, place="外省", by=specialist)
    void_event(event=event, reason="未迁出", by=specialist)
    person = wife(household)
    assert person.status == Person.Status.ACTIVE and person.household == household and ledger(person) == 1


def test_voiding_one_move_out_of_a_household_that_left_is_refused(household, specialist):
    actions.move_household_out(household=household, moved_on=DAY, destination="外省", reason="务工", by=specialist)
    event = VitalEvent.objects.get(person=wife(household), kind=Kind.MOVE_OUT)
    with pytest.raises(ValidationError, match="no longer active"):
        void_event(event=event, reason="未迁出", by=specialist)


def test_voiding_a_move_in_removes_the_person(household, specialist):
    event = actions.record_move_in(household=household, moved_on=DAY, place="外镇", by=specialist,
                                   **person_fields(name="赵敏", sex="F", born=datetime.date(1990, 2, 2),
                                                   relation=Relation.OTHER_RELATIVE))
    void_event(event=event, reason="登记错误", by=specialist)
    event.person.refresh_from_db()
    assert event.person.status == Person.Status.DEACTIVATED and ledger(event.person) == 0


def test_a_move_within_the_town_is_not_voided_half(household, town_office, foreign):
    actions.move_person(person=wife(household), to_household=foreign, moved_on=DAY, relation=Relation.OTHER_RELATIVE,
                        by=town_office)
    moved_out = VitalEvent.objects.get(kind=Kind.MOVE_OUT, household=household)
    moved_in = VitalEvent.objects.get(kind=Kind.MOVE_IN, household=foreign)
    for event in (moved_out, moved_in):
        with pytest.raises(ValidationError, match="move within the town"):
            void_event(event=event, reason="错误", by=town_office)


def test_voiding_an_adoption_from_elsewhere_removes_the_child(household, specialist):
    event = actions.record_adoption(household=household, adopted_on=DAY, adoptive_mother=wife(household),
                                    child_fields={"name": "王小", "sex": "M", "birth_date": datetime.date(2024, 1, 1),
                                                  "marital_status": MaritalStatus.SINGLE}, by=specialist)
    void_event(event=event, reason="收养未成立", by=specialist)
    event.person.refresh_from_db()
    assert event.person.status == Person.Status.DEACTIVATED and ledger(event.person) == 0


def test_voiding_a_marriage_makes_both_partners_single_again(village, specialist):
    household = make_household(village=village, by=specialist, people=[
        person_fields(marital_status=MaritalStatus.SINGLE),
        person_fields(name="李芳", sex="F", born=datetime.date(1990, 1, 1), relation=Relation.OTHER_RELATIVE,
                      marital_status=MaritalStatus.SINGLE)])
    he, she = head(household), household.people.get(name="李芳")
    event = actions.record_marriage(person=she, spouse=he, married_on=DAY, by=specialist)

    void_event(event=event, reason="登记错误", by=specialist)

    he.refresh_from_db()
    she.refresh_from_db()
    assert (he.marital_status, she.marital_status) == (MaritalStatus.SINGLE, MaritalStatus.SINGLE)
    assert event.corrected_by.get().change == 0


def test_voiding_a_divorce_makes_the_couple_married_again(household, specialist):
    event = actions.record_divorce(person=wife(household), divorced_on=DAY, by=specialist)
    void_event(event=event, reason="登记错误", by=specialist)
    assert {head(household).marital_status, wife(household).marital_status} == {MaritalStatus.FIRST_MARRIAGE}


def test_voiding_a_marriage_that_a_later_divorce_follows_is_refused(village, specialist):
    household = make_household(village=village, by=specialist, people=[
        person_fields(marital_status=MaritalStatus.SINGLE)])
    marriage = actions.record_marriage(person=head(household), spouse_name="外村人", by=specialist,
                                       married_on=datetime.date(2025, 1, 1))
    actions.record_divorce(person=head(household), divorced_on=DAY, by=specialist)
    with pytest.raises(ValidationError, match="void that first"):
        void_event(event=marriage, reason="错误", by=specialist)


def test_an_event_is_voided_once_and_needs_a_reason(household, specialist):
    event = birth(household, specialist)
    with pytest.raises(ValidationError) as refused:
        void_event(event=event, reason="  ", by=specialist)
    assert "reason" in refused.value.message_dict
    void_event(event=event, reason="重复", by=specialist)
    with pytest.raises(ValidationError, match="already been voided"):
        void_event(event=event, reason="再次", by=specialist)


def test_register_entries_are_not_voided_here(household, specialist):
    entry = VitalEvent.objects.filter(household=household, kind=Kind.REGISTERED).first()
    with pytest.raises(ValidationError, match="register entry"):
        void_event(event=entry, reason="错误", by=specialist)


@pytest.mark.parametrize("role", [User.Role.MEMBER, User.Role.LEADERSHIP])
def test_members_and_leadership_cannot_void(household, specialist, member, leader, role):
    event = birth(household, specialist)
    user = member if role == User.Role.MEMBER else leader
    with pytest.raises(PermissionDenied):
        void_event(event=event, reason="错误", by=user)


# Correcting

def test_correcting_a_birth_date_records_it_again_for_the_same_child(household, specialist):
    event = birth(household, specialist)

    corrected = correct_event(event=event, reason="出生日期填错", by=specialist,
                              born_on=datetime.date(2026, 4, 20), child_name="王月")

    event.refresh_from_db()
    child = Person.objects.get(pk=event.person_id)
    assert event.voided_on and corrected.corrects == event and corrected.kind == Kind.BIRTH
    assert corrected.person == child and corrected.occurred_on == datetime.date(2026, 4, 20)
    assert (child.name, child.birth_date, child.status) == ("王月", datetime.date(2026, 4, 20), Person.Status.ACTIVE)
    assert ledger(child) == 1 and corrected.birth_order == 1 and corrected.marital_status == MaritalStatus.SINGLE


def test_a_corrected_birth_date_must_agree_with_the_childs_identity_number(household, specialist):
    event = actions.record_birth(mother=wife(household), child_name="王玥", sex="F", born_on=DAY, by=specialist,
                                 id_number=id_number(DAY, "F"))
    with pytest.raises(ValidationError) as refused:
        correct_event(event=event, reason="日期", by=specialist, born_on=datetime.date(2026, 4, 20))
    assert "born_on" in refused.value.message_dict


def test_correcting_the_sex_of_a_birth_changes_the_childs_relation(household, specialist):
    event = birth(household, specialist)
    correct_event(event=event, reason="性别填错", by=specialist, sex="M")
    child = Person.objects.get(pk=event.person_id)
    assert (child.sex, child.relation) == ("M", Relation.SON)


def test_correcting_a_death_date(household, specialist):
    event = actions.record_death(person=head(household), died_on=DAY, by=specialist)
    correct_event(event=event, reason="日期填错", by=specialist, died_on=datetime.date(2026, 4, 2))
    person = head(household)
    assert person.died_on == person.status_changed_on == datetime.date(2026, 4, 2) and ledger(person) == 0


def test_a_corrected_date_keeps_the_event_in_its_place(household, specialist):
    event = birth(household, specialist, born_on=datetime.date(2025, 1, 1))
    actions.record_move_out(person=event.person, moved_on=datetime.date(2025, 6, 1), place="外省", by=specialist)
    with pytest.raises(ValidationError) as refused:
        correct_event(event=event, reason="日期", by=specialist, born_on=datetime.date(2025, 7, 1))
    assert "born_on" in refused.value.message_dict
    assert not VitalEvent.objects.filter(voided_on__isnull=False).exists()


def test_a_voided_event_cannot_be_corrected(household, specialist):
    event = birth(household, specialist)
    void_event(event=event, reason="重复", by=specialist)
    with pytest.raises(ValidationError, match="already been voided"):
        correct_event(event=event, reason="日期", by=specialist, born_on=datetime.date(2026, 4, 1))


# Closed periods: every recording action and every correction asks villages.closing, with its reason

@pytest.fixture
def closed_before_2026(monkeypatch):
    """The town office closed everything before 2026: a change dated earlier needs a reason."""
    from members.actions import common, households

    def require_open(*, town_id, on, reason="", by, what, record=None, field="correction_reason"):
        if on < datetime.date(2026, 1, 1) and not reason:
            raise ValidationError({field: "closed"})
        asked.append((on, reason, field))

    asked = []
    monkeypatch.setattr(common, "require_open", require_open)
    monkeypatch.setattr(households, "require_open", require_open)
    return asked


def test_an_event_in_a_closed_period_needs_the_correction_reason(household, specialist, closed_before_2026):
    with pytest.raises(ValidationError) as refused:
        birth(household, specialist, born_on=datetime.date(2025, 5, 1))
    assert "correction_reason" in refused.value.message_dict
    actions.record_birth(mother=wife(household), child_name="王玥", sex="F", born_on=datetime.date(2025, 5, 1),
                         by=specialist, correction_reason="补登")
    assert closed_before_2026 == [(datetime.date(2025, 5, 1), "补登", "correction_reason")]


def test_voiding_and_correcting_ask_with_the_old_and_the_new_date(household, specialist, closed_before_2026):
    event = birth(household, specialist)
    correct_event(event=event, reason="日期填错", by=specialist, born_on=datetime.date(2026, 4, 1))
    assert closed_before_2026[1:] == [(DAY, "日期填错", "reason"), (datetime.date(2026, 4, 1), "日期填错", "reason")]


def test_every_recording_endpoint_passes_the_correction_reason(household, specialist, closed_before_2026):
    api = APIClient()
    api.force_authenticate(specialist)
    posted = {"mother": wife(household).pk, "child_name": "王玥", "sex": "F", "born_on": "2025-05-01"}
    refused = api.post("/api/v1/events/births/", posted)
    assert refused.status_code == 400 and "correction_reason" in refused.json()
    assert api.post("/api/v1/events/births/", {**posted, "correction_reason": "补登"}).status_code == 201
    moved = api.post("/api/v1/events/moves-in/", {
        "household": household.pk, "moved_on": "2025-03-03", "place": "外镇", "name": "赵敏", "sex": "F",
        "birth_date": "1990-02-02", "relation": "97", "marital_status": "10", "correction_reason": "补登"})
    assert moved.status_code == 201, moved.json()


def test_event_pages_pass_the_correction_reason(client, household, specialist, closed_before_2026):
    client.force_login(specialist)
    url = reverse("members:record_event", args=[household.pk, Kind.DEATH])
    posted = {"person": head(household).pk, "died_on": "2025-05-01"}
    refused = client.post(url, posted)
    assert refused.status_code == 200 and "has-error" in refused.text
    assert client.post(url, {**posted, "correction_reason": "补登"}).status_code == 302
    event = VitalEvent.objects.get(kind=Kind.DEATH)
    assert client.post(reverse("members:void_event", args=[event.pk]), {"reason": "误报"}).status_code == 302
    assert closed_before_2026 == [(datetime.date(2025, 5, 1), "补登", "correction_reason"),
                                  (datetime.date(2025, 5, 1), "误报", "reason")]


# The API

@pytest.fixture
def api(specialist):
    client = APIClient()
    client.force_authenticate(specialist)
    return client


def test_voiding_through_the_api(api, household, specialist):
    event = birth(household, specialist)
    answer = api.post(f"/api/v1/events/{event.pk}/void/", {"reason": "重复登记"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["voided_on"] and answer.json()["void_reason"] == "重复登记"


def test_correcting_through_the_api(api, household, specialist):
    event = birth(household, specialist)
    answer = api.post(f"/api/v1/events/{event.pk}/correct/", {"reason": "日期填错", "born_on": "2026-04-20"})
    assert answer.status_code == 201, answer.json()
    assert answer.json()["corrects"] == event.pk and answer.json()["occurred_on"] == "2026-04-20"


def test_void_without_a_reason_answers_400_and_changes_nothing(api, household, specialist):
    event = birth(household, specialist)
    answer = api.post(f"/api/v1/events/{event.pk}/void/", {})
    assert answer.status_code == 400 and "reason" in answer.json()
    assert api.post(f"/api/v1/events/{event.pk}/correct/", {"reason": "x"}).status_code == 400
    bad_date = api.post(f"/api/v1/events/{event.pk}/correct/", {"reason": "x", "born_on": "2099-01-01"})
    assert bad_date.status_code == 400 and "born_on" in bad_date.json()
    event.refresh_from_db()
    assert event.voided_on is None


def test_another_villages_event_answers_404(api, foreign):
    event = VitalEvent.objects.filter(household=foreign).first()
    assert api.post(f"/api/v1/events/{event.pk}/void/", {"reason": "x"}).status_code == 404
    assert api.post(f"/api/v1/events/{event.pk}/correct/", {"reason": "x", "occurred_on": "2026-01-01"}
                    ).status_code == 404


def test_leadership_and_members_cannot_void_through_the_api(household, specialist, leader, village):
    event = birth(household, specialist)
    group_member = make_user(role=User.Role.MEMBER, group=household.group)
    for user in (leader, group_member):
        client = APIClient()
        client.force_authenticate(user)
        assert client.post(f"/api/v1/events/{event.pk}/void/", {"reason": "x"}).status_code == 403


# The pages

def test_household_page_offers_void_and_correct_and_shows_a_voided_event_struck_through(client, household,
                                                                                        specialist):
    event = birth(household, specialist)
    client.force_login(specialist)
    page = client.get(reverse("members:household", args=[household.pk]))
    assert reverse("members:void_event", args=[event.pk]) in page.text

    void_event(event=event, reason="重复登记", by=specialist)

    page = client.get(reverse("members:household", args=[household.pk]))
    assert "<del>" in page.text and "重复登记" in page.text
    assert reverse("members:void_event", args=[event.pk]) not in page.text


def test_leadership_opens_neither_the_household_nor_its_events(client, household, specialist, leader):
    event = birth(household, specialist)
    client.force_login(leader)
    assert client.get(reverse("members:household", args=[household.pk])).status_code == 404
    assert client.get(reverse("members:void_event", args=[event.pk])).status_code == 404


def test_void_form_asks_for_the_reason(client, household, specialist):
    event = birth(household, specialist)
    client.force_login(specialist)
    url = reverse("members:void_event", args=[event.pk])
    assert "The child is removed from the register" in client.get(url).text
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "has-error" in refused.text
    assert client.post(url, {"reason": "重复登记"}).status_code == 302
    event.refresh_from_db()
    assert event.voided_on is not None


def test_correction_form_is_the_events_form_prefilled(client, household, specialist):
    event = birth(household, specialist)
    client.force_login(specialist)
    url = reverse("members:correct_event", args=[event.pk])
    page = client.get(url)
    assert 'value="2026-05-01"' in page.text and 'value="王玥"' in page.text
    unchanged = client.post(url, {"born_on": "2026-05-01", "child_name": "王玥", "sex": "F", "reason": "无"})
    assert "nothing is corrected yet" in unchanged.text
    answer = client.post(url, {"born_on": "2026-04-20", "child_name": "王玥", "sex": "F", "reason": "日期填错"})
    assert answer.status_code == 302
    assert VitalEvent.objects.get(corrects=event, kind=Kind.BIRTH).occurred_on == datetime.date(2026, 4, 20)
    page = client.get(reverse("members:household", args=[household.pk]))
    assert f'href="#event-{event.pk}"' in page.text


def test_opening_a_birth_correction_with_the_childs_identity_number_is_logged(client, household, specialist):
    event = actions.record_birth(mother=wife(household), child_name="王玥", sex="F", born_on=DAY, by=specialist,
                                 id_number=id_number(DAY, "F"))
    client.force_login(specialist)
    client.get(reverse("members:correct_event", args=[event.pk]))
    assert SensitiveAccess.objects.filter(user=specialist, record_type="person", record_id=event.person_id).exists()


def test_another_villages_event_forms_answer_404(client, specialist, foreign):
    event = VitalEvent.objects.filter(household=foreign).first()
    client.force_login(specialist)
    assert client.get(reverse("members:void_event", args=[event.pk])).status_code == 404
    assert client.get(reverse("members:correct_event", args=[event.pk])).status_code == 404


def test_event_forms_show_the_correction_reason(client, household, specialist):
    client.force_login(specialist)
    page = client.get(reverse("members:record_event", args=[household.pk, Kind.BIRTH]))
    assert "Needed only when the date falls in a period the town office has closed" in page.text


def test_household_page_answers_in_a_fixed_number_of_queries(client, household, specialist,
                                                              django_assert_max_num_queries):
    for day in (1, 2, 3):
        event = birth(household, specialist, born_on=datetime.date(2020 + day, 1, 1), name=f"王{day}")
        if day > 1:
            correct_event(event=event, reason="日期", by=specialist, born_on=datetime.date(2020 + day, 2, 1))
    void_event(event=VitalEvent.objects.filter(household=household, kind=Kind.BIRTH, voided_on__isnull=True)
               .first(), reason="重复", by=specialist)
    client.force_login(specialist)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("members:household", args=[household.pk])).status_code == 200
