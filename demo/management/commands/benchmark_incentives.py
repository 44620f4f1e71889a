"""How fast benefits are computed for the whole demo town. Changes nothing: everything is rolled back."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from demo.benchmarks import OFFICE, acting_user, demo_town, rolled_back
from incentives import actions, queries
from incentives.models import Entitlement, Policy
from members.models import Household, Person
from villages.models import User
from villages.periods import Period

POLICIES = ["town-one-child-health-fee", "national-rural-reward", "national-childcare-subsidy",
            "town-two-daughter-pension"]


class Command(BaseCommand):
    help = "Time computing yearly cycles for the whole demo town (set-based), recomputing, explaining, forecasting."

    def add_arguments(self, parser):
        parser.add_argument("--period", default="2025")
        parser.add_argument("--policies", default=",".join(POLICIES),
                            help="comma-separated codes of the policies whose cycles are timed (default: four)")

    def handle(self, *args, period, policies, **options):
        town = demo_town(self.stdout)
        households = Household.objects.filter(town=town).count()
        people = Person.objects.filter(town=town).count()
        self.stdout.write(_("%(town)s: %(households)d households, %(people)d people on %(vendor)s") % {
            "town": town.name, "households": households, "people": people, "vendor": connection.vendor})
        with rolled_back():
            self._cycles(town, period, [code.strip() for code in policies.split(",") if code.strip()])
            self._reads(town, period)

    def _cycles(self, town, period, codes):
        for code in codes:
            original = Policy.objects.get(town=town, code=code)
            policy = copy_policy(original)
            cycle = actions.open_cycle(policy=policy, period=period, by=None)
            started = time.perf_counter()
            first = actions.compute_cycle(cycle=cycle, by=None)
            computed = time.perf_counter() - started
            started = time.perf_counter()
            again = actions.compute_cycle(cycle=cycle, by=None)
            recomputed = time.perf_counter() - started
            self.stdout.write(_(
                "%(policy)s (%(beneficiary)s, %(days)d judged days): computed %(new)d entitlements in %(first).2f s; "
                "recomputed unchanged (%(kept)d kept, %(again)d new) in %(second).2f s") % {
                "policy": original.name, "beneficiary": original.get_beneficiary_display(),
                "days": 12 if policy.proration == Policy.Proration.MONTHS else 1, "new": first.new,
                "first": computed, "kept": again.kept, "again": again.new, "second": recomputed})

    def _reads(self, town, period):
        office, _created = acting_user(OFFICE, User.Role.TOWN_OFFICE, town=town)
        household = Entitlement.objects.filter(policy__town=town).order_by("pk").values_list("household",
                                                                                              flat=True).first()
        household = Household.objects.select_related("village").get(pk=household)
        started = time.perf_counter()
        cards = queries.household_benefits(office, household, int(period[:4]))
        explained = time.perf_counter() - started
        judged = sum(len(card.explanations) for card in cards)
        self.stdout.write(_("Explaining one household: %(policies)d policies, %(judged)d judgements in %(seconds).3f s")
                          % {"policies": len(cards), "judged": judged, "seconds": explained})
        policy = Policy.objects.get(town=town, code="national-rural-reward")
        started = time.perf_counter()
        forecast = queries.forecast(office, policy, years=5, first_year=int(period[:4]) + 1)
        self.stdout.write(_("Forecast of %(policy)s for 5 years, %(villages)d villages: %(seconds).2f s") % {
            "policy": policy.name, "villages": len(forecast.rows), "seconds": time.perf_counter() - started})
        started = time.perf_counter()
        rows = queries.benefits_by_policy(office, int(period[:4]))
        queries.benefits_by_village(office, int(period[:4]))
        queries.village_policy_kinds(office, Period.parse(period))
        self.stdout.write(_("Figures for %(rows)d policy rows: %(seconds).3f s") % {
            "rows": len(rows), "seconds": time.perf_counter() - started})


def copy_policy(policy: Policy) -> Policy:
    """A copy of the policy, its rates and conditions under a new code: its cycles start with nothing computed."""
    copy = actions.create_policy(
        town=policy.town, by=None, code=f"{policy.code}-benchmark",
        **{name: getattr(policy, name) for name in actions.policies.POLICY_FIELDS if name != "code"})
    for rate in policy.rates.all():
        actions.add_rate(policy=copy, amount=rate.amount, unit=rate.unit, valid_from=rate.valid_from,
                         valid_until=rate.valid_until, occasion_kind=rate.occasion_kind, by=None)
    for condition in policy.conditions.all():
        actions.add_condition(policy=copy, by=None, **{name: getattr(condition, name)
                                                       for name in actions.policies.CONDITION_FIELDS})
    return copy
