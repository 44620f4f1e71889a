"""Recording what was paid, so that payments reconcile with the approved total."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.actions.common import transition
from incentives.models import Cycle, Entitlement, Payment
from villages.models import User, Village
from villages.roles import require_town_office

S = Entitlement.Status
OUTSTANDING = (S.PENDING, S.CONFIRMED, S.APPROVED)


@transaction.atomic
def record_payment(*, cycle: Cycle, village: Village, paid_on: datetime.date, method: str, reference: str,
                   amount: Decimal, by: User | None) -> Payment:
    """Pay the village's approved entitlements of the cycle; the amount must equal their total."""
    require_town_office(by, cycle.policy.town_id)
    cycle = Cycle.objects.select_for_update(of=("self",)).get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        raise ValidationError({"cycle": _("The cycle is closed.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("This date is in the future.")})
    if cycle.approved_at and paid_on < timezone.localtime(cycle.approved_at).date():
        raise ValidationError({"paid_on": _("The payment cannot precede the approval.")})
    approved = Entitlement.objects.filter(cycle=cycle, village=village, status=S.APPROVED)
    total = approved.aggregate(total=Sum("amount"))["total"]
    if total is None:
        raise ValidationError({"village": _("Nothing approved is waiting for payment in this village.")})
    if amount != total:
        raise ValidationError({"amount": _(
            "The approved total for %(village)s is %(total)s yuan: a payment of %(amount)s yuan does not reconcile."
        ) % {"village": village.name, "total": total, "amount": amount}})
    payment = Payment(cycle=cycle, village=village, paid_on=paid_on, method=method,
                      reference=(reference or "").strip(), amount=amount, recipients=approved.count(),
                      recorded_by=by)
    payment._history_user = by
    payment.full_clean()
    payment.save()
    transition(approved, by, status=S.PAID, payment=payment)
    if not cycle.entitlements.filter(status__in=OUTSTANDING).exists():
        cycle.status, cycle.closed_at = Cycle.Status.CLOSED, timezone.now()
        cycle.version += 1
        cycle._history_user = by
        cycle.save(update_fields=["status", "closed_at", "version"])
    return payment


def reconciliation(cycle: Cycle) -> dict:
    """Approved against paid, for the cycle: the two totals agree when everything approved was paid."""
    committed = cycle.entitlements.committed().aggregate(total=Sum("amount"))["total"] or Decimal("0")
    paid_entitlements = cycle.entitlements.filter(status=S.PAID).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    payments = cycle.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return {"approved": committed, "paid": payments, "outstanding": committed - paid_entitlements,
            "reconciles": payments == paid_entitlements}
