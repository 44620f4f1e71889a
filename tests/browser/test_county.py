"""County office staff land on the county overview, rank the towns, drill down to a town and a village with its
charts, and close last year for the county's towns."""

import os

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests import factories
from tests.browser.conftest import login
from tests.factories.members import make_household
from villages.models import PeriodClosing, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = str(timezone.localdate().year)  # the households below are recorded today
LAST_YEAR = str(timezone.localdate().year - 1)


def _shot(page, name):
    """Screenshots for a person to look at, when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"county-{name}.png"), full_page=True)


def test_county_office_ranks_its_towns_drills_down_and_closes_last_year(browser_page, live_server, town, village):
    cache.clear()
    neighbour = factories.make_town(name="芦义镇", code=f"{town.county.code}101")
    neighbour_village = factories.make_village(town=neighbour, name="芦村")
    for where, count in ((village, 1), (neighbour_village, 3)):
        group = factories.make_group(village=where, number=1, name="第一村民小组")
        for _ in range(count):
            make_household(village=where, group=group)
    county = factories.make_user(role=User.Role.COUNTY_OFFICE, county=town.county, username="county")
    page = browser_page
    login(page, live_server, county)

    # Signed in, the county office lands on the county overview; ranked by population, 芦义镇 comes first.
    assert page.url.endswith("/overview/county/")
    page.select_option("#period", YEAR)
    page.select_option("#rank", "members.population")
    page.click("form.toolbar button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith(town.county.name)
    first = page.locator("#towns tbody tr").first.inner_text()
    assert first.startswith("1") and "芦义镇" in first
    _shot(page, "overview")

    # Down to the town, its charts drawn, then to its village.
    page.click("#towns a:text('芦义镇')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("芦义镇")
    widths = page.eval_on_selector_all(".chart-grid img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
    assert widths and all(width > 0 for width in widths)
    page.click(f"#villages a[href^='/overview/villages/{neighbour_village.pk}/']")
    page.wait_for_load_state("networkidle")
    assert "芦村" in page.locator("h1").inner_text()
    _shot(page, "village")

    # Back to the county, last year, and close it for both towns.
    page.click(".crumbs a:text('全县概况')")
    page.wait_for_load_state("networkidle")
    page.select_option("#period", LAST_YEAR)
    page.click("form.toolbar button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("#id_note", "年终结账")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert "已对2个乡镇关账" in page.inner_text("main") or "已对2个乡镇关账" in page.content()
    assert "各乡镇均已关账" in page.inner_text("main")
    assert PeriodClosing.objects.filter(period=LAST_YEAR).count() == 2
    _shot(page, "closed")
