"""Time to build every village's disclosure board of a period (41 in the demo town), asked for in one request.

Measured in-process (the tasks run in this process one after another), then, when CELERY_BROKER_URL names a
Redis broker, with one and with two real Celery workers (the workers of benchmark_quarterly_reports). Beside the
totals: each board's build time (started to finished) and WeasyPrint's own time for the same HTML (the board's
HTML laid out and written again here, without the database reads), so the cost of reading the records and the
cost of the layout are seen apart. The boards, their documents, batches, numbers and files are removed at the end.
"""

import os
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from demo.benchmarks import demo_town, documents_office
from demo.management.commands.benchmark_quarterly_reports import timed_with_workers
from reports.actions.boards import request_all_boards
from reports.building import document_html
from reports.models import BoardPublication, Document, DocumentBatch
from reports.rendering import html_to_pdf, subsetting_backend

TARGET_ONE_WORKER, TARGET_TWO_WORKERS = 15.0, 8.0


class Command(BaseCommand):
    help = ("Build the disclosure boards of every village of the demo town for a period and print the time "
            "in-process, with one Celery worker and with two, beside WeasyPrint's own time.")

    def add_arguments(self, parser):
        parser.add_argument("--period", default="2025Q4", help="a quarter or a year (default 2025Q4)")
        parser.add_argument("--paper", default="A3", choices=["A3", "A4"])
        parser.add_argument("--workers", default="0,1,2",
                            help="comma-separated runs: 0 is in-process, n is n real workers (default 0,1,2)")

    def handle(self, *args, period, paper, workers, **options):
        runs = [int(n) for n in workers.split(",") if n.strip()]
        town = demo_town(self.stdout)
        has_broker = str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://"))
        self.stdout.write(f"Disclosure boards {period} ({paper}) of {town.name}; database: {connection.vendor}; "
                          f"broker: {'redis' if has_broker else 'none (tasks in process)'}; font subsetting: "
                          f"{subsetting_backend()}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        with documents_office(town) as user:
            try:
                results = {}
                for count in runs:
                    if count and not has_broker:
                        self.stdout.write(f"  {count} worker(s): skipped, CELERY_BROKER_URL names no Redis broker")
                        continue
                    batch, seconds = self._run(user, period, paper, count)
                    results[count] = seconds
                    self._report(batch, count, seconds, weasyprint=count == runs[0])
                for count, target in ((1, TARGET_ONE_WORKER), (2, TARGET_TWO_WORKERS)):
                    if count in results:
                        verdict = "OK" if results[count] <= target else "MISSED"
                        self.stdout.write(f"  target with {count} worker(s) <= {target:.0f} s: {verdict}")
            finally:
                remove_boards(user)

    def _run(self, user, period: str, paper: str, workers: int) -> tuple[DocumentBatch, float]:
        batches = []

        def request():
            batches.append(request_all_boards(requested_by=user, period=period, paper_size=paper))  # commits: queued
            return Document.objects.filter(batch=batches[0])

        _documents, seconds = timed_with_workers(request, workers)
        return batches[0], seconds

    def _report(self, batch: DocumentBatch, workers: int, seconds: float, *, weasyprint: bool) -> None:
        documents = list(Document.objects.filter(batch=batch).select_related("town", "village", "requested_by"))
        failed = [d for d in documents if d.status != Document.Status.DONE]
        builds = [(d.finished_at - d.started_at).total_seconds() for d in documents if d.started_at and d.finished_at]
        label = "in-process (no worker)" if workers == 0 else f"{workers} worker{'s' if workers > 1 else ''}"
        self.stdout.write(f"  {label + ':':24} {seconds:6.1f} s end to end for {len(documents)} boards "
                          f"({len(failed)} failed); per board median {statistics.median(builds):.2f} s, "
                          f"max {max(builds):.2f} s, sum {sum(builds):.1f} s")
        for document in failed[:3]:
            self.stdout.write(f"    {document.title}: {document.error}")
        if weasyprint:
            layouts = []
            for document in documents:
                if document.status == Document.Status.DONE:
                    html, data_uris = document_html(document)
                    began = time.perf_counter()
                    html_to_pdf(html, data_uris=data_uris)
                    layouts.append(time.perf_counter() - began)
            self.stdout.write(f"  {'WeasyPrint alone:':24} {sum(layouts):6.1f} s for the same {len(layouts)} HTML; "
                              f"per board median {statistics.median(layouts):.2f} s, max {max(layouts):.2f} s")


def remove_boards(user) -> None:
    """The boards the user asked for, with their history. They go first: they hold their documents, which
    documents_office then removes."""
    boards = BoardPublication.objects.filter(requested_by=user)
    ids = list(boards.values_list("pk", flat=True))
    boards.update(superseded_by=None, corrects=None)
    boards.delete()
    BoardPublication.history.filter(id__in=ids).delete()
