import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_specialist_logs_in_and_sees_only_own_village(browser_page, live_server, specialist, other_village):
    login(browser_page, live_server, specialist)
    assert browser_page.url.endswith("/todo/")  # the worklist is the specialist's landing page
    browser_page.click("nav >> text=本村")
    browser_page.wait_for_load_state("networkidle")

    body = browser_page.inner_text("main")
    assert specialist.village.name in body
    assert other_village.name not in body
