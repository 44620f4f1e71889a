"""Print the registry's speed on the demo town: demo build, household list page and API, import.

The demo town is loaded first if it is not there; `--rebuild` times building its registry again
(the town's registry rows removed and built anew). Everything runs inside transactions that are
rolled back, so the database is left as it was.
"""

import datetime
import io
import statistics
import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from demo import registry
from demo.benchmarks import OFFICE, acting_user, demo_town, rolled_back
from members import queries_asof
from members.actions.imports import import_registry
from members.identity import fictitious_id_number
from members.import_check import COLUMNS, Checker, read_rows
from members.models import Household
from villages.models import User


class Command(BaseCommand):
    help = "Measure the registry on the demo town (list page, API list, import of 10,000 people, demo build)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="time building the demo registry again")
        parser.add_argument("--repeat", type=int, default=21, help="requests timed per list (default 21)")
        parser.add_argument("--people", type=int, default=10_000, help="people in the timed import (default 10,000)")

    def handle(self, *args, rebuild, repeat, people, **options):
        town = demo_town(self.stdout)
        if rebuild:
            self._rebuild(town)
        else:
            self.stdout.write("demo build: already loaded (use --rebuild to time it)")
        registered = sum(queries_asof.registered_people(town.pk, registry.REFERENCE_DATE).values())
        women = sum(queries_asof.married_women_of_childbearing_age(town.pk, registry.REFERENCE_DATE).values())
        self.stdout.write(f"registered people on {registry.REFERENCE_DATE}: {registered}; "
                          f"married women 15-49 that day: {women}")
        village = (Household.objects.filter(town=town).values("village").order_by()
                   .annotate(n=Count("pk")).order_by("-n").first())
        self._pages(town, village["village"], village["n"], max(repeat, 1))
        self._import(town, max(people // 4, 1) * 4)

    def _rebuild(self, town):
        with rolled_back():
            _wipe_registry(town)
            started = time.perf_counter()
            written = registry.build(town)
            self.stdout.write(f"demo build: {written} people records in {time.perf_counter() - started:.1f} s")

    def _pages(self, town, village_id, households, repeat):
        with rolled_back():
            specialist, _ = acting_user("benchmark-specialist", User.Role.SPECIALIST, village_id=village_id)
            office, _ = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
            self.stdout.write(f"largest village: {households} households")
            for label, user, url in [
                ("household list page (village)", specialist, reverse("members:households")),
                ("household list API (village)", specialist, "/api/v1/households/"),
                ("household list page (whole town, town office)", office, reverse("members:households")),
                ("household list API (whole town, town office)", office, "/api/v1/households/"),
                ("people list API (village, sensitive, logged)", specialist, "/api/v1/persons/"),
            ]:
                self._measure(label, user, url, repeat)

    def _measure(self, label, user, url, repeat):
        timing = time_list(user, url, {}, repeat)
        self.stdout.write(f"{label}: median {timing.median_ms:.1f} ms, max {timing.max_ms:.1f} ms over {repeat} "
                          f"requests; queries with 10 / 100 rows: {timing.queries[10]} / {timing.queries[100]}")

    def _import(self, town, people):
        village = town.villages.order_by("code").first()
        content = _import_file(village, people)
        with rolled_back():
            user, _ = acting_user("benchmark-importer", User.Role.SPECIALIST, village=village)
            started = time.perf_counter()
            rows = read_rows(_Upload("import.xlsx", content))
            check = Checker(user=user, villages=[village]).check(rows)
            checked = time.perf_counter() - started
            assert check.ok, check.errors[:3]
            created, added = import_registry(check=check, by=user)
            total = time.perf_counter() - started
            self.stdout.write(f"import of {added} people in {created} households: read and checked in "
                              f"{checked:.1f} s, saved in {total - checked:.1f} s, total {total:.1f} s")


@dataclass(frozen=True)
class ListTiming:
    median_ms: float
    max_ms: float
    queries: dict[int, int]  # rows per page: queries


def time_list(user: User, url: str, params: dict, repeat: int) -> ListTiming:
    """The queries of a list page (or API list) with 10 and 100 rows, then `repeat` requests over its first pages."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    size_param = "page_size" if url.startswith("/api/") else "per_page"
    queries = {}
    for size in (10, 100):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {**params, size_param: size})
            assert response.status_code == 200, response.status_code
        queries[size] = len(captured)
    timings = []
    for index in range(repeat):
        started = time.perf_counter()
        client.get(url, {**params, "page": 1 + index % 5})
        timings.append((time.perf_counter() - started) * 1000)
    return ListTiming(median_ms=statistics.median(timings), max_ms=max(timings), queries=queries)


class _Upload(io.BytesIO):
    def __init__(self, name, content):
        super().__init__(content)
        self.name = name


def _import_file(village, people: int) -> bytes:
    """Households of four (a couple and two children) with fictitious numbers no demo person holds."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([key for key, _label, _required in COLUMNS])
    group = village.groups.order_by("number").first()
    for index in range(people // 4):
        base = datetime.date(1970, 1, 1) + datetime.timedelta(days=index * 3)
        serial = 400 + index % 90
        members = [("M", base, "02", "20"), ("F", base + datetime.timedelta(days=400), "12", "20"),
                   ("F", base + datetime.timedelta(days=9000), "30", "10"),
                   ("M", base + datetime.timedelta(days=9900), "20", "10")]
        for number, (sex, born, relation, marital) in enumerate(members):
            sheet.append([f"B{index:05d}", village.name if number == 0 else "", group.number, "", "", "", "",
                          f"测试{index}{number}", fictitious_id_number(born, sex, serial), sex, born.isoformat(), "",
                          relation, marital, "", ""])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _wipe_registry(town) -> None:
    """Remove the town's registry rows (raw deletes: the app itself never deletes people). Only inside a
    transaction rolled back: the foreign keys of the rows that refer to people are checked at commit."""
    with connection.cursor() as cursor:
        people = "SELECT id FROM members_person WHERE town_id = %s"
        households = "SELECT id FROM members_household WHERE town_id = %s"
        cursor.execute(f"DELETE FROM members_familycategory WHERE household_id IN ({households})", [town.pk])
        cursor.execute(f"DELETE FROM members_vitalevent WHERE household_id IN ({households})", [town.pk])
        cursor.execute("UPDATE members_person SET mother_id = NULL, father_id = NULL WHERE town_id = %s", [town.pk])
        cursor.execute(f"DELETE FROM members_historicalperson WHERE id IN ({people})", [town.pk])
        cursor.execute("DELETE FROM members_person WHERE town_id = %s", [town.pk])
        cursor.execute(f"DELETE FROM members_historicalhousehold WHERE id IN ({households})", [town.pk])
        cursor.execute("DELETE FROM members_household WHERE town_id = %s", [town.pk])
