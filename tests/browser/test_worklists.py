"""In headless Chromium: a specialist on a phone (390 × 844) opens their worklist, follows an overdue follow-up to
its form and records it; a member sees the feedback reminder and files the month."""

import datetime
import os

import pytest
from django.utils import timezone

from members.models import Person
from reports.actions.notifications import send_feedback_reminders
from tests.browser.conftest import login
from tests.factories.association import make_member
from tests.factories.members import make_household, wife
from tests.reports.test_worklists import reproductive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZIZHI_SCREENSHOTS", "")
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"worklists-{name}.png"), full_page=True)


def no_side_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_specialist_on_a_phone_records_an_overdue_follow_up(browser_page, live_server, specialist, village):
    today = timezone.localdate()
    woman = wife(make_household(village=village))
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=today - datetime.timedelta(days=45))
    page = browser_page
    page.set_viewport_size(PHONE)

    login(page, live_server, specialist)

    assert page.url.endswith("/todo/")
    item = page.locator("#pregnancy_follow_up .work-item.overdue")
    assert "李芳" in item.inner_text() and no_side_scrolling(page)
    assert page.locator(".topbar").bounding_box()["height"] < 120  # the menu folds behind a tap
    page.wait_for_selector(".menu-button [data-count=todo]:not([hidden])")
    shot(page, "1-specialist-todo")
    page.click(".menu-button")
    assert page.locator(".topbar .nav").is_visible()
    shot(page, "2-specialist-menu")
    page.click(".menu-button")

    item.locator("a").click()
    page.fill("#id_pregnancy_noted_on", today.isoformat())
    assert no_side_scrolling(page)
    shot(page, "3-specialist-form")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/todo/")
    assert page.locator("#pregnancy_follow_up .work-item").count() == 0
    page.goto(f"{live_server.url}/households/{woman.household_id}/")
    assert no_side_scrolling(page)
    shot(page, "4-specialist-household")


def test_a_member_sees_the_feedback_reminder_and_files_the_month(browser_page, live_server, member):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    make_member(group=member.group, user=member, name="赵会员", joined_on=datetime.date(2024, 1, 1))
    [reminder] = send_feedback_reminders(today=today.replace(day=1))
    page = browser_page
    page.set_viewport_size(PHONE)

    login(page, live_server, member)

    page.wait_for_selector(".nav-quick [data-count=unread]:not([hidden])")
    assert f"{last_month:%Y-%m}" in page.inner_text("#own_feedback")
    shot(page, "5-member-todo")
    page.click(".nav-quick")
    assert reminder.title in page.inner_text("main")
    shot(page, "6-member-notifications")
    page.click(f"main button:has-text('{reminder.title}')")
    page.fill("#id_households_contacted", "3")
    page.fill("#id_changes", "本月无变化")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert member.association_member.feedback.filter(month=last_month).exists()
    page.goto(f"{live_server.url}/todo/")
    assert f"{last_month:%Y-%m}" not in page.inner_text("#own_feedback")
    shot(page, "7-member-filed")
