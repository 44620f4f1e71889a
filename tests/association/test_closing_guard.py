"""Setting a membership's or a contact card's dates asks villages.closing first, with the correction reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from association.actions import members as actions
from association.models import AssociationMember, ContactAssignment, MemberReview
from tests.factories import make_group, make_village
from tests.factories.association import make_card, make_households, make_member

CLOSED_UNTIL = datetime.date(2025, 6, 30)
NUMBERS = (911, 912)


# Numbered villages: the shared factories number villages from one counter for the whole run, and a
# village's code has room for three digits.
@pytest.fixture
def village(town):
    return make_village(town=town, name="大旗村", number=NUMBERS[0])


@pytest.fixture
def other_village(town):
    return make_village(town=town, name="荀子村", number=NUMBERS[1])


class Guard(list):
    """Records each call; once `close()`d, a date up to 30 June 2025 needs a reason."""

    closed = False

    def close(self) -> None:
        self.clear()
        self.closed = True

    def __call__(self, *, town_id, on, reason="", by, what, record=None, field="correction_reason"):
        self.append({"town_id": town_id, "on": on, "reason": reason, "by": by, "what": str(what), "record": record})
        if self.closed and on <= CLOSED_UNTIL and not reason.strip():
            raise ValidationError({field: "The period is closed: give the reason for the correction."})


@pytest.fixture
def guard(monkeypatch):
    guard = Guard()
    monkeypatch.setattr(actions, "require_open", guard)
    return guard


def test_every_dated_change_asks_the_guard(guard, village, specialist):
    day = datetime.date(2025, 8, 1)
    group = make_group(village=village, number=1)
    first = actions.recruit_member(village=village, group=group, name="张芳", joined_on=day, by=specialist)
    second = actions.recruit_member(village=village, group=group, name="李梅", joined_on=day, by=specialist)
    households = make_households(group, 3)
    actions.assign_households(member=first, households=households, served_from=day, by=specialist)
    actions.take_off_card(assignment=first.assignments.first(), served_until=datetime.date(2025, 9, 1),
                          by=specialist)
    actions.hand_over_households(member=first, successor=second, handed_over_on=datetime.date(2025, 10, 1),
                                 by=specialist)
    actions.leave_association(member=first, left_on=datetime.date(2025, 11, 1), reason="resigned", by=specialist)
    actions.record_recheck(village=village, year=2025, decided_on=datetime.date(2025, 12, 1), by=specialist,
                           kept=[], left=[(second, "not_kept", "")])

    assert [call["on"] for call in guard] == [day, day, day, datetime.date(2025, 9, 1), datetime.date(2025, 10, 1),
                                              datetime.date(2025, 11, 1), datetime.date(2025, 12, 1)]
    assert {call["town_id"] for call in guard} == {village.town_id}
    assert all(call["by"] == specialist and call["what"] for call in guard)
    assert guard[0]["record"] == first and guard[3]["record"].household == households[0]


def test_a_closed_date_without_reason_changes_nothing(guard, village, specialist):
    member = make_member(village=village, joined_on=datetime.date(2025, 2, 1))
    make_card(member, 2, served_from=datetime.date(2025, 2, 1))
    guard.close()
    with pytest.raises(ValidationError) as error:
        actions.leave_association(member=member, left_on=datetime.date(2025, 3, 1), reason="resigned",
                                  by=specialist)
    assert "correction_reason" in error.value.message_dict
    member.refresh_from_db()
    assert member.left_on is None and member.assignments.current().count() == 2

    actions.leave_association(member=member, left_on=datetime.date(2025, 3, 1), reason="resigned", by=specialist,
                              correction_reason="补录：本人三月初已辞去会员")
    assert guard[-1]["reason"] == "补录：本人三月初已辞去会员"
    member.refresh_from_db()
    assert member.left_on == datetime.date(2025, 3, 1) and not member.assignments.current().exists()


def test_recruiting_into_a_closed_period_needs_the_reason_on_the_form(client, guard, village, specialist):
    group = make_group(village=village, number=1)
    client.force_login(specialist)
    url = f"/association/villages/{village.pk}/members/new/"
    fields = {"group": group.pk, "name": "王兰", "role": "member", "joined_on": "2025-03-01"}
    guard.close()

    response = client.get(url)
    assert "Needed only when the date falls in a period the town office has closed" in response.content.decode()
    response = client.post(url, fields)
    assert response.status_code == 200 and response.context["form"].errors["correction_reason"]
    assert not AssociationMember.objects.exists() and not MemberReview.objects.exists()

    response = client.post(url, {**fields, "correction_reason": "补录三月入会"})
    assert response.status_code == 302
    assert guard[-1]["reason"] == "补录三月入会" and guard[-1]["record"] == AssociationMember.objects.get()


def test_handover_and_card_forms_pass_the_reason(client, guard, village, specialist):
    leaving, successor = make_member(village=village), make_member(village=village)
    make_card(leaving, 2)
    guard.close()
    client.force_login(specialist)
    url = f"/association/members/{leaving.pk}/handover/"
    response = client.post(url, {"successor": successor.pk, "on": "2025-05-01"})
    assert response.status_code == 200 and response.context["form"].errors["correction_reason"]
    assert leaving.assignments.current().count() == 2

    response = client.post(url, {"successor": successor.pk, "on": "2025-05-01", "correction_reason": "补录交接"})
    assert response.status_code == 302 and successor.assignments.current().count() == 2

    line = successor.assignments.current().first()
    card = f"/association/members/{successor.pk}/card/"
    response = client.post(card, {"take_off": "1", "assignment": line.pk, "served_until": "2025-06-01"})
    assert response.status_code == 200 and response.context["take_off"].errors["correction_reason"]
    assert ContactAssignment.objects.get(pk=line.pk).is_current
    response = client.post(card, {"take_off": "1", "assignment": line.pk, "served_until": "2025-06-01",
                                  "correction_reason": "补录"})
    assert response.status_code == 302 and not ContactAssignment.objects.get(pk=line.pk).is_current


def test_api_answers_400_on_the_reason_and_accepts_it(guard, village, specialist):
    member = make_member(village=village)
    households = make_households(member.group, 1)
    guard.close()
    client = APIClient()
    client.force_authenticate(specialist)
    url = f"/api/v1/association-members/{member.pk}/assign/"

    response = client.post(url, {"households": [households[0].pk], "served_from": "2025-02-01"}, format="json")
    assert response.status_code == 400 and "correction_reason" in response.json()
    assert not member.assignments.exists()

    response = client.post(url, {"households": [households[0].pk], "served_from": "2025-02-01",
                                 "correction_reason": "补录"}, format="json")
    assert response.status_code == 201 and member.assignments.count() == 1

    leave = client.post(f"/api/v1/association-members/{member.pk}/leave/",
                        {"left_on": "2025-04-01", "leave_reason": "resigned"}, format="json")
    assert leave.status_code == 400 and "correction_reason" in leave.json()
    leave = client.post(f"/api/v1/association-members/{member.pk}/leave/",
                        {"left_on": "2025-04-01", "leave_reason": "resigned", "correction_reason": "补录"},
                        format="json")
    assert leave.status_code == 200 and leave.json()["left_on"] == "2025-04-01"


def test_reason_longer_than_allowed_is_a_field_error(client, guard, village, specialist):
    client.force_login(specialist)
    group = make_group(village=village, number=1)
    guard.close()
    response = client.post(f"/association/villages/{village.pk}/members/new/", {
        "group": group.pk, "name": "王兰", "role": "member", "joined_on": "2025-08-01",
        "correction_reason": "长" * 501})
    assert response.status_code == 200 and response.context["form"].errors["correction_reason"]
    assert not AssociationMember.objects.exists()
