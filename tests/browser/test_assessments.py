from pathlib import Path

import pytest

from assessments.models import Assessment
from tests.browser.conftest import login
from tests.factories.assessments import adopt_regulations, make_scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"assessments-{name}.png"), full_page=True)


def test_assessor_scores_with_evidence_and_publishes_then_specialist_sees_only_own_result(
        browser_page, chromium, live_server, town, village, other_village, town_office, specialist, tmp_path):
    # Given a scheme for the year, and a village whose regulations were adopted
    make_scheme(town=town)
    adopt_regulations(village)
    page = browser_page
    login(page, live_server, town_office)

    # When the assessor opens the quarter, scores 大旗村 with a deduction and evidence, reviews and publishes
    page.goto(f"{live_server.url}/assessments/periods/2025/Q1/")
    page.get_by_role("button", name="开启本期并计算自动评分项").click()
    page.get_by_role("link", name=village.name).first.click()
    page.get_by_role("link", name="评分", exact=True).click()
    evidence = tmp_path / "督查照片.jpg"
    evidence.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")  # a photo, as far as its first bytes go
    page.fill("input[name$='-points']", "2")
    page.fill("textarea[name$='-note']", "村务公开栏未按时更新")
    page.set_input_files("input[name$='-file']", str(evidence))
    _shot(page, "score-form")
    page.get_by_role("button", name="保存评分").click()
    assert page.inner_text("#total") == "13.0"
    page.click("#review")
    page.goto(f"{live_server.url}/assessments/periods/2025/Q1/")
    page.click("#publish-period")
    assert "1\t大旗村\t13.0\t优秀" in page.inner_text("#ranking")
    assert "已公布" in page.inner_text("main")
    _shot(page, "board-published")

    # Then the specialist of 大旗村 sees the published result with the deduction and its reason
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    login(phone, live_server, specialist)
    phone.goto(f"{live_server.url}/assessments/")
    phone.get_by_role("link", name="第一季度").first.click()
    body = phone.inner_text("main")
    assert "13.0" in body and "村务公开栏未按时更新" in body
    _shot(phone, "specialist-result")

    # and another village's draft is simply not found
    other = Assessment.objects.get(village=other_village, period="Q1")
    assert other.status != Assessment.Status.PUBLISHED
    response = phone.goto(f"{live_server.url}/assessments/{other.pk}/")
    assert response.status == 404
    context.close()
