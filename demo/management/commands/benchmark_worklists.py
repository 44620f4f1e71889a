import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from association.models import AssociationMember
from demo.benchmarks import acting_user, demo_town, rolled_back
from reports.queries.worklists import worklist
from villages.models import User


class Command(BaseCommand):
    help = ("Time each role's worklist (/todo/) on the demo town: the median server time of a page (target: "
            "200 ms at most) and its queries; changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="pages asked for per role (default 15)")

    def handle(self, *args, **options):
        town = demo_town(self.stdout)
        with rolled_back():
            for label, user in self._users(town):
                self._measure(label, user, options["runs"])

    def _users(self, town):
        # The village with the most association members, and a member of it given a login, inside the transaction.
        village = (town.villages.annotate(n=Count("association_members")).order_by("-n", "code").first())
        member = AssociationMember.objects.current().filter(village=village).order_by("pk").first()
        office, _made = acting_user("benchmark-office", User.Role.TOWN_OFFICE, town=town)
        specialist, _made = acting_user("benchmark-specialist", User.Role.SPECIALIST, village=village)
        users = [("town office", office), (f"specialist ({village.name})", specialist)]
        if member is not None:
            login, _made = acting_user("benchmark-member", User.Role.MEMBER, group=member.group)
            AssociationMember.objects.filter(user=login).update(user=None)
            AssociationMember.objects.filter(pk=member.pk).update(user=login)
            users.append(("association member", login))
        return users

    def _measure(self, label: str, user: User, runs: int) -> None:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        url = reverse("reports:todo")
        response = client.get(url)  # warm the caches
        assert response.status_code == 200, response.status_code
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            times.append(time.perf_counter() - started)
        items = sum(len(section.items) for section in worklist(user, timezone.localdate()))
        self.stdout.write(f"/todo/ {label}: {items} items, {len(queries)} queries, median "
                          f"{statistics.median(times) * 1000:.0f} ms over {runs} (target <= 200 ms)")
