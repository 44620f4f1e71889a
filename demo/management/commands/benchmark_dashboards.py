import statistics
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.benchmarks import acting_user, demo_town, rolled_back
from villages.models import User

LEADER = "benchmark-leader"


class Command(BaseCommand):
    help = ("Time each dashboard page and chart for the leadership on the demo town (target: median 150 ms at most "
            "on PostgreSQL, within 3x the raw SQL behind it): the first request, which computes the catalogue's "
            "figures for the compared periods, and the median of the next ones, which read them from the cache; "
            "beside them the raw SQL of the first request, executed again. Changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--period", default="2025", help="the period shown (default 2025)")
        parser.add_argument("--repeat", type=int, default=10, help="requests per page after the first")

    def handle(self, *args, **options):
        town = demo_town(self.stdout)
        village = town.villages.order_by("code").first()
        group = village.groups.order_by("number").first()
        period = options["period"]
        with rolled_back():
            leader, _created = acting_user(LEADER, User.Role.LEADERSHIP, town=town)
            client = Client(HTTP_HOST="localhost")
            client.force_login(leader)
            for label, url in [
                ("town overview", reverse("reports:town_overview")),
                ("village page", reverse("reports:village_overview", args=[village.pk])),
                ("group page", reverse("reports:group_overview", args=[group.pk])),
                ("chart: trend", reverse("reports:overview_chart", args=["trend"])),
                ("chart: ranking", reverse("reports:overview_chart", args=["ranking"])),
                ("chart: grid", reverse("reports:overview_chart", args=["grid"])),
                ("API: town", "/api/v1/dashboards/town/"),
            ]:
                self._measure(label, client, url, period, options["repeat"])
        cache.clear()

    def _measure(self, label, client, url, period, repeat):
        page = time_page(client, url, {"period": period}, repeat)
        self.stdout.write(
            f"{label}: first {page.first_ms:.0f} ms ({page.first_queries} queries; raw SQL of them {page.raw_ms:.0f} "
            f"ms, {page.first_ms / page.raw_ms if page.raw_ms else 0:.1f}x); then median {page.median_ms:.1f} ms "
            f"over {page.requests} ({'/'.join(str(c) for c in page.warm_queries)} queries) — target <= 150 ms")


@dataclass(frozen=True)
class PageTiming:
    first_ms: float  # the first request, with the cache empty
    median_ms: float  # of the next ones
    requests: int
    first_queries: int
    warm_queries: tuple[int, ...]  # the query counts seen after the first
    raw_ms: float  # the first request's SQL executed again, raw


def time_page(client: Client, url: str, params: dict, repeat: int, cold_runs: int = 1) -> PageTiming:
    """The first request of a page with the cache empty (the median of `cold_runs` such, the cache emptied before
    each), then the median of `repeat` more."""
    firsts = []
    for _run in range(max(1, cold_runs)):
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as first:
            response = client.get(url, params)
        firsts.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    cold = statistics.median(firsts)
    raw = _raw_sql_ms(first.captured_queries)
    timings, counts = [], set()
    for _run in range(max(1, repeat)):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as warm:
            client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        counts.add(len(warm))
    return PageTiming(first_ms=cold, median_ms=statistics.median(timings), requests=len(timings),
                      first_queries=len(first), warm_queries=tuple(sorted(counts)), raw_ms=raw)


def _raw_sql_ms(captured: list[dict]) -> float:
    """The statements of a request executed again, raw, one after the other (reads only: SELECTs)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute(sql)
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000
