"""Health campaigns in a real browser: the leadership sees a campaign's findings only as counts; a specialist of
another village cannot open a woman's finding (404) on a phone; the views of a finding are in the town office's
access log. Screenshots go to $ZIZHI_SCREENSHOTS when it is set, else to the test's tmp folder."""

import datetime
import os
import pathlib

import pytest

from members.models import Relation
from services.actions import health as actions
from services.models import HealthCampaign
from tests.browser.conftest import login
from tests.factories import make_group
from tests.factories.members import make_household, person_fields, wife
from tests.members.conftest import set_today
from villages.models import SensitiveAccess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
__all__ = ["set_today"]
EXAMINED_ON = datetime.date(2025, 7, 8)


def shoot(page, tmp_path, name: str) -> None:
    folder = pathlib.Path(os.environ.get("ZIZHI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"health_{name}.png"), full_page=True)


def woman(village, number, name):
    household = make_household(group=make_group(village=village, number=number), number=f"B{village.pk}-{number}",
                               people=[person_fields(), person_fields(name=name, sex="F", relation=Relation.WIFE,
                                                                      born=datetime.date(1988, 6, 15))])
    return wife(household)


@pytest.fixture
def campaign(set_today, town, village, other_village, town_office):
    """The July campaign of two villages: 刘芳 of 大旗村 and 陈静 of 荀子村 (registered in January) examined, one
    finding each."""
    set_today(datetime.date(2025, 1, 10))
    woman(village, 11, "刘芳")
    woman(other_village, 11, "陈静")
    set_today(datetime.date(2025, 8, 1))
    campaign = actions.plan_campaign(town=town, kind=HealthCampaign.Kind.GYNAECOLOGICAL, title="县专家进村妇科病普查",
                                     starts_on=datetime.date(2025, 7, 7), ends_on=datetime.date(2025, 7, 18),
                                     place="各村计生服务室", team="县计生技术服务专家组",
                                     villages=[village, other_village], by=town_office)
    findings = {}
    for invitation in actions.invite_target_group(campaign=campaign, invited_on=datetime.date(2025, 7, 1),
                                                  by=town_office):
        actions.record_attendance(invitation=invitation, attendance="examined", attended_on=EXAMINED_ON, version=1,
                                  by=town_office)
        findings[invitation.person.name] = actions.record_finding(
            invitation=invitation, category="inflammation" if invitation.village == village else "endocrine",
            found_on=EXAMINED_ON, by=town_office)
    return campaign, findings


def test_the_leadership_sees_the_findings_only_as_counts(browser_page, live_server, leader, campaign, tmp_path):
    record, findings = campaign
    page = browser_page
    login(page, live_server, leader)
    page.goto(f"{live_server.url}/services/campaigns/")
    page.click(f"a[href='/services/campaigns/{record.pk}/']")
    page.wait_for_load_state("networkidle")
    shoot(page, tmp_path, "leader_campaign")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert page.locator("#counts").count() == 1 and page.locator("#invitations").count() == 0
    assert "刘芳" not in body and "陈静" not in body
    assert page.inner_text("#counts tr.total [data-figure=findings]") == "2"
    assert page.inner_text("#counts tbody tr:first-child [data-figure=findings]") == "—"  # 1 in a village: hidden
    assert page.goto(f"{live_server.url}/services/findings/{findings['陈静'].pk}/").status == 404
    assert not SensitiveAccess.objects.filter(user=leader).exists()


def test_the_leadership_gets_404_on_a_persons_record(browser_page, live_server, leader, campaign, tmp_path):
    _record, findings = campaign
    person = findings["陈静"].invitation.person
    page = browser_page
    login(page, live_server, leader)
    assert page.locator("nav a[href='/households/']").count() == 0
    for path in (f"/people/{person.pk}/", f"/households/{person.household_id}/", "/households/"):
        assert page.goto(f"{live_server.url}{path}").status == 404
    shoot(page, tmp_path, "leader_person_404")
    assert page.inner_text("h1") == "页面不存在"
    assert person.name not in page.inner_text("body")


def test_another_villages_specialist_cannot_open_a_finding_on_a_phone(browser_page, live_server, specialist,
                                                                      town_office, campaign, tmp_path):
    record, findings = campaign
    page = browser_page
    page.set_viewport_size(PHONE)
    login(page, live_server, specialist)
    page.goto(f"{live_server.url}/services/campaigns/{record.pk}/")
    shoot(page, tmp_path, "specialist_campaign_phone")
    assert "刘芳" in page.inner_text("#invitations") and "陈静" not in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.click(f"a[href='/services/findings/{findings['刘芳'].pk}/']")
    page.wait_for_load_state("networkidle")
    shoot(page, tmp_path, "specialist_own_finding_phone")
    assert page.locator("ol.steps li[data-state=open]").count() == 1
    response = page.goto(f"{live_server.url}/services/findings/{findings['陈静'].pk}/")
    shoot(page, tmp_path, "specialist_other_finding_phone")
    assert response.status == 404
    assert SensitiveAccess.objects.filter(user=specialist, record_type="Finding").count() == 1

    page.context.clear_cookies()
    login(page, live_server, town_office)
    page.goto(f"{live_server.url}/services/findings/{findings['陈静'].pk}/")
    page.goto(f"{live_server.url}/registry/access-log/")
    shoot(page, tmp_path, "access_log_phone")
    log = page.inner_text("table")
    assert "陈静" in log and "刘芳" in log
    viewed = SensitiveAccess.objects.filter(record_type="Finding", record_id=findings["陈静"].pk)
    assert list(viewed.values_list("user__username", flat=True)) == [town_office.username]
