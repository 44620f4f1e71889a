"""Print how long the whole-town export of the registry takes to build (CSV and xlsx), and its peak memory.

The export is asked for as the town office and built as the worker builds it (reports.building), in this
process. Everything runs inside a transaction that is rolled back, and the built files are removed, so the
database and the documents folder are left as they were. Each format is built twice: once timed, once under
tracemalloc for the peak of the memory Python allocated while building (tracemalloc slows the build down).
"""

import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand

from demo.benchmarks import OFFICE, acting_user, demo_town, registry_export, rolled_back
from members.models import Person
from villages.models import User


class Command(BaseCommand):
    help = "Measure the whole-town export (CSV and xlsx) on the demo town: build time and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], action="append",
                            help="only this format (repeatable; default both)")
        parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")

    def handle(self, *args, format=None, no_memory=False, **options):
        town = demo_town(self.stdout)
        people = Person.objects.filter(household__town=town).count()
        self.stdout.write(f"whole-town export of {town.name}: {people} people")
        for fmt in format or ["csv", "xlsx"]:
            seconds, size, rss = self._build(town, fmt, traced=False)
            line = (f"{fmt}: {seconds:.1f} s, {size / 1e6:.1f} MB, {people / max(seconds, 1e-9):.0f} rows/s, "
                    f"process peak RSS {rss / 1024:.0f} MB")
            if not no_memory:
                _seconds, _size, peak = self._build(town, fmt, traced=True)
                line += f", Python peak while building {peak / 1e6:.1f} MB (tracemalloc)"
            self.stdout.write(line)

    def _build(self, town, fmt, *, traced):
        with rolled_back():
            user, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
            with registry_export(user, fmt) as build:
                if traced:
                    tracemalloc.start()
                try:
                    started = time.perf_counter()
                    built = build()
                    seconds = time.perf_counter() - started
                    measure = tracemalloc.get_traced_memory()[1] if traced else \
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                finally:
                    if traced:
                        tracemalloc.stop()
                return seconds, built.size, measure
