"""The association in a real browser: a member reports this month; a specialist hands over a leaving member's
households. Screenshots go to $ZIZHI_SCREENSHOTS when it is set (to look at), else to the test's tmp folder."""

import os
import pathlib

import pytest
from django.utils import timezone

from association.models import MonthlyFeedback
from tests.browser.conftest import login
from tests.factories import make_group
from tests.factories.association import make_card, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def shoot(page, tmp_path, name: str) -> None:
    folder = pathlib.Path(os.environ.get("ZIZHI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"association_{name}.png"), full_page=True)


def test_member_submits_this_month_and_sees_it_on_time(browser_page, live_server, member, other_village, tmp_path):
    own = make_member(group=member.group, user=member, name="刘桂英")
    make_card(own, 3)
    stranger = make_member(village=other_village)
    page = browser_page
    page.set_viewport_size(PHONE)
    login(page, live_server, member)

    page.click("label.menu-button")  # on a phone the menu folds behind a tap
    page.click("nav >> text=我的联系卡")
    shoot(page, tmp_path, "member_card_phone")
    page.click(".feedback-now a.button.primary")
    page.fill("#id_households_contacted", "3")
    page.fill("#id_changes", "一户新添一孩，已提醒办理出生登记。")
    shoot(page, tmp_path, "member_feedback_form_phone")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")

    shoot(page, tmp_path, "member_after_submit_phone")
    assert page.locator(".feedback-now .badge.ok").count() == 1
    month = timezone.localdate().strftime("%Y-%m")
    assert page.locator(f'.report-list li[data-month="{month}"] .badge.ok').count() == 1
    assert MonthlyFeedback.objects.get().is_late is False
    for url in (f"/association/members/{stranger.pk}/", f"/association/villages/{other_village.pk}/"):
        assert page.goto(f"{live_server.url}{url}").status == 404


def test_specialist_hands_over_and_coverage_is_unchanged(browser_page, live_server, specialist, village,
                                                        other_village, tmp_path):
    leaving = make_member(group=make_group(village=village, number=1), name="王淑珍")
    successor = make_member(group=make_group(village=village, number=2), name="陈玉兰")
    make_card(leaving, 3)
    make_card(successor, 2)
    page = browser_page
    login(page, live_server, specialist)

    page.goto(f"{live_server.url}/association/villages/{village.pk}/")
    before = page.inner_text('[data-figure="covered"]')
    shoot(page, tmp_path, "village_before")
    page.click(f"a[href='/association/members/{leaving.pk}/']")
    page.click(f"a[href='/association/members/{leaving.pk}/handover/']")
    page.select_option("#id_successor", str(successor.pk))
    page.check("#id_leaves")
    page.select_option("#id_leave_reason", "moved_away")
    shoot(page, tmp_path, "handover_form")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")

    shoot(page, tmp_path, "village_after")
    assert page.url.endswith(f"/association/villages/{village.pk}/")
    assert page.inner_text('[data-figure="covered"]') == before
    assert page.inner_text('[data-figure="coverage"]') == "100.0%"
    assert successor.assignments.current().count() == 5
    page.set_viewport_size(PHONE)
    page.reload()
    shoot(page, tmp_path, "village_phone")
    stranger = make_member(village=other_village)
    for url in (f"/association/villages/{other_village.pk}/", f"/association/members/{stranger.pk}/handover/"):
        assert page.goto(f"{live_server.url}{url}").status == 404
