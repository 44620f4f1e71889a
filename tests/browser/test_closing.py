"""The office closes 2025; a specialist records a 2025 birth as a correction; the office sees it and closes again."""

import os

import pytest

from tests.browser.conftest import login
from tests.factories.members import make_household
from villages.models import Correction, PeriodClosing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"closing-{name}.png"), full_page=True)


def test_office_closes_2025_a_specialist_corrects_it_and_the_office_closes_again(
        chromium, browser_page, live_server, town, town_office, specialist, village):
    town.working_year = 2025
    town.save()
    household = make_household(village=village, by=specialist, number="0021")

    # The office closes 2025.
    office = browser_page
    login(office, live_server, town_office)
    office.click("nav >> a[href='/figures/']")
    office.wait_for_load_state("networkidle")
    assert "未关账" in office.inner_text("main")
    office.goto(f"{live_server.url}/figures/closing/")
    office.select_option("#id_period", "2025")
    office.fill("#id_note", "年报数据已核定")
    office.click("button:has-text('关账')")
    office.wait_for_load_state("networkidle")
    closed = PeriodClosing.objects.get(period="2025")
    assert office.url.endswith(f"/figures/closing/{closed.pk}/") and "第1版" in office.inner_text("h1")
    _shot(office, "closed")

    # A specialist records a birth dated in 2025: refused without a reason, accepted with one.
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    login(phone, live_server, specialist)
    phone.goto(f"{live_server.url}/households/{household.pk}/record/birth/")
    phone.select_option("#id_mother", label=phone.locator("#id_mother option", has_text="李芳").inner_text())
    phone.fill("#id_child_name", "王悦")
    phone.select_option("#id_sex", "F")
    phone.fill("#id_born_on", "2025-05-01")
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state("networkidle")
    assert "已关账" in phone.inner_text("main")  # the message on the reason's field
    assert not Correction.objects.exists()
    _shot(phone, "refused")
    phone.fill("#id_correction_reason", "出生补报，2025年漏登")
    phone.click("button[type=submit].primary")
    phone.wait_for_load_state("networkidle")
    assert "王悦" in phone.inner_text("#people")
    context.close()

    # The office sees the correction listed, with the figures it would change, and closes 2025 again.
    office.reload()
    corrections = office.inner_text("#corrections")
    assert "出生补报，2025年漏登" in corrections and village.name in corrections
    assert "出生" in office.inner_text("#changes")
    _shot(office, "corrections")
    office.fill("#id_note", "补报出生后重新关账")
    office.click("button:has-text('重新关账')")
    office.wait_for_load_state("networkidle")
    current = PeriodClosing.objects.current().get(period="2025")
    assert current.version == 2 and "第2版" in office.inner_text("h1")
    assert "本版本关账后没有更正" in office.inner_text("#corrections")
    _shot(office, "closed-again")
