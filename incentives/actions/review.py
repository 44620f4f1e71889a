"""The village reviews its entitlements; the town approves them, all or with exceptions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from incentives.actions.common import require_reason, transition
from incentives.models import Cycle, Entitlement
from villages.models import User, Village
from villages.roles import require_may_change, require_town_office

S = Entitlement.Status


def _update(entitlements: list[Entitlement], fields: list[str], by: User | None) -> int:
    return bulk_update_with_history(entitlements, Entitlement, fields, batch_size=2000, default_user=by,
                                    default_date=timezone.now()) or len(entitlements)


def _open(cycle: Cycle) -> None:
    if cycle.status == Cycle.Status.CLOSED:
        raise ValidationError({"cycle": _("The cycle is closed.")})


@transaction.atomic
def confirm_entitlements(*, cycle: Cycle, village: Village, by: User | None,
                         ids: list[int] | None = None) -> int:
    """Confirm the village's entitlements awaiting review (all, or those listed). Returns how many."""
    require_may_change(by, village)
    _open(cycle)
    pending = Entitlement.objects.filter(cycle=cycle, village=village, status=S.PENDING)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    rows = transition(pending, by, status=S.CONFIRMED, reviewed_by=by, reviewed_at=timezone.now())
    return len(rows)


@transaction.atomic
def return_entitlement(*, entitlement: Entitlement, reason: str, by: User | None) -> Entitlement:
    """The village sends one entitlement back to the town office, saying why."""
    require_may_change(by, entitlement.village)
    reason = require_reason(reason)
    entitlement = Entitlement.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=entitlement.pk)
    _open(entitlement.cycle)
    if entitlement.status not in (S.PENDING, S.CONFIRMED):
        raise ValidationError({"status": _("Only entitlements awaiting review or confirmed can be returned.")})
    entitlement.status, entitlement.status_reason = S.RETURNED, reason
    entitlement.reviewed_by, entitlement.reviewed_at = by, timezone.now()
    _update([entitlement], ["status", "status_reason", "reviewed_by", "reviewed_at"], by)
    return entitlement


@transaction.atomic
def reopen_entitlement(*, entitlement: Entitlement, by: User | None) -> Entitlement:
    """The town office puts a returned or excepted entitlement back for review (after a correction)."""
    require_town_office(by, entitlement.policy.town_id)
    entitlement = Entitlement.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=entitlement.pk)
    _open(entitlement.cycle)
    if entitlement.status not in (S.RETURNED, S.EXCEPTED):
        raise ValidationError({"status": _("Only returned or excepted entitlements can be reopened.")})
    entitlement.status, entitlement.status_reason = S.PENDING, ""
    _update([entitlement], ["status", "status_reason"], by)
    if entitlement.cycle.status == Cycle.Status.APPROVED:
        Cycle.objects.filter(pk=entitlement.cycle_id).update(status=Cycle.Status.OPEN)
    return entitlement


@transaction.atomic
def except_entitlement(*, entitlement: Entitlement, reason: str, by: User | None) -> Entitlement:
    """The town office holds back one confirmed entitlement from approval, saying why."""
    require_town_office(by, entitlement.policy.town_id)
    reason = require_reason(reason)
    _open(entitlement.cycle)
    rows = transition(Entitlement.objects.filter(pk=entitlement.pk, status=S.CONFIRMED), by, status=S.EXCEPTED,
                      status_reason=reason)
    if not rows:
        raise ValidationError({"status": _("Only entitlements confirmed by the village can be excepted.")})
    return rows[0]


@transaction.atomic
def approve_cycle(*, cycle: Cycle, by: User | None, exceptions: dict[int, str] | None = None,
                  note: str = "") -> Cycle:
    """Approve every confirmed entitlement, except those listed (id → reason)."""
    require_town_office(by, cycle.policy.town_id)
    cycle = Cycle.objects.select_for_update(of=("self",)).get(pk=cycle.pk)
    _open(cycle)
    exceptions = {int(pk): (reason or "").strip() for pk, reason in (exceptions or {}).items()}
    confirmed = Entitlement.objects.filter(cycle=cycle, status=S.CONFIRMED)
    found = set(confirmed.filter(pk__in=list(exceptions)).values_list("pk", flat=True)) if exceptions else set()
    if set(exceptions) - found:
        raise ValidationError({"exceptions": _("Only confirmed entitlements of this cycle can be excepted.")})
    if any(not reason for reason in exceptions.values()):
        raise ValidationError({"exceptions": _("Give the reason for each exception.")})
    if not confirmed.exists():
        raise ValidationError({"cycle": _("No entitlement has been confirmed by the villages yet.")})
    for pk, reason in exceptions.items():
        transition(confirmed.filter(pk=pk), by, status=S.EXCEPTED, status_reason=reason)
    transition(confirmed, by, status=S.APPROVED)
    cycle.status, cycle.approved_at, cycle.approved_by = Cycle.Status.APPROVED, timezone.now(), by
    cycle.approval_note = (note or "").strip()
    cycle.version += 1
    cycle._history_user = by
    cycle.save(update_fields=["status", "approved_at", "approved_by", "approval_note", "version"])
    return cycle
