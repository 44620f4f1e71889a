import os
import statistics
import time

from celery import current_app as celery_app
from celery.signals import task_postrun, task_prerun
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from demo.benchmarks import demo_town, documents_office
from reports.actions import request_document
from reports.building import document_html
from reports.models import Document
from reports.rendering import html_to_pdf, subsetting_backend

TARGET_TASK_SECONDS = 0.3


class Command(BaseCommand):
    help = ("Build village status sheets through the document pipeline (the task run in-process) and "
            "print the median task time, WeasyPrint's time for the same HTML, and the pipeline's overhead. "
            "The documents are removed at the end.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20, help="documents to build after a warm-up (default 20)")
        parser.add_argument("--keep", action="store_true", help="keep the documents built")

    def handle(self, *args, count, keep, **options):
        town = demo_town(self.stdout)
        with documents_office(town, keep=keep) as user:
            self._measure(user, list(town.villages.order_by("code")), max(count, 1))

    def _measure(self, user, villages, count):
        task_times, task_cpu, render_times, queries, documents = [], [], [], [], []
        started = {}

        def on_start(task_id, **kwargs):
            started[task_id] = time.perf_counter(), time.thread_time()

        def on_end(task_id, **kwargs):
            wall, cpu = started.pop(task_id)
            task_times.append(time.perf_counter() - wall)
            task_cpu.append(time.thread_time() - cpu)

        task_prerun.connect(on_start, weak=False)
        task_postrun.connect(on_end, weak=False)
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True  # the task runs in this process when the request commits
        try:
            for index in range(count + 1):
                village = villages[index % len(villages)]
                with CaptureQueriesContext(connection) as captured, transaction.atomic():
                    document = request_document(kind=Document.Kind.STATUS_SHEET, requested_by=user,
                                                village=village)
                document.refresh_from_db()
                documents.append(document)
                html, data_uris = document_html(document)
                began = time.perf_counter()
                pdf = html_to_pdf(html, data_uris=data_uris)
                render_times.append(time.perf_counter() - began)
                queries.append(len(captured))
                if index == 0:  # the first run sets up fonts and the stylesheet: report it apart
                    cold = task_times.pop(0), render_times.pop(0)
                    queries.pop(0)
                    task_cpu.pop(0)
        finally:
            celery_app.conf.task_always_eager = eager
            task_prerun.disconnect(on_start)
            task_postrun.disconnect(on_end)
        self._report(documents, task_times, task_cpu, render_times, queries, cold, len(pdf))

    def _report(self, documents, task_times, task_cpu, render_times, queries, cold, size):
        failed = [d for d in documents if d.status != Document.Status.DONE]
        task = statistics.median(task_times)
        render = statistics.median(render_times)
        overhead = statistics.median(t - r for t, r in zip(task_times, render_times, strict=True))
        write = self.stdout.write
        write(f"Village status sheets built: {len(task_times)} (after one warm-up), "
              f"{len(failed)} failed; font subsetting: {subsetting_backend()}; database: {connection.vendor}; "
              f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        write(f"  cold first task:               {cold[0]:.3f} s (WeasyPrint {cold[1]:.3f} s)")
        write(f"  median task time:              {task:.3f} s   (target <= {TARGET_TASK_SECONDS:.3f} s)  "
              + ("OK" if task <= TARGET_TASK_SECONDS else "MISSED"))
        write(f"  median WeasyPrint, same HTML:  {render:.3f} s")
        write(f"  pipeline overhead (median):    {overhead:.3f} s   (target <= WeasyPrint)  "
              + ("OK" if overhead <= render else "MISSED"))
        write(f"  task time min / max:           {min(task_times):.3f} / {max(task_times):.3f} s; "
              f"median CPU time of a task {statistics.median(task_cpu):.3f} s")
        write(f"  queries per request + task:    {statistics.median(queries):.0f}; PDF size {size / 1024:.0f} KiB")
