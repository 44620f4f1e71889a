"""The office asks for the whole-town export, follows its progress, then downloads it."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from config.celery import app as celery_app
from reports.building import build_document
from reports.models import Document
from tests.browser.conftest import login
from tests.factories.members import make_household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _HeldTask:
    """The build task as a worker that has not taken the export yet: the test builds it when it wants."""

    @staticmethod
    def delay(document_id):
        return None


@pytest.fixture(autouse=True)
def _documents_held(settings, tmp_path, monkeypatch):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    monkeypatch.setattr("reports.actions.documents.build_document_task", _HeldTask)
    yield
    celery_app.conf.task_always_eager = eager


def test_the_office_asks_for_the_whole_town_export_sees_progress_and_downloads_it(
        browser_page, live_server, town_office, village, other_village):
    make_household(village=village, number="1001")
    make_household(village=other_village, number="9001")
    page = browser_page
    login(page, live_server, town_office)

    page.goto(f"{live_server.url}/households/")
    page.click("text=导出Excel")
    page.click("#prepare-export")
    page.wait_for_selector("#document progress")
    assert "正在准备导出文件" in page.content()
    document = Document.objects.get(kind="registry_export")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.RUNNING, progress=40)
    expect(page.locator("#document [data-progress]")).to_have_text("40", timeout=10_000)
    Document.objects.filter(pk=document.pk).update(status=Document.Status.QUEUED, progress=0)

    build_document(document_id=document.pk)  # a worker builds it meanwhile; the page polls and notices
    page.wait_for_selector("#download", timeout=15_000)
    with page.expect_download() as download:
        page.click("#download")

    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).worksheets[0]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"1001", "9001"}
