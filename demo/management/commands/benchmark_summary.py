import os
import time

from django.core.management.base import BaseCommand
from django.db import connection

from demo.benchmarks import acting_user, demo_town, rolled_back
from reports import building
from reports.actions import request_summary
from reports.building import document_html
from reports.models import Document
from reports.rendering import html_to_pdf
from reports.storage import document_storage
from villages import closing
from villages.models import PeriodClosing, User
from villages.periods import Period

TARGET_SECONDS = 10.0
OFFICE = "benchmark-summary-office"


class Command(BaseCommand):
    help = ("Build the demo town's annual work summary of a year (2025) as the build task does, and print its time "
            "beside WeasyPrint's own time for the same HTML. The year is closed for the run unless it already is "
            "(--open: measure the figures computed from the records). Everything is rolled back and the file "
            "removed at the end.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--open", action="store_true", help="do not close the year for the run")

    def handle(self, *args, year, language, open, **options):
        town = demo_town(self.stdout)
        period = Period.parse(str(year))
        stored = None
        with rolled_back():
            user, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
            closed = PeriodClosing.objects.current().filter(town=town, period=str(period)).exists()
            if not closed and not open:
                began = time.perf_counter()
                closing.close(town=town, period=period, by=user, note="benchmark")
                self.stdout.write(f"  closing {year} for the run:       {time.perf_counter() - began:.3f} s")
            document = request_summary(town=town, year=year, language=language, requested_by=user)
            began = time.perf_counter()
            built = building.build_document(document_id=document.pk)
            task = time.perf_counter() - began
            stored = built.file.name if built.file else None
            html, data_uris = document_html(built)
            began = time.perf_counter()
            pdf = html_to_pdf(html, data_uris=data_uris)
            render = time.perf_counter() - began
            failed = built.status != Document.Status.DONE
            self._report(year, language, closed or not open, task, render, len(pdf), built, failed)
        if stored and document_storage().exists(stored):
            document_storage().delete(stored)  # the row is rolled back; its file goes too

    def _report(self, year, language, snapshot, task, render, size, built, failed):
        write = self.stdout.write
        outcome = "FAILED " + built.error if failed else "built"
        source = "the closed year" if snapshot else "the records (year open)"
        write(f"Annual work summary {year} ({language}) of the demo town: {outcome}; figures from {source}; database "
              f"{connection.vendor}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        write(f"  build (as the task runs it):      {task:.3f} s   (target <= {TARGET_SECONDS:.0f} s)  "
              + ("OK" if task <= TARGET_SECONDS else "MISSED"))
        write(f"  WeasyPrint alone, same HTML:      {render:.3f} s")
        write(f"  the rest (figures, HTML, storing): {task - render:.3f} s; PDF {size / 1024:.0f} KiB")
