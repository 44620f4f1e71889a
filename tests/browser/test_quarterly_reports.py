import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.actions import documents as actions
from reports.building import build_document
from reports.models import Document
from tests.browser.conftest import login
from tests.factories.assessments import make_scheme, publish_scored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class QueuedTasks:
    """Stands in for the Celery task: the test builds the queued documents itself, as a worker would."""

    def __init__(self):
        self.document_ids = []

    def delay(self, document_id):
        self.document_ids.append(document_id)


@pytest.fixture
def queued(monkeypatch, settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    tasks = QueuedTasks()
    monkeypatch.setattr(actions, "build_document_task", tasks)
    return tasks


def test_assessor_asks_for_the_quarter_watches_the_batch_and_downloads_the_town_report(
        browser_page, live_server, queued, town, village, other_village, town_office):
    # Given a quarter published for both villages, 荀子村 ahead of 大旗村
    scheme = make_scheme(town=town)
    publish_scored(scheme=scheme, village=village, period="Q1", by=town_office, lost="4")
    publish_scored(scheme=scheme, village=other_village, period="Q1", by=town_office)
    page = browser_page
    login(page, live_server, town_office)

    # When the assessor asks for the quarter's reports from the period board
    page.goto(f"{live_server.url}/assessments/periods/2025/Q1/")
    page.click("#request-reports")
    page.wait_for_selector("#batch")
    assert "排队中" in page.inner_text("#batch")
    assert len(queued.document_ids) == 3

    # and the workers build them one after another, the page following without a reload
    SHOTS.mkdir(exist_ok=True)
    for number, document_id in enumerate(queued.document_ids):
        build_document(document_id=document_id)
        page.wait_for_selector(f"#document-{document_id} [data-download]", timeout=10_000)
        if number == 0:
            page.screenshot(path=str(SHOTS / "quarterly-reports-batch-running.png"), full_page=True)
    page.wait_for_function("document.querySelector('[data-batch-status]').textContent.includes('已完成')",
                           timeout=10_000)
    assert "已完成 3 份，共 3 份" in page.inner_text("#batch")
    page.screenshot(path=str(SHOTS / "quarterly-reports-batch.png"), full_page=True)

    # Then the town's report downloads and ranks the villages
    town_report = Document.objects.get(batch__isnull=False, village__isnull=True)
    with page.expect_download() as download:
        page.click(f"#document-{town_report.pk} [data-download]")
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "红山店镇" in text and "排名" in text
    assert text.index("荀子村") < text.index("大旗村")
