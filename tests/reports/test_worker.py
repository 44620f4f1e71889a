"""The document pipeline against a real Celery worker (prefork, one child) on PostgreSQL and Redis.

Run with DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…; skipped otherwise. Each
test starts its own worker on the pytest test database and the test's documents folder.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from reports.actions import request_document, request_quarterly_reports
from reports.models import Document
from tests.factories.assessments import make_scheme, publish_scored
from tests.factories.reports import make_team

ON_POSTGRESQL_AND_REDIS = ("postgresql" in settings.DATABASES["default"]["ENGINE"]
                           and settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")))
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ON_POSTGRESQL_AND_REDIS, reason="needs DATABASE_URL on PostgreSQL and a Redis broker"),
]
PART_DELAY = 1.5  # seconds per part in the test worker: time to kill it in the middle of a document


class Worker:
    """A `celery worker` subprocess in its own process group."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        self.name = f"pipeline-test-{uuid.uuid4().hex[:8]}@%h"
        self.process = None

    def start(self, timeout: float = 60) -> "Worker":
        self.log.write_text("")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "-n", self.name,
             "--include", "tests.reports.worker_slowdown"],
            cwd=settings.BASE_DIR, env=self.env, stdout=self.log.open("a"), stderr=subprocess.STDOUT,
            start_new_session=True)
        wait_for(lambda: " ready." in self.log.read_text() or self.process.poll() is not None, timeout,
                 "the worker to start")
        assert self.process.poll() is None, self.log.read_text()
        return self

    def pool_child(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def kill_all(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.kill_all()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def database_url() -> str:
    db = connection.settings_dict  # after set-up: the test database's name
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{db['NAME']}"


@pytest.fixture
def worker_env(settings, tmp_path):
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # the broker database is the tests' own
    env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
           "DJANGO_DOCUMENTS_ROOT": str(settings.DOCUMENTS_ROOT), "ZIZHI_TEST_PART_DELAY": str(PART_DELAY),
           "PYTHONUNBUFFERED": "1"}
    return env


@pytest.fixture
def start_worker(worker_env, tmp_path):
    workers = []

    def start(**extra_env) -> Worker:
        worker = Worker({**worker_env, **extra_env}, tmp_path / f"worker{len(workers)}.log").start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def ask_for_town_sheet(user) -> Document:
    return request_document(kind=Document.Kind.STATUS_SHEET, requested_by=user, period="2025")


def wait_until(document: Document, condition, timeout: float, what: str) -> Document:
    try:
        wait_for(lambda: condition(Document.objects.get(pk=document.pk)), timeout, what)
    except AssertionError:
        logs = "\n".join(log.read_text()[-3000:] for log in sorted(Path(settings.DOCUMENTS_ROOT).parent.glob("*.log")))
        raise AssertionError(f"timed out waiting for {what}; worker logs:\n{logs}") from None
    return Document.objects.get(pk=document.pk)


def assert_built_once(document: Document, attempts: int) -> None:
    files = list(Path(settings.DOCUMENTS_ROOT).rglob("*.pdf"))
    assert document.status == Document.Status.DONE, document.error
    assert document.attempts == attempts
    assert files == [Path(document.file.path)]
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == document.sha256


def test_document_is_built_by_the_real_worker(start_worker, town_office, village):
    make_team(village=village)
    start_worker(ZIZHI_TEST_PART_DELAY="0")

    document = request_document(kind=Document.Kind.STATUS_SHEET, requested_by=town_office, village=village)

    built = wait_until(document, lambda d: d.is_finished, 60, "the document to be built")
    assert_built_once(built, attempts=1)


def test_document_survives_its_pool_process_killed_mid_build(start_worker, town_office, village, other_village):
    worker = start_worker()
    document = ask_for_town_sheet(town_office)
    wait_until(document, lambda d: d.status == "running" and d.progress > 0, 60, "the build to be under way")

    os.kill(worker.pool_child(), signal.SIGKILL)  # as the kernel's out-of-memory killer would

    built = wait_until(document, lambda d: d.is_finished, 90, "the document to be built again")
    assert_built_once(built, attempts=2)
    assert worker.process.poll() is None
    assert "WorkerLostError" in worker.log.read_text() or "SIGKILL" in worker.log.read_text()


def test_document_survives_the_whole_worker_killed(start_worker, town_office, village, other_village):
    first = start_worker(CELERY_VISIBILITY_TIMEOUT="5")
    document = ask_for_town_sheet(town_office)
    wait_until(document, lambda d: d.status == "running" and d.progress > 0, 60, "the build to be under way")

    first.kill_all()
    start_worker(CELERY_VISIBILITY_TIMEOUT="5")

    built = wait_until(document, lambda d: d.is_finished, 120, "the lost task to come back and finish")
    assert_built_once(built, attempts=2)


def test_two_workers_share_the_quarterly_reports_of_one_request(start_worker, town, town_office, village,
                                                                 other_village):
    scheme = make_scheme(town=town)
    for place in (village, other_village):
        publish_scored(scheme=scheme, village=place, period="Q1", by=town_office)
    workers = [start_worker(ZIZHI_TEST_PART_DELAY="1"), start_worker(ZIZHI_TEST_PART_DELAY="1")]

    batch = request_quarterly_reports(requested_by=town_office, period="2025Q1")

    wait_for(lambda: not batch.documents.in_progress().exists(), 90, "the batch to be built")
    assert set(batch.documents.values_list("status", flat=True)) == {Document.Status.DONE}
    for worker in workers:
        assert "succeeded" in worker.log.read_text()
