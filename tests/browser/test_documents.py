import io

import pytest
from pypdf import PdfReader

from config.celery import app as celery_app
from reports.building import build_document
from tests.browser.conftest import login
from tests.factories.reports import make_document, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _documents_built_in_process(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


def test_town_office_builds_and_downloads_the_town_status_sheet(
        browser_page, live_server, town_office, village, other_village):
    make_team(village=village)
    page = browser_page
    login(page, live_server, town_office)

    page.goto(f"{live_server.url}/documents/")
    page.click("text=申请自治情况表")
    page.select_option("#id_village", "")
    page.fill("#id_year", "2025")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#download", timeout=30_000)
    assert "已完成" in page.inner_text("#document")
    with page.expect_download() as download:
        page.click("#download")

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages)
    assert "红山店镇村民自治情况表" in text
    assert "大旗村" in text and "荀子村" in text


def test_document_page_follows_the_build_until_the_download_appears(
        browser_page, live_server, town_office, village):
    document = make_document(requested_by=town_office, village=village)
    page = browser_page
    login(page, live_server, town_office)

    page.goto(f"{live_server.url}/documents/{document.pk}/")
    assert "排队中" in page.inner_text("#document")
    build_document(document_id=document.pk)  # a worker builds it meanwhile; the page polls and notices

    page.wait_for_selector("#download", timeout=10_000)
    assert "已完成" in page.inner_text("#document")
