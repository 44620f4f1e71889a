"""A whole town at once: who is owed what under a policy for a period, in a few set-based queries.

One query per judged day (the period's last day, or each month's last day when pro-rated),
one for the occasions, one for earlier once-only grants. Used to compute cycles and forecasts.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from incentives.models import Entitlement, Fact, Policy, Rate
from incentives.rules import amounts
from incentives.rules.compile import eligible
from incentives.rules.definition import Rule, rule_of
from villages.periods import Period


@dataclass
class Candidate:
    person_id: int | None
    household_id: int
    village_id: int
    mask: list[bool]
    rate: Rate
    amount: Decimal
    occasions: int | None = None

    @property
    def key(self) -> int:
        return self.person_id if self.person_id is not None else self.household_id

    @property
    def months(self) -> int:
        return sum(self.mask)


@dataclass
class Run:
    candidates: list[Candidate]
    days: list[datetime.date]
    without_rate: int = 0  # eligible, but no rate is valid on their day


def run(policy: Policy, period: Period, *, rule: Rule | None = None, rates: list[Rate] | None = None,
        exclude_once_granted: bool = True) -> Run:
    rule = rule or rule_of(policy)
    rates = rates if rates is not None else list(policy.rates.order_by("valid_from"))
    days = amounts.evaluation_days(policy, period)
    seen = {}
    eligible_days = defaultdict(set)
    for day in days:
        fields = ("pk", "household_id", "household__village_id", "birth_date") if policy.for_persons \
            else ("pk", "pk", "village_id", "registered_on")
        for pk, household_id, village_id, born in eligible(rule, day).values_list(*fields):
            seen[pk] = (household_id, village_id, born if policy.for_persons else None)
            eligible_days[pk].add(day)
    occasions = _occasions(policy, period, rates, set(seen)) if any(r.unit == Rate.Unit.OCCASION for r in rates) \
        else {}
    granted = _granted_once(policy, period) if exclude_once_granted and any(r.unit == Rate.Unit.ONCE for r in rates) \
        else set()
    result = Run(candidates=[], days=days)
    # In key order, so that the same registry gives the same rows in the same order on any database.
    for pk, (household_id, village_id, born) in sorted(seen.items()):
        mask = amounts.month_mask(policy, period, eligible_days[pk], born)
        reference = max(eligible_days[pk])
        rate = amounts.rate_on(rates, reference)
        if rate is None:
            result.without_rate += 1
            continue
        if rate.unit == Rate.Unit.ONCE and pk in granted:
            continue
        count = None
        if rate.unit == Rate.Unit.OCCASION:
            count = occasions.get(pk, 0)
            if not count:
                continue
        result.candidates.append(Candidate(
            person_id=pk if policy.for_persons else None, household_id=household_id, village_id=village_id,
            mask=mask, rate=rate, amount=amounts.amount_for(rate, sum(mask), count or 0), occasions=count))
    return result


def _occasions(policy: Policy, period: Period, rates: list[Rate], keys: set[int]) -> dict[int, int]:
    kinds = {r.occasion_kind for r in rates if r.unit == Rate.Unit.OCCASION}
    key = "person_id" if policy.for_persons else "household_id"
    rows = (Fact.objects.active().filter(kind__in=kinds, village__town_id=policy.town_id,
                                         occurred_on__gte=period.starts_on, occurred_on__lte=period.ends_on)
            .values(key).annotate(n=Count("pk")).values_list(key, "n"))
    return {k: n for k, n in rows if k in keys}


def _granted_once(policy: Policy, period: Period) -> set[int]:
    key = "person_id" if policy.for_persons else "household_id"
    return set(Entitlement.objects.filter(policy=policy).exclude(period=str(period)).values_list(key, flat=True))
