"""Opening and computing benefit cycles: idempotent, set-based, never paying anyone twice."""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from incentives.models import Cycle, Entitlement, Hold, Policy, Rate
from incentives.rules import amounts, inputs, rule_of
from incentives.rules.definition import village_names
from incentives.rules.run import run_many
from incentives.rules.words import describe
from villages.models import Town, User
from villages.periods import Period
from villages.roles import require_town_office

BATCH = 2000


@dataclass
class ComputeResult:
    new: int = 0
    kept: int = 0  # already computed, left exactly as they were
    differing: int = 0  # already computed, and the amount would now differ
    no_longer_eligible: int = 0  # already computed, and no longer eligible
    without_rate: int = 0


@transaction.atomic
def open_cycle(*, policy: Policy, period: str, by: User | None) -> Cycle:
    """The policy's cycle for the period; opening it again returns the same cycle."""
    require_town_office(by, policy.town_id)
    parsed = Period.parse(period)
    if policy.is_proposal:
        raise ValidationError({"policy": _("The policy is only proposed: adopt it before running cycles.")})
    if parsed.kind != policy.frequency:
        raise ValidationError({"period": _("This policy runs %(frequency)s cycles.") % {
            "frequency": policy.get_frequency_display()}})
    if parsed.starts_on > timezone.localdate():
        raise ValidationError({"period": _("The period has not begun yet.")})
    if not amounts.evaluation_days(policy, parsed):
        raise ValidationError({"period": _("The policy is not in force in this period.")})
    cycle, _created = Cycle.objects.get_or_create(
        policy=policy, period=str(parsed),
        defaults={"starts_on": parsed.starts_on, "ends_on": parsed.ends_on, "created_by": by})
    return cycle


@transaction.atomic
def compute_cycle(*, cycle: Cycle, by: User | None) -> ComputeResult:
    """Add the entitlements that are new since the last computation; never change or remove any.

    The cycle row is locked first, so two workers computing at once take turns and the second
    finds everything already there; the unique constraints are the last guard.
    """
    return compute_cycles(cycles=[cycle], by=by)[cycle.pk]


@transaction.atomic
def compute_cycles(*, cycles: list[Cycle], by: User | None) -> dict[int, ComputeResult]:
    """`compute_cycle` for several cycles at once, all or none, with the results by cycle.

    A town's year cycles of every policy take a few dozen queries, not a dozen a cycle: the rows are locked,
    read and written together, and the village policies alike but for their village are judged together.
    A cycle whose inputs have not changed since its last computation (`incentives.rules.inputs`) is not judged
    again: its result is the last one, everything in it computed already.
    """
    for town_id in sorted({cycle.policy.town_id for cycle in cycles}):
        require_town_office(by, town_id)
    locked = list(Cycle.objects.select_for_update(of=("self",)).select_related("policy")
                  .filter(pk__in={cycle.pk for cycle in cycles}).order_by("pk"))
    closed = [str(cycle) for cycle in locked if cycle.status == Cycle.Status.CLOSED]
    if closed:
        raise ValidationError({"cycle": _("The cycle is closed.") if len(locked) == 1 else
                               _("These cycles are closed: %(cycles)s.") % {"cycles": ", ".join(closed)}})
    rules = _rules([cycle.policy for cycle in locked])
    mark = inputs.current_mark()  # before the rules are judged: a change made meanwhile moves the next mark
    unchanged = {cycle.pk for cycle in locked if inputs.unchanged(cycle.inputs_mark, mark, rules[cycle.policy_id][1])}
    found = {}
    for period in {cycle.period for cycle in locked}:
        found[period] = run_many([rules[c.policy_id] for c in locked if c.period == period and c.pk not in unchanged],
                                 Period.parse(period))
    existing = _existing([cycle for cycle in locked if cycle.pk not in unchanged])
    holds = _open_holds([cycle.policy for cycle in locked])
    now = timezone.now()
    results, new = {}, []
    for cycle in locked:
        policy = cycle.policy
        cycle.inputs_mark = inputs.stored(mark, rules[policy.pk][1])
        if cycle.pk in unchanged:  # the same inputs as last time: the same candidates, all computed already
            last = cycle.last_result
            result = ComputeResult(kept=last["kept"] + last["new"], differing=last["differing"],
                                   no_longer_eligible=last["no_longer_eligible"], without_rate=last["without_rate"])
            _computed(cycle, result, rules[policy.pk][0], by, now)
            results[cycle.pk] = result
            continue
        candidates = found[cycle.period][policy.pk].candidates
        result = ComputeResult(without_rate=found[cycle.period][policy.pk].without_rate)
        earlier, held = existing[cycle.pk], holds[policy.pk]
        fresh = []
        for candidate in candidates:
            if candidate.key in earlier:
                result.kept += 1
                result.differing += earlier[candidate.key] != candidate.amount
                continue
            fresh.append(_entitlement(cycle, candidate, held.get(candidate.key), now))
        result.new = len(fresh)
        result.no_longer_eligible = len(set(earlier) - {c.key for c in candidates})
        if cycle.status == Cycle.Status.APPROVED and any(e.status == Entitlement.Status.PENDING for e in fresh):
            cycle.status = Cycle.Status.OPEN
        _computed(cycle, result, rules[policy.pk][0], by, now)
        new += fresh
        results[cycle.pk] = result
    bulk_create_with_history(new, Entitlement, batch_size=BATCH, default_user=by, default_date=now)
    bulk_update_with_history(locked, Cycle, ["computed_at", "computed_by", "rule_snapshot", "last_result", "status",
                                             "version", "inputs_mark"], batch_size=BATCH, default_user=by,
                             default_date=now)
    return results


def _computed(cycle: Cycle, result: ComputeResult, rule, by: User | None, now: datetime.datetime) -> None:
    cycle.computed_at, cycle.computed_by = now, by
    cycle.rule_snapshot = [str(describe(c, rule.village_names)) for c in rule.conditions]
    cycle.last_result = asdict(result)
    cycle.version += 1


@dataclass
class PeriodResult:
    """A town's cycles of one period opened and computed at once: how many, and what the computation found."""

    cycles: int = 0  # cycles of the period, opened now or before
    closed: int = 0  # of which closed already, so left alone
    new: int = 0
    kept: int = 0
    differing: int = 0
    no_longer_eligible: int = 0
    without_rate: int = 0


@transaction.atomic
def compute_period(*, town: Town, period: str, by: User | None) -> PeriodResult:
    """Open the cycle of every adopted policy of the town in force in the period (of its kind: a year, a quarter
    or a month), then compute all those not closed, together. What one cycle's computation does, for a whole
    period in one step: opening or computing again adds only what is new."""
    require_town_office(by, town.pk)
    parsed = Period.parse(period)
    if parsed.starts_on > timezone.localdate():
        raise ValidationError({"period": _("The period has not begun yet.")})
    policies = [policy for policy in Policy.objects.filter(town=town, frequency=parsed.kind).in_force_between(
        parsed.starts_on, parsed.ends_on).order_by("pk") if amounts.evaluation_days(policy, parsed)]
    if not policies:
        raise ValidationError({"period": _("No policy of the town runs cycles in this period.")})
    cycles = _open_cycles(policies, parsed, by)
    computed = [cycle for cycle in cycles if cycle.status != Cycle.Status.CLOSED]
    total = PeriodResult(cycles=len(cycles), closed=len(cycles) - len(computed))
    for result in (compute_cycles(cycles=computed, by=by) if computed else {}).values():
        for name, value in asdict(result).items():
            setattr(total, name, getattr(total, name) + value)
    return total


def _open_cycles(policies: list[Policy], period: Period, by: User | None) -> list[Cycle]:
    """The policies' cycles of the period, the missing ones opened in one insert (as `open_cycle` opens one); when
    someone opened one of them meanwhile, one by one instead."""
    found = {cycle.policy_id: cycle for cycle in Cycle.objects.filter(policy__in=policies, period=str(period))}
    missing = [Cycle(policy=policy, period=str(period), starts_on=period.starts_on, ends_on=period.ends_on,
                     created_by=by) for policy in policies if policy.pk not in found]
    try:
        with transaction.atomic():
            bulk_create_with_history(missing, Cycle, batch_size=BATCH, default_user=by)
    except IntegrityError:
        return [open_cycle(policy=policy, period=str(period), by=by) for policy in policies]
    found |= {cycle.policy_id: cycle for cycle in missing}
    return [found[policy.pk] for policy in policies]


def _rules(policies: list[Policy]) -> dict[int, tuple]:
    """Each policy's rule and rates, read for all of them at once."""
    prefetch_related_objects(policies, "conditions", Prefetch("rates", queryset=Rate.objects.order_by("valid_from")))
    names = village_names([(p, list(p.conditions.all())) for p in policies])
    return {p.pk: (rule_of(p, list(p.conditions.all()), names), list(p.rates.all())) for p in policies}


def _existing(cycles: list[Cycle]) -> dict[int, dict[int, Decimal]]:
    """Each cycle's entitlements computed earlier, by recipient (a person, or a household), with their amounts.
    Read without the default ordering, which would join and sort."""
    existing = {cycle.pk: {} for cycle in cycles}
    persons = {cycle.pk for cycle in cycles if cycle.policy.for_persons}
    rows = Entitlement.objects.filter(cycle__in=[c.pk for c in cycles]).order_by()
    for cycle_id, person_id, household_id, amount in rows.values_list("cycle_id", "person_id", "household_id",
                                                                      "amount"):
        existing[cycle_id][person_id if cycle_id in persons else household_id] = amount
    return existing


def _open_holds(policies: list[Policy]) -> dict[int, dict[int, Hold]]:
    holds = {policy.pk: {} for policy in policies}
    persons = {policy.pk for policy in policies if policy.for_persons}
    for hold in Hold.objects.filter(policy__in=list(holds), ended_on__isnull=True):
        if hold.policy_id in persons and hold.person_id:
            holds[hold.policy_id][hold.person_id] = hold
        elif hold.policy_id not in persons and hold.person_id is None:
            holds[hold.policy_id][hold.household_id] = hold
    return holds


def _entitlement(cycle: Cycle, candidate, hold: Hold | None, now: datetime.datetime) -> Entitlement:
    entitlement = Entitlement(
        cycle=cycle, policy_id=cycle.policy_id, period=cycle.period, village_id=candidate.village_id,
        household_id=candidate.household_id, person_id=candidate.person_id, rate=candidate.rate,
        unit_amount=candidate.rate.amount, unit=candidate.rate.unit, months=candidate.months,
        month_mask=amounts.mask_text(candidate.mask), occasions=candidate.occasions, amount=candidate.amount,
        computed_at=now)
    if hold is not None:
        entitlement.status, entitlement.hold = hold.kind, hold
        entitlement.status_reason = hold.reason
        entitlement.status_before_hold = Entitlement.Status.PENDING
    return entitlement
