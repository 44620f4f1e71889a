"""A leader opens the town overview, drills down to a village and a group, sees the charts, and reads no one's
record."""

import os

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests import factories
from tests.browser.conftest import login
from tests.factories.members import head, make_household
from tests.factories.villages import make_designation
from villages.models import Designation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = str(timezone.localdate().year)  # the households below are recorded today


def _shot(page, name):
    """Screenshots for a person to look at, when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"dashboards-{name}.png"), full_page=True)


def _charts_drawn(page) -> list[int]:
    """The width each chart image was drawn at (0 when it failed to load)."""
    return page.eval_on_selector_all(".chart-grid img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")


def test_leader_drills_down_from_the_town_to_a_group_and_reads_no_ones_record(browser_page, live_server, leader,
                                                                              village, other_village):
    cache.clear()
    group = factories.make_group(village=village, number=1, name="第一村民小组")
    household = make_household(village=village, group=group)
    make_designation(village=village, year=int(YEAR), kind=Designation.Kind.LAGGING, rectification_plan="整顿班子。")
    make_designation(village=other_village, year=int(YEAR), kind=Designation.Kind.DEMONSTRATION)
    page = browser_page
    login(page, live_server, leader)

    # The town overview, with its charts drawn.
    page.goto(f"{live_server.url}/overview/?period={YEAR}")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("红山店镇")
    # trend, births, families, the villages grid (the ranking appears once results are published)
    assert all(width > 0 for width in _charts_drawn(page)) and len(_charts_drawn(page)) == 4
    _shot(page, "town")

    # Down to the village: its figures and its rectification plan.
    page.click(f"#villages a[href^='/overview/villages/{village.pk}/']")
    page.wait_for_load_state("networkidle")
    assert "大旗村" in page.locator("h1").inner_text() and "整顿班子。" in page.inner_text("main")
    assert all(width > 0 for width in _charts_drawn(page))
    _shot(page, "village")

    # Down to the group: a count below five about people reads "<5".
    page.click("text=第一村民小组")
    page.wait_for_load_state("networkidle")
    assert "第一村民小组" in page.locator("h1").inner_text() and "<5" in page.inner_text("main")
    _shot(page, "group")

    # No person's record: the household and its head answer 404.
    for url in (f"/households/{household.pk}/", f"/people/{head(household).pk}/", "/households/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url


def test_the_overview_reads_on_a_phone(browser_page, live_server, leader, village):
    cache.clear()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, leader)

    page.goto(f"{live_server.url}/overview/?period={YEAR}")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "phone")
