import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import actions
from assessments.models import Assessment, Scheme
from assessments.queries import quarterly_report_context
from demo.benchmarks import OFFICE, acting_user, demo_town, rolled_back
from villages.models import User
from villages.periods import QUARTER, Period


class Command(BaseCommand):
    help = ("Time scoring a quarter's computed items for the whole demo town (target: 5 s at most), "
            "and building the quarterly report data; changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--villages", type=int, default=0,
                            help="villages whose report data is built one by one (default: all)")

    def handle(self, *args, **options):
        town = demo_town(self.stdout)
        scheme = Scheme.objects.filter(town=town, subject=Scheme.Subject.VILLAGE).order_by("-year").first()
        villages = list(town.villages.all())
        with rolled_back():
            assessor, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
            # Put the fourth quarter back to draft inside a transaction that is rolled back.
            Assessment.objects.filter(scheme=scheme, period="Q4").update(status=Assessment.Status.DRAFT)
            Scheme.objects.filter(pk=scheme.pk).update(frozen_at=None)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                written = actions.compute_indicators_for_period(scheme=scheme, period="Q4", computed_by=assessor)
            seconds = time.perf_counter() - started
        self.stdout.write(
            f"compute_indicators_for_period: {len(villages)} villages, {written} computed item scores, "
            f"{len(queries)} queries, {seconds:.3f} s (target <= 5 s)")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            quarterly_report_context(town, Period(QUARTER, scheme.year, 4))
        self.stdout.write(f"quarterly_report_context (town): {len(queries)} queries, "
                          f"{time.perf_counter() - started:.3f} s")
        started = time.perf_counter()
        villages = villages[:options["villages"] or None]
        with CaptureQueriesContext(connection) as queries:
            for village in villages:
                quarterly_report_context(town, Period(QUARTER, scheme.year, 4), village)
        self.stdout.write(f"quarterly_report_context ({len(villages)} villages): {len(queries)} queries, "
                          f"{time.perf_counter() - started:.3f} s")
