"""An association member's own pages: their card and group, and their monthly feedback."""

import datetime

import pytest
from django.utils import timezone

from association.models import MonthlyFeedback
from tests.factories import make_group, make_user
from tests.factories.association import make_card, make_member, submit
from villages.models import User


@pytest.fixture
def own(member):
    """The `member` login's association record, with two households on its card."""
    record = make_member(group=member.group, user=member, name="刘桂英", joined_on=datetime.date(2024, 1, 1))
    make_card(record, 2)
    return record


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def test_member_sees_own_card_and_group(client, member, own, village):
    neighbour = make_member(group=member.group, name="陈兰")
    elsewhere = make_member(village=village, name="远处会员")
    client.force_login(member)
    html = client.get("/association/me/").content.decode()
    assert "刘桂英" in html and "陈兰" in html and "远处会员" not in html
    assert client.get(f"/association/members/{neighbour.pk}/").status_code == 404
    assert client.get(f"/association/members/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/association/members/{own.pk}/card/print/").status_code == 200
    assert client.get(f"/association/members/{neighbour.pk}/card/print/").status_code == 404


def test_member_submits_this_month_and_it_counts_on_time(client, member, own):
    month = this_month()
    client.force_login(member)
    households = list(own.assignments.values_list("household", flat=True))
    response = client.post(f"/association/me/feedback/{month.year}/{month.month}/", {
        "households_contacted": 2, "changes": "一户新添一孩", "help_needed": "", f"note_{households[0]}": "已登记"})
    assert response.status_code == 302
    feedback = MonthlyFeedback.objects.get()
    assert (feedback.submitted_by, feedback.is_late, feedback.notes.get().note) == (member, False, "已登记")
    html = client.get("/association/me/").content.decode()
    assert 'badge ok">' in html


def test_member_bad_feedback_saves_nothing(client, member, own):
    month = this_month()
    client.force_login(member)
    response = client.post(f"/association/me/feedback/{month.year}/{month.month}/", {"households_contacted": "x"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not MonthlyFeedback.objects.exists()


def test_member_cannot_report_for_a_future_month(client, member, own):
    later = this_month() + datetime.timedelta(days=40)
    client.force_login(member)
    assert client.get(f"/association/me/feedback/{later.year}/{later.month}/").status_code == 404


def test_member_cannot_change_a_report_after_it_was_due(client, member, own):
    submit(own, datetime.date(2025, 1, 1), by=None, received_on=datetime.date(2025, 2, 1))
    client.force_login(member)
    version = MonthlyFeedback.objects.get().version
    response = client.post("/association/me/feedback/2025/1/",
                           {"households_contacted": 1, "changes": "改", "version": version})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert MonthlyFeedback.objects.get().changes == "本月无变化"


def test_a_changed_report_posted_without_its_version_is_refused(client, member, own):
    submit(own, datetime.date(2025, 1, 1), by=None)
    client.force_login(member)
    response = client.post("/association/me/feedback/2025/1/", {"households_contacted": 1, "changes": "改"})
    assert response.status_code == 200 and response.context["form"].errors["version"]
    assert MonthlyFeedback.objects.get().changes == "本月无变化"


def test_member_cannot_reach_village_pages_or_other_villages(client, member, own, village, other_village):
    stranger = make_member(village=other_village)
    client.force_login(member)
    assert client.get(f"/association/villages/{village.pk}/").status_code == 404
    assert client.get(f"/association/villages/{other_village.pk}/").status_code == 404
    assert client.get(f"/association/members/{stranger.pk}/").status_code == 404
    assert client.get("/association/").url == "/association/me/"


def test_login_without_membership_has_no_card(client, village):
    login = make_user(role=User.Role.MEMBER, group=make_group(village=village, number=3))
    client.force_login(login)
    assert client.get("/association/me/").status_code == 404
