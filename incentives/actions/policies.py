"""Writing policies: the policy itself, its rates, its rule and its evidence checklist."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from incentives.models import Condition, EvidenceItem, Policy, Rate
from villages.locking import claim, lock
from villages.models import Town, User
from villages.roles import require_town_office

POLICY_FIELDS = (
    "code", "name", "level", "issuing_body", "village", "kind", "beneficiary", "village_policy_kind", "frequency",
    "proration", "births_in_full", "uses_sensitive_data", "description", "adopted_on",
)


@transaction.atomic
def create_policy(*, town: Town, by: User | None, **fields) -> Policy:
    require_town_office(by, town.pk)
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unknown policy fields: {sorted(unknown)}")
    policy = Policy(town=town, **fields)
    policy._history_user = by
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def update_policy(*, policy: Policy, by: User | None, version: int | None = None, **changes) -> Policy:
    require_town_office(by, policy.town_id)
    policy = claim(policy, version)
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unknown policy fields: {sorted(unknown)}")
    if "beneficiary" in changes and changes["beneficiary"] != policy.beneficiary and policy.cycles.exists():
        raise ValidationError({"beneficiary": _("The beneficiary cannot change once a cycle was run.")})
    if changes.get("uses_sensitive_data") is False and any(c.is_sensitive for c in policy.conditions.all()):
        raise ValidationError({"uses_sensitive_data": _("Remove the conditions on sensitive data first.")})
    for name, value in changes.items():
        setattr(policy, name, value)
    _save(policy, by, [*changes])
    return policy


@transaction.atomic
def end_policy(*, policy: Policy, ended_on: datetime.date, reason: str, by: User | None,
               version: int | None = None) -> Policy:
    require_town_office(by, policy.town_id)
    policy = claim(policy, version)
    policy.ended_on, policy.end_reason = ended_on, (reason or "").strip()
    _save(policy, by, ["ended_on", "end_reason"])
    return policy


def _save(policy: Policy, by: User | None, fields: list[str]) -> None:
    policy._history_user = by
    policy.full_clean()
    policy.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def add_rate(*, policy: Policy, amount: Decimal, unit: str, valid_from: datetime.date, by: User | None,
             valid_until: datetime.date | None = None, occasion_kind: str = "", note: str = "") -> Rate:
    """A new rate from `valid_from`. An open-ended rate that began earlier ends the day before;
    any other overlap is refused. Entitlements keep the rate they were computed under."""
    require_town_office(by, policy.town_id)
    lock(policy)
    rate = Rate(policy=policy, amount=amount, unit=unit, valid_from=valid_from, valid_until=valid_until,
                occasion_kind=occasion_kind, note=note, created_by=by)
    rate.full_clean(validate_constraints=False)
    for other in policy.rates.select_for_update(of=("self",)).order_by("valid_from"):
        if other.valid_until is None and other.valid_from < valid_from:
            other.valid_until = valid_from - datetime.timedelta(days=1)
            other._history_user = by
            other.save(update_fields=["valid_until"])
        if rate.overlaps(other):
            raise ValidationError({"valid_from": _("The rate overlaps the rate valid from %(date)s.") % {
                "date": other.valid_from.isoformat()}})
    rate._history_user = by
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def correct_rate(*, rate: Rate, by: User | None, amount: Decimal | None = None,
                 valid_until: datetime.date | None = None, note: str | None = None) -> Rate:
    """Correct a rate nobody was paid under yet, or end it; a used rate's amount never changes."""
    require_town_office(by, rate.policy.town_id)
    rate = Rate.objects.select_for_update(of=("self",)).get(pk=rate.pk)
    fields = []
    if amount is not None and amount != rate.amount:
        if rate.entitlements.exists():
            raise ValidationError({"amount": _(
                "Entitlements were computed under this rate: end it and add a new rate instead.")})
        rate.amount = amount
        fields.append("amount")
    if valid_until is not None:
        rate.valid_until = valid_until
        fields.append("valid_until")
    if note is not None:
        rate.note = note
        fields.append("note")
    later = rate.policy.rates.exclude(pk=rate.pk)
    if any(rate.overlaps(other) for other in later):
        raise ValidationError({"valid_until": _("The rate would overlap another rate of the policy.")})
    rate._history_user = by
    rate.full_clean()
    rate.save(update_fields=fields or ["note"])
    return rate


CONDITION_FIELDS = ("target", "kind", "values", "minimum", "maximum", "date_from", "date_to", "on_date", "position")


@transaction.atomic
def add_condition(*, policy: Policy, by: User | None, **fields) -> Condition:
    require_town_office(by, policy.town_id)
    policy = lock(policy)
    if "position" not in fields:
        fields["position"] = (max((c.position for c in policy.conditions.all()), default=0)) + 1
    condition = Condition(policy=policy, **fields)
    condition._history_user = by
    condition.full_clean()
    condition.save()
    _touch(policy)
    return condition


@transaction.atomic
def update_condition(*, condition: Condition, by: User | None, **changes) -> Condition:
    require_town_office(by, condition.policy.town_id)
    condition.policy = lock(condition.policy)
    for name, value in changes.items():
        if name not in CONDITION_FIELDS:
            raise TypeError(f"unknown condition field: {name}")
        setattr(condition, name, value)
    condition._history_user = by
    condition.full_clean()
    condition.save()
    _touch(condition.policy)
    return condition


@transaction.atomic
def remove_condition(*, condition: Condition, by: User | None) -> Policy:
    """Conditions are rule text, not records about people: removed, with the history kept."""
    require_town_office(by, condition.policy.town_id)
    policy = lock(condition.policy)
    condition._history_user = by
    condition.delete()
    _touch(policy)
    return policy


def _touch(policy: Policy) -> None:
    """A rule change is a change of the policy: bump its version so concurrent editors notice."""
    policy.version += 1
    Policy.objects.filter(pk=policy.pk).update(version=policy.version)


@transaction.atomic
def add_evidence_item(*, policy: Policy, text: str, by: User | None, required: bool = True) -> EvidenceItem:
    require_town_office(by, policy.town_id)
    position = (max((e.position for e in policy.evidence.all()), default=0)) + 1
    item = EvidenceItem(policy=policy, text=(text or "").strip(), required=required, position=position)
    item._history_user = by
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def remove_evidence_item(*, item: EvidenceItem, by: User | None) -> Policy:
    require_town_office(by, item.policy.town_id)
    item._history_user = by
    item.delete()
    return item.policy
