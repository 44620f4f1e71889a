"""End-to-end time of the quarterly assessment reports: the town's and every village's, asked for in one request.

Measured three ways: the tasks run in this process one after another; one real Celery worker; two
workers side by side. The workers are `celery worker` subprocesses (prefork, one pool process each) on
this command's DATABASE_URL and CELERY_BROKER_URL, so those must name PostgreSQL and Redis; without a
broker only the in-process figure is printed. The clock runs from the request until every document of
the batch is finished, including each fresh worker's first-document set-up (fonts, stylesheet). The
documents, batches and files are removed at the end.
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from celery import current_app as celery_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import QuerySet

from assessments.models import Assessment, PeriodCode, Scheme
from demo.benchmarks import demo_town, documents_office
from reports.actions import request_quarterly_reports
from reports.models import Document, DocumentBatch
from reports.rendering import subsetting_backend
from villages.models import Town, User

TARGET_ONE_WORKER = 30.0
WORKER_START_TIMEOUT = 60
BATCH_TIMEOUT = 300


class Command(BaseCommand):
    help = ("Ask for the quarterly assessment reports of the demo town and all its villages and print the "
            "end-to-end time in-process, with one Celery worker and with two.")

    def add_arguments(self, parser):
        parser.add_argument("--period", default="", help="a published quarter (2025Q4) or year end (2025); "
                                                         "default: the latest published quarter")
        parser.add_argument("--workers", default="0,1,2",
                            help="comma-separated runs: 0 is in-process, n is n real workers (default 0,1,2)")
        parser.add_argument("--keep", action="store_true", help="keep the documents built")

    def handle(self, *args, period, workers, keep, **options):
        runs = [int(n) for n in workers.split(",") if n.strip()]
        town = demo_town(self.stdout)
        period = period or latest_published_quarter(town)
        with documents_office(town, keep=keep) as user:
            self._runs(town, user, period, runs)

    def _runs(self, town: Town, user: User, period: str, runs: list[int]) -> None:
        has_broker = str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://"))
        self.stdout.write(f"Quarterly assessment reports {period} of {town.name}; database: {connection.vendor}; "
                          f"broker: {'redis' if has_broker else 'none (tasks in process)'}; font subsetting: "
                          f"{subsetting_backend()}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        results = {}
        for count in runs:
            if count and not has_broker:
                self.stdout.write(f"  {count} worker(s): skipped, CELERY_BROKER_URL names no Redis broker")
                continue
            batch, seconds = self._run(user, period, count)
            results[count] = seconds
            self._report(batch, count, seconds)
        if 1 in results:
            verdict = "OK" if results[1] <= TARGET_ONE_WORKER else "MISSED"
            self.stdout.write(f"  target with one worker <= {TARGET_ONE_WORKER:.0f} s: {verdict}")
        if 1 in results and 2 in results:
            verdict = "OK" if results[2] < results[1] else "MISSED"
            self.stdout.write(f"  two workers faster than one ({results[1] / results[2]:.2f}x): {verdict}")

    def _run(self, user: User, period: str, workers: int) -> tuple[DocumentBatch, float]:
        batches = []

        def request():
            batches.append(request_quarterly_reports(requested_by=user, period=period))  # commits: queued
            return Document.objects.filter(batch=batches[0])

        _documents, seconds = timed_with_workers(request, workers)
        return batches[0], seconds

    def _report(self, batch: DocumentBatch, workers: int, seconds: float) -> None:
        documents = list(Document.objects.filter(batch=batch))
        failed = [d for d in documents if d.status != Document.Status.DONE]
        builds = [(d.finished_at - d.started_at).total_seconds() for d in documents if d.started_at and d.finished_at]
        label = "in-process (no worker)" if workers == 0 else f"{workers} worker{'s' if workers > 1 else ''}"
        self.stdout.write(f"  {label + ':':24} {seconds:6.1f} s end to end for {len(documents)} documents "
                          f"({len(failed)} failed); per document median {statistics.median(builds):.2f} s, "
                          f"max {max(builds):.2f} s")
        for document in failed[:3]:
            self.stdout.write(f"    {document.title}: {document.error}")


def latest_published_quarter(town: Town) -> str:
    """The town's latest quarter with published village assessments (2025Q4)."""
    latest = (Assessment.objects.filter(scheme__town=town, scheme__subject=Scheme.Subject.VILLAGE,
                                        status=Assessment.Status.PUBLISHED, period__startswith="Q")
              .order_by("-scheme__year", "-period").values_list("scheme__year", "period").first())
    if latest is None:
        raise CommandError(f"{town.name} has no published quarter.")
    year, code = latest
    return str(PeriodCode(code).in_year(year))


def timed_with_workers(request: Callable[[], QuerySet[Document]], workers: int) -> tuple[QuerySet[Document], float]:
    """Start `workers` real workers (none: the tasks run in this process as they are queued), call `request`, which
    asks for documents and returns them, and time it until every one of them is finished."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = workers == 0
    started_workers = []
    try:
        if workers:
            celery_app.control.purge()
            started_workers = [Worker(index).start() for index in range(workers)]
        began = time.perf_counter()
        documents = request()
        deadline = time.monotonic() + BATCH_TIMEOUT
        while documents.filter(status__in=[Document.Status.QUEUED, Document.Status.RUNNING]).exists():
            if time.monotonic() > deadline:
                raise CommandError(f"The documents were not finished within {BATCH_TIMEOUT} s.")
            time.sleep(0.1)
        seconds = time.perf_counter() - began
    finally:
        celery_app.conf.task_always_eager = eager
        for worker in started_workers:
            worker.stop()
    return documents, seconds


class Worker:
    """A `celery worker` subprocess with one pool process, in its own process group."""

    def __init__(self, index: int):
        self.name = f"benchmark-{index}-{uuid.uuid4().hex[:6]}@%h"
        self.log = Path(tempfile.mkstemp(prefix="benchmark-worker-", suffix=".log")[1])
        self.process = None

    def start(self) -> "Worker":
        env = {**os.environ, "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
               "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", ""), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", self.name],
            cwd=settings.BASE_DIR, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while " ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise CommandError(f"The worker did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.unlink(missing_ok=True)
