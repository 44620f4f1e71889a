"""Suspending, stopping and resuming a recipient of a policy: with a reason, nothing deleted."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from incentives.actions.common import locked, require_reason
from incentives.models import Entitlement, Hold, Policy
from members.models import Household, Person
from villages.models import User
from villages.roles import require_may_change

S = Entitlement.Status
UNPAID = (S.PENDING, S.CONFIRMED, S.APPROVED, S.SUSPENDED)


def _entitlements_of(policy: Policy, household: Household, person: Person | None):
    mine = {"person": person} if person else {"household": household, "person__isnull": True}
    return locked(Entitlement.objects.filter(policy=policy, **mine))


@transaction.atomic
def hold_recipient(*, policy: Policy, household: Household, kind: str, reason: str, by: User | None,
                   person: Person | None = None, since: datetime.date | None = None) -> Hold:
    """Suspend or stop the recipient: their unpaid entitlements, and any computed later, are held."""
    require_may_change(by, household.village)
    reason = require_reason(reason)
    if policy.for_persons != (person is not None):
        raise ValidationError({"person": _("Name the person for a policy for persons, and only then.")})
    if person is not None and person.household_id != household.pk:
        raise ValidationError({"person": _("The person is not registered in this household.")})
    current = locked(Hold.objects.filter(policy=policy, household=household, person=person,
                                                      ended_on__isnull=True)).first()
    if current is not None:
        if current.kind == Hold.Kind.STOPPED or kind == Hold.Kind.SUSPENDED:
            raise ValidationError({"kind": _("The recipient is already %(kind)s.") % {
                "kind": current.get_kind_display()}})
        current.ended_on, current.ended_by = timezone.localdate(), by
        current.resume_note = _("Stopped.")
        current._history_user = by
        current.save(update_fields=["ended_on", "ended_by", "resume_note"])
    hold = Hold(policy=policy, village_id=household.village_id, household=household, person=person, kind=kind,
                reason=reason, started_on=since or timezone.localdate(), started_by=by)
    hold._history_user = by
    hold.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            hold.save()
    except IntegrityError:
        raise ValidationError({"kind": _("The recipient is already held.")}) from None
    rows = list(_entitlements_of(policy, household, person).filter(status__in=UNPAID))
    for row in rows:
        if row.status != S.SUSPENDED:
            row.status_before_hold = row.status
        row.status, row.status_reason, row.hold = kind, reason, hold
    bulk_update_with_history(rows, Entitlement, ["status", "status_reason", "status_before_hold", "hold"],
                             default_user=by, default_date=timezone.now())
    return hold


def suspend_recipient(**kwargs) -> Hold:
    return hold_recipient(kind=Hold.Kind.SUSPENDED, **kwargs)


def stop_recipient(**kwargs) -> Hold:
    return hold_recipient(kind=Hold.Kind.STOPPED, **kwargs)


@transaction.atomic
def resume_recipient(*, hold: Hold, note: str, by: User | None) -> Hold:
    """End a suspension: the held entitlements go back to where they were."""
    require_may_change(by, hold.village)
    note = require_reason(note, "note")
    hold = Hold.objects.select_for_update(of=("self",)).get(pk=hold.pk)
    if hold.kind != Hold.Kind.SUSPENDED or hold.ended_on is not None:
        raise ValidationError({"hold": _("Only a current suspension can be resumed; a stop is final.")})
    hold.ended_on, hold.ended_by, hold.resume_note = timezone.localdate(), by, note
    hold._history_user = by
    hold.save(update_fields=["ended_on", "ended_by", "resume_note"])
    rows = list(locked(Entitlement.objects.filter(hold=hold, status=S.SUSPENDED)))
    for row in rows:
        row.status, row.status_reason = row.status_before_hold or S.PENDING, ""
        row.status_before_hold = ""
    bulk_update_with_history(rows, Entitlement, ["status", "status_reason", "status_before_hold"],
                             default_user=by, default_date=timezone.now())
    return hold
