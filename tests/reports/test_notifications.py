"""Reminders are sent once, recorded, e-mailed where an address is set, skipped when switched off; the
notifications page and API show a user only their own and mark them read."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import Person
from reports.actions.notifications import (
    send_approval_reminders,
    send_daily_reminders,
    send_feedback_reminders,
    send_follow_up_reminders,
    set_reminders,
)
from reports.models import Notification
from reports.reminders import send_reminders_task
from tests.factories.association import make_member, submit
from tests.factories.members import make_household, wife
from tests.members.conftest import _english_and_fast_passwords, set_today
from tests.reports.test_worklists import reproductive

__all__ = ["_english_and_fast_passwords", "set_today"]

TODAY = datetime.date(2025, 9, 10)  # a Wednesday


@pytest.fixture
def due_follow_up(set_today, specialist, village):
    set_today(TODAY)
    specialist.email = "li@example.org"
    specialist.save(update_fields=["email"])
    woman = wife(make_household(village=village))
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=40))
    return woman


def test_a_specialists_follow_up_reminder_is_sent_once_a_week(due_follow_up, specialist):
    [sent] = send_follow_up_reminders(today=TODAY)
    assert sent.user == specialist and sent.due_on == datetime.date(2025, 9, 14) and sent.link == "/todo/"
    assert send_follow_up_reminders(today=TODAY) == []
    assert send_follow_up_reminders(today=TODAY + datetime.timedelta(days=1)) == []
    assert Notification.objects.count() == 1


def test_the_reminder_is_emailed_when_the_user_has_an_address(due_follow_up, specialist):
    send_follow_up_reminders(today=TODAY)
    [message] = mail.outbox
    assert message.to == ["li@example.org"] and "/todo/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_next_week_brings_a_new_reminder(due_follow_up):
    send_follow_up_reminders(today=TODAY)
    assert len(send_follow_up_reminders(today=TODAY + datetime.timedelta(days=7))) == 1


def test_switched_off_reminders_are_not_sent(due_follow_up, specialist):
    set_reminders(user=specialist, on=False)
    assert send_daily_reminders(today=TODAY) == [] and mail.outbox == []
    set_reminders(user=specialist, on=True)
    assert len(send_daily_reminders(today=TODAY)) == 1


def test_the_daily_task_sends_the_days_reminders(due_follow_up, set_today):
    assert send_reminders_task() == 1
    assert send_reminders_task() == 0


def test_nothing_due_sends_nothing(set_today, specialist, town_office):
    set_today(TODAY)
    assert send_daily_reminders(today=TODAY) == []


def test_the_office_is_reminded_of_the_approvals_waiting(set_today, town_office, village):
    from tests.factories.incentives import computed_cycle, make_policy

    set_today(TODAY)
    make_household(village=village)
    computed_cycle(make_policy(town=village.town, beneficiary="household"), "2025")
    [sent] = send_approval_reminders(today=TODAY)
    assert sent.user == town_office and sent.title == "1 approvals waiting"


def test_members_are_reminded_on_the_25th_and_on_the_1st(set_today, member, village):
    set_today(datetime.date(2025, 9, 25))
    association_member = make_member(group=member.group, user=member)
    submit(association_member, datetime.date(2025, 8, 1))
    assert send_feedback_reminders(today=datetime.date(2025, 9, 24)) == []
    [due] = send_feedback_reminders(today=datetime.date(2025, 9, 25))
    assert due.kind == Notification.Kind.FEEDBACK_DUE and due.title == "Feedback for 2025-09"
    assert due.link == reverse("association:my_feedback", args=[2025, 9])
    [overdue] = send_feedback_reminders(today=datetime.date(2025, 10, 1))
    assert overdue.kind == Notification.Kind.FEEDBACK_OVERDUE
    assert send_feedback_reminders(today=datetime.date(2025, 10, 1)) == []


def test_a_member_who_filed_is_not_reminded(set_today, member, village):
    set_today(datetime.date(2025, 10, 1))
    association_member = make_member(group=member.group, user=member)
    submit(association_member, datetime.date(2025, 9, 1))
    assert send_feedback_reminders(today=datetime.date(2025, 10, 1)) == []


# --- pages and API ----------------------------------------------------------------------------------------------

def _notification(user, **fields):
    return Notification.objects.create(user=user, kind=Notification.Kind.FOLLOW_UPS_DUE, subject="follow-ups",
                                       due_on=fields.pop("due_on", TODAY), title="3 follow-ups due this week",
                                       link="/todo/", **fields)


def test_the_list_shows_own_notifications_and_reading_one_follows_its_link(client, specialist, town_office):
    mine = _notification(specialist)
    _notification(town_office)
    client.force_login(specialist)
    response = client.get(reverse("reports:notifications"))
    assert list(response.context["notifications"]) == [mine]
    assert client.get(reverse("reports:nav_counts")).json()["unread"] == 1
    assert client.post(reverse("reports:notification_read", args=[mine.pk]))["Location"] == "/todo/"
    mine.refresh_from_db()
    assert mine.is_read


def test_another_users_notification_is_not_found(client, specialist, town_office):
    theirs = _notification(town_office)
    client.force_login(specialist)
    assert client.post(reverse("reports:notification_read", args=[theirs.pk])).status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(client, specialist, django_assert_num_queries):
    for day in range(5):
        _notification(specialist, due_on=TODAY + datetime.timedelta(days=day))
    client.force_login(specialist)
    client.get(reverse("reports:notifications"))
    with django_assert_num_queries(4):  # session, user, count, page
        client.get(reverse("reports:notifications"))


def test_the_settings_page_switches_reminders_off(client, specialist):
    client.force_login(specialist)
    client.post(reverse("reports:reminder_settings"), {})
    assert specialist.reminder_preference.reminders_on is False
    client.post(reverse("reports:reminder_settings"), {"reminders_on": "on"})
    specialist.reminder_preference.refresh_from_db()
    assert specialist.reminder_preference.reminders_on is True


def test_the_api_lists_and_marks_read(specialist, town_office):
    first, second = _notification(specialist), _notification(specialist, due_on=TODAY + datetime.timedelta(days=7))
    _notification(town_office)
    api = APIClient()
    api.force_authenticate(specialist)
    assert {row["id"] for row in api.get("/api/v1/notifications/").json()["results"]} == {first.pk, second.pk}
    assert api.post("/api/v1/notifications/read/", {"ids": [first.pk]}, format="json").json() == {"marked_read": 1}
    assert api.post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json").status_code == 400
    assert api.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked_read": 1}
