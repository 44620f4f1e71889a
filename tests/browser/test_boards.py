"""A specialist asks for their village's disclosure board, the town office reviews and publishes it; the board's
verification link says genuine, and superseded once a correction is published; an objection shows on the
office's list with its deadline."""

import datetime

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from reports.models import BoardPublication
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _boards_built_in_process(settings, tmp_path, live_server):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    settings.PUBLIC_BASE_URL = live_server.url  # the QR code's link leads to this server
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


def _sign_in_as(page, live_server, user):
    page.context.clear_cookies()
    login(page, live_server, user)


def _review_and_publish(page, live_server, board):
    page.goto(f"{live_server.url}/boards/{board.pk}/")
    page.check("input[name=decision][value=approve]")
    page.click("text=保存审核结果")
    page.wait_for_load_state("networkidle")
    page.click("text=公布公开栏")
    page.wait_for_load_state("networkidle")
    assert "已公布" in page.inner_text("#board-state")


def test_board_asked_for_published_verified_corrected_and_objected_to(
        browser_page, live_server, specialist, town_office, village):
    page = browser_page
    login(page, live_server, specialist)
    page.goto(f"{live_server.url}/boards/new/")
    page.select_option("#id_village", str(village.pk))
    page.fill("#id_period", "2025Q4")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    first = BoardPublication.objects.get(village=village)
    assert first.document.status == "done", first.document.error

    _sign_in_as(page, live_server, town_office)
    _review_and_publish(page, live_server, first)
    old_link = page.get_attribute("#verify-link", "href")
    assert first.document.verification_code in old_link
    page.goto(f"{live_server.url}{old_link}" if old_link.startswith("/") else old_link)
    assert page.locator(".badge.ok").count() == 1 and page.locator("#published").count() == 1
    assert "村务公开" in page.content()

    page.goto(f"{live_server.url}/boards/{first.pk}/")
    page.fill("#id_reason", "出生统计有误")
    page.click("text=生成更正版本")
    page.wait_for_load_state("networkidle")
    second = BoardPublication.objects.get(village=village, version=2)
    _review_and_publish(page, live_server, second)

    page.goto(f"{live_server.url}{old_link}" if old_link.startswith("/") else old_link)
    assert "第2版" in page.inner_text("#superseded")

    page.goto(f"{live_server.url}/boards/objections/new/?board={second.pk}")
    page.fill("#id_item", "四、出生和结婚情况 第1行")
    page.fill("#id_villager_name", "王强")
    page.fill("#id_content", "十月出生人数不对")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/boards/objections/")
    row = page.locator("#objections tr", has_text="四、出生和结婚情况 第1行")
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    assert row.count() == 1
    assert f"{deadline.month}月{deadline.day}日" in row.inner_text()
