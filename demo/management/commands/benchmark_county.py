"""Town and county scale side by side: the same measures on the demo town alone and on a county of many towns.

The command measures its sections on this command's database (the county: its first town by code stands for
"a town inside it"); with `--compare-url` it first runs itself again as a subprocess on that database (the demo
town alone) with `--json`, and prints one table: measure | demo town alone | county (town inside it) | target | met?

Each section is a small function taking the `Scale` measured and returning `Row`s; SECTIONS lists them by name, so
a section is added with one line there (and chosen with `--sections`). Like every benchmark, it leaves the database
as it found it: what it writes is rolled back, or removed at the end (the documents).
"""

import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.queries.documents import published_assessment_villages
from demo.benchmarks import OFFICE, acting_user, demo_town, documents_office, rolled_back
from demo.county_ops import backup_restore, export_rows
from demo.management.commands.benchmark_boards import remove_boards
from demo.management.commands.benchmark_dashboards import LEADER, time_page
from demo.management.commands.benchmark_incentives import copy_policy
from demo.management.commands.benchmark_quarterly_reports import latest_published_quarter, timed_with_workers
from demo.management.commands.benchmark_registry import time_list
from incentives import actions as incentives
from incentives.models import Policy
from members.models import Household
from reports.actions import request_document, request_quarterly_reports
from reports.actions.boards import request_all_boards, request_board
from reports.models import Document
from villages import closing
from villages.models import County, Town, User, Village
from villages.periods import Period


@dataclass
class Row:
    """One measure. `rule` says how it is judged: "town" (at most `limit` times the demo town's), "max" (at most
    `limit`), "min" (at least `limit`), "" (for information)."""

    key: str
    measure: str
    value: float | None
    unit: str = "ms"
    rule: str = ""
    limit: float | None = None
    note: str = ""
    compared: bool = True  # False: a figure of this database alone (the demo town's column shows none)


@dataclass
class Scale:
    county: County
    town: Town  # the county's first town by code: "a town inside the county"
    options: dict
    say: Callable[[str], None]
    notes: list[str] = field(default_factory=list)


def town_dashboard(scale: Scale) -> list[Row]:
    """The leadership's town overview through the test client: the first request (cache empty), then warm ones."""
    with rolled_back():
        leader, _created = acting_user(LEADER, User.Role.LEADERSHIP, town=scale.town)
        client = Client(HTTP_HOST="localhost")
        client.force_login(leader)
        page = time_page(client, reverse("reports:town_overview"), {"period": scale.options["period"]},
                         scale.options["repeat"], cold_runs=3)
    cache.clear()
    return [Row("dashboard-first", "town dashboard: first request, median of 3 (cache emptied before each)",
                page.first_ms, rule="town", limit=1.5,
                note=f"{page.first_queries} queries"),
            Row("dashboard-warm", f"town dashboard: median of {page.requests} warm", page.median_ms, rule="town",
                limit=1.5, note=f"{'/'.join(map(str, page.warm_queries))} queries")]


def household_list(scale: Scale) -> list[Row]:
    """The household list page of the county's largest village, as its specialist (the page has no village
    filter: the town office's is the whole town's, measured too, for the largest village's town)."""
    largest = (Household.objects.filter(town__county=scale.county).values("village").order_by()
               .annotate(n=Count("pk")).order_by("-n", "village").first())
    village = Village.objects.select_related("town").get(pk=largest["village"])
    url, repeat = reverse("members:households"), scale.options["repeat"]
    with rolled_back():
        specialist, _created = acting_user("benchmark-specialist", User.Role.SPECIALIST, village=village)
        office, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=village.town)
        own, town = time_list(specialist, url, {}, repeat), time_list(office, url, {}, repeat)
    return [Row("household-list", "largest village's household list: median", own.median_ms, rule="town",
                limit=1.5, note=f"{largest['n']} households; {own.queries[100]} queries for 100 rows"),
            Row("household-list-town", "  its town's list, as the town office: median", town.median_ms,
                rule="town", limit=1.5, note=f"{town.queries[100]} queries for 100 rows")]


def benefit_cycle(scale: Scale) -> list[Row]:
    """Every town's year cycles of every policy in force, opened and computed by each town's office (each town
    at once, `compute_cycles`), then computed again unchanged; the towns shared among --cycle-processes
    processes side by side, as offices or workers would compute them, each in its own transaction.

    The policies are copied first (not timed), as benchmark_incentives does: the real cycles are computed and
    closed already. All rolled back."""
    period = str(Period.parse(scale.options["period"][:4]))
    households = Household.objects.filter(town__county=scale.county, status=Household.Status.ACTIVE).count()
    towns = list(scale.county.towns.order_by("code").values_list("pk", flat=True))
    # Side by side on PostgreSQL only: SQLite has one writer at a time.
    processes = max(1, min(scale.options["cycle_processes"], len(towns))) if connection.vendor == "postgresql" else 1
    computed, recomputed, (policies, new, kept) = _cycles_side_by_side(
        [towns[i::processes] for i in range(processes)], period)
    side = f", {processes} processes side by side" if processes > 1 else ""
    return [Row("cycle", f"benefit cycle {period}, every town{side}", computed, unit="s", rule="max", limit=60,
                note=f"{len(towns)} towns, {households} households, {policies} policies, {new} entitlements"),
            Row("cycle-again", "  unchanged recompute", recomputed, unit="s", rule="max", limit=15,
                note=f"{kept} kept")]


def _cycles_side_by_side(shares: list[list[int]], period: str) -> tuple[float, float, tuple[int, int, int]]:
    """Each share of towns in a process of its own (or in this one, for one share): the seconds from all ready
    to all computed, and to all computed again; the policies, new and kept entitlements, added up."""
    if len(shares) == 1:
        clock = []
        totals = _cycles_of_towns(shares[0], period, lambda: clock.append(time.perf_counter()))
        return clock[1] - clock[0], clock[2] - clock[1], totals
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(shares) + 1, timeout=3600), context.Queue()
    connections.close_all()  # each process opens its own
    workers = [context.Process(target=_cycle_process, args=(share, period, barrier, results)) for share in shares]
    for worker in workers:
        worker.start()
    try:
        clock = []
        for _step in range(3):
            barrier.wait()
            clock.append(time.perf_counter())
    except threading.BrokenBarrierError:
        clock = None
    answers = [results.get(timeout=60) for _worker in workers]
    for worker in workers:
        worker.join()
    failed = [answer for answer in answers if isinstance(answer, str)]
    if clock is None or failed:
        raise CommandError(f"A benefit cycle process failed: {'; '.join(failed)}")
    return clock[1] - clock[0], clock[2] - clock[1], tuple(map(sum, zip(*answers, strict=True)))


def _cycle_process(towns: list[int], period: str, barrier, results) -> None:
    try:
        results.put(_cycles_of_towns(towns, period, barrier.wait))
    except Exception as error:  # noqa: BLE001 - told to the parent, which stops the benchmark
        barrier.abort()
        results.put(f"{type(error).__name__}: {error}")
    finally:
        connections.close_all()


def _cycles_of_towns(towns: list[int], period: str, step: Callable[[], object]) -> tuple[int, int, int]:
    """Copy the towns' policies, then (at each `step`: ready, computed, computed again) open and compute each
    town's cycles at once, and compute them again; rolled back."""
    parsed = Period.parse(period)
    policies = Policy.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=parsed.starts_on), town__in=towns,
        frequency=Policy.Frequency.YEAR, adopted_on__lte=parsed.ends_on).order_by("town__code", "code")
    with rolled_back():
        copies = [copy_policy(policy) for policy in policies.prefetch_related("rates", "conditions")]
        by_town = defaultdict(list)
        for copy in copies:
            by_town[copy.town_id].append(copy)
        step()
        new = 0
        for town_policies in by_town.values():  # each town's office opens the year's cycles and computes them
            cycles = [incentives.open_cycle(policy=policy, period=period, by=None) for policy in town_policies]
            by_town[cycles[0].policy.town_id] = cycles
            new += sum(r.new for r in incentives.compute_cycles(cycles=cycles, by=None).values())
        step()
        kept = sum(r.kept for cycles in by_town.values()
                   for r in incentives.compute_cycles(cycles=cycles, by=None).values())
        step()
    return len(copies), new, kept


def documents(scale: Scale) -> list[Row]:
    """The villages' disclosure boards and quarterly reports with one and with two real Celery workers."""
    broker = str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://"))
    if scale.options["no_workers"] or not broker:
        reason = "--no-workers" if scale.options["no_workers"] else "no Redis broker"
        scale.notes.append(f"documents: skipped ({reason})")
        return []
    villages = list(Village.objects.filter(town__county=scale.county, is_active=True).select_related("town")
                    .order_by("town__code", "code")[:scale.options["villages"] or scale.town.villages.count()])
    runs = {}
    with ExitStack() as stack:
        offices = {town: stack.enter_context(documents_office(town, username=f"{OFFICE}-{town.code}"))
                   for town in {village.town for village in villages}}
        try:
            for workers in (1, 2):
                built, seconds = timed_with_workers(lambda: _request(offices, villages, scale.options), workers)
                runs[workers] = (seconds, _build_times(built))
                scale.say(f"documents, {workers} worker(s): {seconds:.1f} s for {built.count()} documents")
        finally:
            for office in offices.values():
                remove_boards(office)
    return _document_rows(scale, len(villages), runs)


def _request(offices: dict[Town, User], villages: list[Village], options: dict):
    """Ask for the boards and the quarterly reports of the villages: a whole town's as its batches, a part of a
    town's one by one. Returns the documents asked for."""
    since = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for town, office in offices.items():
        chosen = [village for village in villages if village.town_id == town.pk]
        quarter = latest_published_quarter(town)
        if len(chosen) == town.villages.filter(is_active=True).count():
            request_all_boards(requested_by=office, period=options["board_period"])
            request_quarterly_reports(requested_by=office, period=quarter)
            continue
        published = set(published_assessment_villages(town_id=town.pk, period=Period.parse(quarter)))
        for village in chosen:
            request_board(village=village, requested_by=office, period=options["board_period"])
            if village.pk in published:
                request_document(kind=Document.Kind.QUARTERLY_ASSESSMENT, requested_by=office, village=village,
                                 period=quarter)
    return Document.objects.filter(requested_by__in=offices.values(), pk__gt=since)


def _build_times(built) -> dict[str, list[float]]:
    times = {}
    for kind, started, finished in built.values_list("kind", "started_at", "finished_at"):
        if started and finished:
            times.setdefault(kind, []).append((finished - started).total_seconds())
    return times


def _document_rows(scale: Scale, villages: int, runs: dict) -> list[Row]:
    (one, times), (two, _times) = runs[1], runs[2]
    built = sum(len(seconds) for seconds in times.values())
    speedup = one / two
    with translation.override("en"):
        labels = {kind: str(Document.Kind(kind).label) for kind in times}
    rows = [Row(f"document-{kind}", f"per document, median: {labels[kind]}",
                statistics.median(seconds), unit="s", rule="town", limit=1.2, note=f"{len(seconds)} built, 1 worker")
            for kind, seconds in sorted(times.items())]
    rows += [Row("documents-one", f"{villages} villages' documents, 1 worker", one, unit="s",
                 note=f"{built} documents"),
             Row("documents-two", "  2 workers", two, unit="s"),
             Row("documents-speedup", "  2 workers vs 1", speedup, unit="x", rule="min", limit=1.8)]
    # Extrapolated, not measured: every village of the county with as many documents each as here, at the
    # one-worker time per document, on k cores each as efficient as one of the two measured here.
    every = Village.objects.filter(town__county=scale.county, is_active=True).count()
    total = every * built / villages
    for cores in (4, 8):
        rows.append(Row(f"documents-{cores}-cores", f"  every village ({every}), {cores} cores, extrapolated",
                        total * one / built / (cores * speedup / 2) / 60, unit="min", note=f"{total:.0f} documents",
                        compared=False))
    return rows


def county_dashboard(scale: Scale) -> list[Row]:
    """The county office's county overview through the test client: the first request with an empty cache (every
    town's totals computed in the request: no worker shares this process's cache), the median of warm ones; then
    the year closed for the county (timed) and its overview read from the towns' snapshots. All rolled back."""
    period, repeat, url = scale.options["period"], scale.options["repeat"], reverse("reports:county_overview")
    towns = scale.county.towns.count()
    with rolled_back():
        office, _created = acting_user("benchmark-county", User.Role.COUNTY_OFFICE, county=scale.county)
        client = Client(HTTP_HOST="localhost")
        client.force_login(office)
        cache.clear()
        open_page = time_page(client, url, {"period": period}, repeat)
        started = time.perf_counter()
        closed = closing.close_county(county=scale.county, period=Period.parse(period), by=office)
        close_seconds = time.perf_counter() - started
        closed_page = time_page(client, url, {"period": period}, repeat)
    cache.clear()
    return [
        Row("county-first", f"county dashboard ({towns} towns), open year: first request", open_page.first_ms,
            note="every town's totals and last year's computed in the request"),
        Row("county-warm", f"county dashboard, open year: median of {open_page.requests} warm", open_page.median_ms,
            rule="max", limit=500, note=f"{'/'.join(map(str, open_page.warm_queries))} queries"),
        Row("county-closed", f"county dashboard, closed year: median of {closed_page.requests}",
            closed_page.median_ms, rule="max", limit=500,
            note=f"{'/'.join(map(str, closed_page.warm_queries))} queries"),
        Row("close-county", f"closing a county year ({len(closed)} towns)", close_seconds, unit="s", rule="max",
            limit=120, note="one transaction"),
    ]


def export_everyone(scale: Scale) -> list[Row]:
    """The registry export of everyone (a million rows for the county), built in a child process whose peak
    memory is the export's own (demo.county_ops)."""
    rows = []
    for fmt in [name.strip() for name in scale.options["export_formats"].split(",") if name.strip()]:
        found = dict(export_rows(SimpleNamespace(write=scale.say), fmt=fmt))
        rows += [Row(f"export-{fmt}", f"export of everyone, {fmt} ({found['rows in the file']} rows)",
                     float(found["seconds"]), unit="s", note=f"{found['file MB']} MB"),
                 Row(f"export-{fmt}-peak", "  its peak memory", float(found["child peak RSS MB"]), unit="MB",
                     rule="max", limit=300, note=f"the app loaded: {found['child RSS before the export MB']} MB")]
    return rows


def backup_and_restore(scale: Scale) -> list[Row]:
    """`backup` into a temporary folder, then its restore into scratch databases (demo.county_ops)."""
    found = dict(backup_restore(SimpleNamespace(write=scale.say)))
    two = found.get("load seconds (2 jobs)")
    return [Row("backup", f"backup ({found['database size MB']} MB database)", float(found["backup seconds"]),
                unit="s", note=f"archive {found['archive MB']} MB"),
            Row("restore", "  restore, one transaction", float(found["load seconds (1 job)"]), unit="s"),
            Row("restore-2", "  restore, pg_restore --jobs=2", float(two) if two else None, unit="s")]


# The sections, in the order they run; add one with a line here (a function taking the Scale and returning Rows).
SECTIONS: list[tuple[str, Callable[[Scale], list[Row]]]] = [
    ("county dashboard", county_dashboard),
    ("town dashboard", town_dashboard),
    ("household list", household_list),
    ("benefit cycle", benefit_cycle),
    ("documents", documents),
    ("export", export_everyone),
    ("backup", backup_and_restore),
]


class Command(BaseCommand):
    help = ("Measure a town inside a county beside the demo town alone (--compare-url): the county dashboard and "
            "closing a county year, a town dashboard, the largest village's household list, a benefit cycle for the "
            "whole county, the villages' documents with one and two workers, the export of everyone (peak memory), "
            "backup and restore. Changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--compare-url", default="",
                            help="the database of the demo town alone, measured first in a subprocess")
        parser.add_argument("--sections", default=",".join(name for name, _function in SECTIONS),
                            help="comma-separated sections (default: all)")
        parser.add_argument("--period", default="2025", help="the dashboard's period and the cycles' year")
        parser.add_argument("--board-period", default="2025Q4", help="the disclosure boards' period")
        parser.add_argument("--repeat", type=int, default=10, help="requests timed per page after the first")
        parser.add_argument("--cycle-processes", type=int, default=os.cpu_count() or 1,
                            help="processes computing the towns' benefit cycles side by side (default: the cores)")
        parser.add_argument("--villages", type=int, default=0,
                            help="villages whose documents are built (default: the first town's)")
        parser.add_argument("--no-workers", action="store_true", help="skip the sections that need Celery workers")
        parser.add_argument("--export-formats", default="csv,xlsx",
                            help="the formats of the export of everyone (default csv,xlsx; xlsx is the slow one)")
        parser.add_argument("--json", action="store_true", help="print the rows as JSON (for --compare-url)")

    def handle(self, *args, **options):
        names = [name.strip() for name in options["sections"].split(",") if name.strip()]
        unknown = set(names) - {name for name, _function in SECTIONS}
        if unknown:
            raise CommandError(f"Unknown sections: {', '.join(sorted(unknown))}.")
        compared = self._compare(options) if options["compare_url"] else None
        measured = self._measure(names, options)
        if options["json"]:
            self.stdout.write(json.dumps(measured))
        else:
            self._print(measured, compared)

    def _measure(self, names: list[str], options: dict) -> dict:
        county = (County.objects.annotate(n=Count("towns")).filter(n__gt=0).order_by("-n", "code").first()
                  or demo_town(self.stderr).county)
        scale = Scale(county=county, town=county.towns.order_by("code").first(), options=options,
                      say=lambda line: self.stderr.write(f"  {line}"))
        load = [os.getloadavg()[0]]
        rows = []
        for name, section in SECTIONS:
            if name in names:
                scale.say(f"{name} on {connection.settings_dict['NAME']}, {scale.town.name} …")
                rows += section(scale)
                load.append(os.getloadavg()[0])
        people = Household.objects.filter(town__county=county).aggregate(n=Count("pk"))["n"]
        return {"database": connection.vendor, "county": f"{county.name}: {county.towns.count()} towns, "
                f"{Village.objects.filter(town__county=county).count()} villages, {people} households",
                "town": scale.town.name, "load": load, "notes": scale.notes, "rows": [asdict(row) for row in rows]}

    def _compare(self, options: dict) -> dict:
        arguments = [sys.executable, str(settings.BASE_DIR / "manage.py"), "benchmark_county", "--json",
                     "--sections", options["sections"], "--period", options["period"], "--board-period",
                     options["board_period"], "--repeat", str(options["repeat"]),
                     "--villages", str(options["villages"]), "--export-formats", options["export_formats"]]
        if options["no_workers"]:
            arguments.append("--no-workers")
        self.stderr.write("Measuring the database of --compare-url first …")
        done = subprocess.run(arguments, env={**os.environ, "DATABASE_URL": options["compare_url"]},
                              capture_output=True, text=True, cwd=settings.BASE_DIR)
        self.stderr.write(done.stderr)
        if done.returncode:
            raise CommandError("The comparison run failed (see above).")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def _print(self, measured: dict, compared: dict | None) -> None:
        for label, run in (("demo town alone", compared), ("county", measured)):
            if run:
                self.stdout.write(f"{label}: {run['county']}; town measured: {run['town']}; load average "
                                  f"{' → '.join(f'{load:.2f}' for load in run['load'])} ({os.cpu_count()} CPUs)")
                for note in run["notes"]:
                    self.stdout.write(f"  {note}")
        before = {row["key"]: row for row in compared["rows"]} if compared else {}
        table = [("measure", "demo town alone", "county (town inside it)", "target", "met?")]
        for row in measured["rows"]:
            town = before.get(row["key"], {}).get("value") if row["compared"] else None
            table.append((row["measure"], _shown(town, row["unit"]), _shown(row["value"], row["unit"]),
                          _target(row), _met(row, town)))
            if row["note"]:
                table[-1] = (f"{row['measure']} ({row['note']})", *table[-1][1:])
        widths = [max(len(line[column]) for line in table) for column in range(5)]
        for index, line in enumerate(table):
            self.stdout.write(" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
            if index == 0:
                self.stdout.write("-+-".join("-" * width for width in widths))


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "x":
        return f"{value:.2f}×"
    if value < 10:
        return f"{value:.2f} {unit}"
    return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def _target(row: dict) -> str:
    if row["rule"] == "town":
        return f"≤ {row['limit']}× demo town"
    if row["rule"] == "max":
        return f"≤ {_shown(row['limit'], row['unit'])}"
    if row["rule"] == "min":
        return f"≥ {_shown(row['limit'], row['unit'])}"
    return ""


def _met(row: dict, town: float | None) -> str:
    value, limit = row["value"], row["limit"]
    if row["rule"] == "town":
        return "—" if town is None or value is None else ("yes" if value <= limit * town else "NO")
    if row["rule"] == "max":
        return "yes" if value <= limit else "NO"
    if row["rule"] == "min":
        return "yes" if value >= limit else "NO"
    return ""
