"""In headless Chromium: the town office computes, approves and pays a cycle; a specialist sees why
a household of their village is or is not eligible."""

import datetime
import os

import pytest

from incentives.models import Entitlement
from members.models import MaritalStatus, Relation
from tests.browser.conftest import login
from tests.factories import make_group
from tests.factories.incentives import childcare_subsidy
from tests.factories.members import make_household, person_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
SHOTS = os.environ.get("ZIZHI_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"benefits-{name}.png"), full_page=True)


@pytest.fixture
def family_with_baby(village):
    return make_household(group=make_group(village=village, number=3), number="201000123", people=[
        person_fields(name="王强", born=D(1990, 5, 1), relation=Relation.HEAD),
        person_fields(name="李芳", sex="F", born=D(1992, 3, 1), relation=Relation.WIFE),
        person_fields(name="王小满", born=D(2022, 10, 15), relation=Relation.SON, with_id=False,
                      marital_status=MaritalStatus.SINGLE)])


def test_town_office_computes_approves_and_pays_a_cycle(browser_page, live_server, town_office, town,
                                                        family_with_baby):
    policy = childcare_subsidy(town)
    page = browser_page
    login(page, live_server, town_office)

    page.goto(f"{live_server.url}/benefits/policies/{policy.pk}/")
    page.fill("#id_period", "2025")
    page.click("text=创建发放批次")
    page.click("text=核算享受对象")
    assert "新增1个享受对象" in page.inner_text("main")
    shot(page, "1-computed")

    page.click("text=大旗村")
    page.click("button:has-text('确认1个待审核对象')")
    assert "已确认1个享受对象" in page.inner_text("main")
    page.click("text=← 育儿补贴")
    page.fill("#id_note", "经审核同意发放")
    page.click("button:has-text('审批通过')")
    assert "已审批" in page.inner_text("main")

    page.click("text=大旗村")
    assert float(page.input_value("#id_amount")) == 2700
    page.fill("#id_reference", "HSD2025-001")
    page.click("button:has-text('登记发放')")
    main = page.inner_text("main")
    assert "发放已登记，与审批金额相符" in main and "已发放" in main
    shot(page, "2-paid")
    assert Entitlement.objects.get().status == Entitlement.Status.PAID

    page.click("text=← 育儿补贴 2025")
    assert "账目相符" in page.inner_text("main")
    shot(page, "3-reconciled")


def test_specialist_sees_why_a_household_is_or_is_not_eligible(browser_page, live_server, specialist, town,
                                                               family_with_baby):
    childcare_subsidy(town)
    page = browser_page
    login(page, live_server, specialist)

    page.goto(f"{live_server.url}/benefits/households/{family_with_baby.pk}/?year=2025")
    main = page.inner_text("main")
    assert "符合条件：王小满（2022年10月15日出生）2025年9月30日时2周岁" in main
    assert "期内享受9个月" in main
    page.click("summary:has-text('王强')")
    assert "不符合条件：王强（1990年5月1日出生）2025年12月31日时35周岁" in page.inner_text("main")
    shot(page, "4-why")

    page.set_viewport_size({"width": 390, "height": 900})
    shot(page, "5-phone")


def test_town_office_computes_a_whole_year_from_the_cycle_list(browser_page, live_server, town_office, town,
                                                              family_with_baby):
    from tests.factories.incentives import two_daughter_pension

    childcare_subsidy(town)
    two_daughter_pension(town)
    page = browser_page
    login(page, live_server, town_office)

    page.goto(f"{live_server.url}/benefits/cycles/")
    page.fill("#id_period", "2025")
    page.click("button:has-text('开设并核算')")
    main = page.inner_text("main")
    assert "2025：已核算2个批次，新增1个享受对象。" in main
    assert "育儿补贴" in main and "双女户养老保险补贴" in main
    shot(page, "4-year-computed")

    page.fill("#id_period", "2025Q5")
    page.click("button:has-text('开设并核算')")
    assert "2025Q5" in page.input_value("#id_period")
    assert page.locator(".error").count() == 1
