import datetime
import os

import pytest
from django.utils import translation

from members.models import FamilyCategory
from tests.browser.conftest import login
from tests.factories.members import make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    """Screenshots for a person to look at, when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"registry-{name}.png"), full_page=True)


def test_specialist_records_a_birth_and_sees_the_category_change(browser_page, live_server, specialist, village,
                                                                 other_village):
    household = make_household(village=village, by=specialist, number="0012")
    make_household(village=village, by=specialist, number="0013")
    foreign = make_household(village=other_village, number="9001")
    page = browser_page
    login(page, live_server, specialist)

    # Finds the household from the list by the wife's name.
    page.click("nav >> a[href='/households/']")
    page.fill("#id_q", "李芳")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "0012" in page.inner_text("table.households") and "0013" in page.inner_text("table.households")
    _shot(page, "list")
    page.click("text=0012")
    page.wait_for_load_state("networkidle")
    with translation.override("zh-hans"):
        childless = str(FamilyCategory.Category.CHILDLESS_COUPLE.label)
        one_child = str(FamilyCategory.Category.ONE_CHILD.label)
    assert childless in page.inner_text("#categories")

    # Records a birth.
    page.click(f"a[href='/households/{household.pk}/record/birth/']")
    page.select_option("#id_mother", label=page.locator("#id_mother option", has_text="李芳").inner_text())
    page.fill("#id_child_name", "王玥")
    page.select_option("#id_sex", "F")
    page.fill("#id_born_on", "2024-05-01")
    _shot(page, "birth-form")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")

    # The category changed, with its reason and the date it holds from.
    categories = page.inner_text("#categories")
    assert one_child in categories and "王玥" in categories and "2024-05-01" in categories
    assert "王玥" in page.inner_text("#people")
    _shot(page, "household")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "household-phone")
    page.goto(f"{live_server.url}/households/")
    _shot(page, "list-phone")

    # Another village's household is simply not found.
    response = page.goto(f"{live_server.url}/households/{foreign.pk}/")
    assert response.status == 404


def test_errors_are_shown_next_to_the_field(browser_page, live_server, specialist, village):
    household = make_household(village=village, by=specialist, number="0012")
    page = browser_page
    login(page, live_server, specialist)
    page.goto(f"{live_server.url}/households/{household.pk}/record/birth/")
    page.fill("#id_child_name", "王玥")
    page.select_option("#id_sex", "F")
    page.fill("#id_born_on", (datetime.date.today() + datetime.timedelta(days=400)).isoformat())  # noqa: DTZ011
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    _shot(page, "birth-errors")
    assert page.locator(".field.has-error #id_born_on").count() == 1
    assert page.locator(".field.has-error #id_mother").count() == 1
    _shot(page, "birth-errors")
