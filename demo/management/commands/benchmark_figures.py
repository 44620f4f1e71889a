import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.benchmarks import OFFICE, acting_user, demo_town, rolled_back
from villages import catalogue, closing
from villages.models import User
from villages.periods import Period


class Command(BaseCommand):
    help = ("Time the whole catalogue of figures for the demo town, every village and every group, for one "
            "year (target: 3 s at most on PostgreSQL), and closing that year (target: 10 s at most); prints "
            "the three slowest figures beside the time of their raw SQL. Changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--period", default="2025", help="the period (default 2025)")
        parser.add_argument("--repeat", type=int, default=3, help="runs of the whole catalogue (median printed)")

    def handle(self, *args, **options):
        town = demo_town(self.stdout)
        period = Period.parse(options["period"])
        figures = catalogue.catalogue()
        runs = []
        for _run in range(max(1, options["repeat"])):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                found = catalogue.compute(town.pk, period)
            runs.append(time.perf_counter() - started)
        levels = {level: len({key[2] for key in found.data if key[1] == level}) for level in catalogue.LEVELS}
        self.stdout.write(
            f"catalogue {period}: {len(figures)} figures, {len(found.data)} values "
            f"({levels['town']} town, {levels['village']} villages, {levels['group']} groups), "
            f"{len(queries)} queries, median {statistics.median(runs):.3f} s of {len(runs)} "
            f"(target <= 3 s on PostgreSQL)")
        for figure, seconds, sql_seconds, count in self._slowest(town.pk, period, figures):
            self.stdout.write(f"  {figure.code}: {seconds:.3f} s through the catalogue, {count} queries, "
                              f"raw SQL {sql_seconds:.3f} s")
        with rolled_back():
            office, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
            started = time.perf_counter()
            made = closing.close(town=town, period=period, by=office, note="benchmark")
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            catalogue.values(town.pk, period)
            read = time.perf_counter() - started
        self.stdout.write(f"closing {period}: {made.values_count} values stored in {seconds:.3f} s "
                          f"(target <= 10 s); reading the snapshot back {read:.3f} s")

    def _slowest(self, town_id: int, period: Period, figures) -> list[tuple]:
        """The three figures that take longest, each beside the time of the SQL it runs, executed raw."""
        timed = []
        for figure in figures:
            if figure.is_indicator:
                continue
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                catalogue.compute(town_id, period, [figure.code])
            timed.append((time.perf_counter() - started, figure, [q["sql"] for q in captured.captured_queries]))
        timed.sort(key=lambda row: row[0], reverse=True)
        results = []
        for seconds, figure, statements in timed[:3]:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
            results.append((figure, seconds, time.perf_counter() - started, len(statements)))
        return results
