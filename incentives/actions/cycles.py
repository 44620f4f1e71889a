"""Opening and computing benefit cycles: idempotent, set-based, never paying anyone twice."""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from incentives.models import Cycle, Entitlement, Hold, Policy
from incentives.rules import amounts, rule_of
from incentives.rules.run import run
from incentives.rules.words import describe
from villages.models import User
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
    require_town_office(by, cycle.policy.town_id)
    cycle = Cycle.objects.select_for_update(of=("self",)).select_related("policy").get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        raise ValidationError({"cycle": _("The cycle is closed.")})
    policy = cycle.policy
    rule = rule_of(policy)
    found = run(policy, Period.parse(cycle.period), rule=rule)
    key = "person_id" if policy.for_persons else "household_id"
    existing = dict(cycle.entitlements.order_by().values_list(key, "amount"))  # no ordering: no joins
    holds = _open_holds(policy)
    now = timezone.now()
    result = ComputeResult(without_rate=found.without_rate)
    new = []
    for candidate in found.candidates:
        if candidate.key in existing:
            result.kept += 1
            result.differing += existing[candidate.key] != candidate.amount
            continue
        new.append(_entitlement(cycle, candidate, holds.get(candidate.key), now))
    bulk_create_with_history(new, Entitlement, batch_size=BATCH, default_user=by, default_date=now)
    result.new = len(new)
    result.no_longer_eligible = len(set(existing) - {c.key for c in found.candidates})
    cycle.computed_at, cycle.computed_by = now, by
    cycle.rule_snapshot = [str(describe(c)) for c in rule.conditions]
    cycle.last_result = asdict(result)
    if cycle.status == Cycle.Status.APPROVED and any(e.status == Entitlement.Status.PENDING for e in new):
        cycle.status = Cycle.Status.OPEN
    cycle.version += 1
    cycle._history_user = by
    cycle.save(update_fields=["computed_at", "computed_by", "rule_snapshot", "last_result", "status", "version"])
    return result


def _open_holds(policy: Policy) -> dict[int, Hold]:
    holds = Hold.objects.filter(policy=policy, ended_on__isnull=True)
    if policy.for_persons:
        return {hold.person_id: hold for hold in holds if hold.person_id}
    return {hold.household_id: hold for hold in holds if hold.person_id is None}


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
