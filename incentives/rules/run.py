"""A whole town at once: who is owed what under a policy for a period, in a few set-based queries.

One query per judged day (the period's last day, or each month's last day when pro-rated),
one for the occasions, one for earlier once-only grants; village policies alike but for their
village share their queries. Used to compute cycles and forecasts.
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
    return run_many([(rule, rates)], period, exclude_once_granted=exclude_once_granted)[policy.pk]


def run_many(rules: list[tuple[Rule, list[Rate]]], period: Period, *, exclude_once_granted: bool = True
             ) -> dict[int, Run]:
    """Several policies' runs for one period, by policy. The village policies of a town whose rules differ only
    in their village (the same kind adopted by thirty villages) are judged together: one query a day over all
    their villages, the rows then shared out by village, instead of one query a day for each village."""
    results = {}
    for batch in _batches(rules, period):
        days = amounts.evaluation_days(batch[0][0].policy, period)
        found = _eligible_days([rule for rule, _rates in batch], days)
        for rule, rates in batch:
            seen, eligible_days = found[rule.policy.pk]
            results[rule.policy.pk] = _run(rule.policy, period, rates, days, seen, eligible_days,
                                           exclude_once_granted=exclude_once_granted)
    return results


def _batches(rules: list[tuple[Rule, list[Rate]]], period: Period) -> list[list[tuple[Rule, list[Rate]]]]:
    batches = defaultdict(list)
    for rule, rates in rules:
        policy = rule.policy
        key = (policy.town_id, policy.for_persons, tuple(amounts.evaluation_days(policy, period)), rule.signature()) \
            if policy.village_id else ("alone", policy.pk)
        batches[key].append((rule, rates))
    return list(batches.values())


def _eligible_days(rules: list[Rule], days: list[datetime.date]) -> dict[int, tuple[dict, dict]]:
    """For each policy: its eligible subjects (key: household, village, birth date) and the days each is eligible.

    One rule is asked as it is; several (village policies alike but for their village) are asked once, without
    their own village and over all of theirs, and each row goes to the policies of its village."""
    first = rules[0]
    for_persons = first.policy.for_persons
    fields = ("pk", "household_id", "household__village_id", "birth_date") if for_persons \
        else ("pk", "pk", "village_id", "registered_on")
    found = {rule.policy.pk: ({}, defaultdict(set)) for rule in rules}
    if len(rules) == 1:
        query, owners = first, None
    else:
        query, owners = first.without_own_village(), defaultdict(list)
        for rule in rules:
            owners[rule.policy.village_id].append(found[rule.policy.pk])
    villages = {"household__village_id__in" if for_persons else "village_id__in": list(owners)} if owners else {}
    for day in days:
        for pk, household_id, village_id, born in eligible(query, day).filter(**villages).values_list(*fields):
            for seen, eligible_days in owners[village_id] if owners else found.values():
                seen[pk] = (household_id, village_id, born if for_persons else None)
                eligible_days[pk].add(day)
    return found


def _run(policy: Policy, period: Period, rates: list[Rate], days: list[datetime.date], seen: dict,
         eligible_days: dict, *, exclude_once_granted: bool) -> Run:
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
