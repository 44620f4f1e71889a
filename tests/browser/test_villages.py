import datetime

import pytest

from tests.browser.conftest import login
from tests.factories import make_group
from tests.factories.villages import make_appointment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_specialist_sees_only_own_village_and_404_for_another(browser_page, live_server, specialist, village,
                                                              other_village):
    make_group(village=village, number=1, name="第一村民小组")
    make_appointment(village=village, holder_name="周芳", ended_on=datetime.date(2025, 6, 30),
                     end_reason="dismissal", end_note="计生信息严重不实")
    make_appointment(village=village, holder_name="李玥", started_on=datetime.date(2025, 7, 1))
    make_appointment(village=other_village, holder_name="荀小红")

    login(browser_page, live_server, specialist)
    browser_page.click("nav >> text=本村")
    browser_page.wait_for_load_state("networkidle")

    assert browser_page.url.endswith(f"/villages/{village.pk}/")
    body = browser_page.inner_text("main")
    assert "大旗村" in body and "李玥" in body and "第一村民小组" in body and "计生信息严重不实" in body
    assert "荀子村" not in body and "荀小红" not in body
    response = browser_page.goto(f"{live_server.url}/villages/{other_village.pk}/")
    assert response.status == 404


def test_town_office_opens_the_town_overview_and_a_village(browser_page, live_server, town_office, village,
                                                          other_village):
    make_appointment(village=village, holder_name="李玥")
    make_appointment(village=other_village, holder_name="荀小红")

    login(browser_page, live_server, town_office)
    browser_page.click("nav >> text=各村")
    browser_page.wait_for_load_state("networkidle")

    table = browser_page.inner_text("#villages")
    assert "大旗村" in table and "荀子村" in table and "李玥" in table and "荀小红" in table
    browser_page.click("text=荀子村")
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.url.endswith(f"/villages/{other_village.pk}/")
    assert "荀小红" in browser_page.inner_text("main")
