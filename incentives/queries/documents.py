"""Self-contained contexts for the two benefit documents the document pipeline prints.

- `signature_sheet(user, cycle_id=…, village_id=…)`: the payout signature sheet of one village
  and cycle: every approved or paid recipient with the amount and a box to sign. For the village
  office only (full names): town office staff and the village's specialist.
- `recipients_board(user, village_id=…, period=…)`: the public disclosure board of a village and
  period: names masked (张*华), no identity numbers or phones; policies whose rule uses sensitive
  data are shown only as a count and total, and a count below 5 is suppressed.

Each returns plain dicts and lists ready for templates/pdf/incentives/*.html, or raises villages'
`OutOfScope` when the village (or, for a sheet's full names, its people) is not the user's to read.
`payout_sheet_context` (a sheet per cycle of the period) and `benefit_board_context` are the
document contract (reports.documents). Reading writes no access log: whoever shows or prints a
sheet logs `sheet_access(sheet)` (villages.privacy.log_access).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.models import Cycle, Entitlement
from incentives.queries.scoping import cycles_for
from members.models import Person
from members.models.codes import HEAD_RELATIONS
from villages.models import SensitiveAccess, Town, User, Village
from villages.periods import Period
from villages.privacy import mask_name
from villages.queries import OutOfScope, village_in_scope
from villages.roles import may_see_people

SMALLEST_PUBLISHED_COUNT = 5
ON_DOCUMENTS = [Entitlement.Status.APPROVED, Entitlement.Status.PAID]


def _rows(cycle: Cycle, village: Village):
    """The entitlements a document prints, each with `head_name`, whom a household's benefit is printed under."""
    head = (Person.objects.filter(household=OuterRef("household_id"), relation__in=HEAD_RELATIONS)
            .order_by("status", "pk").values("name")[:1])
    return (Entitlement.objects.filter(cycle=cycle, village=village, status__in=ON_DOCUMENTS)
            .select_related("household__group", "person", "payment").annotate(head_name=Subquery(head))
            .order_by("household__group__number", "household__number", "person__birth_date", "pk"))


def _recipient(entitlement: Entitlement) -> str:
    return entitlement.person.name if entitlement.person_id else entitlement.head_name or ""


def _require_people(user: User) -> None:
    if not may_see_people(user):
        raise OutOfScope(_("Only the town office and the village's specialist print signature sheets."))


def signature_sheet(user: User, *, cycle_id: int, village_id: int) -> dict:
    village = village_in_scope(user, village_id)
    _require_people(user)
    cycle = cycles_for(user).filter(pk=cycle_id).first()
    if cycle is None:
        raise OutOfScope
    return _sheet(cycle, village)


def _sheet(cycle: Cycle, village: Village) -> dict:
    """The sheet of a cycle and village the caller has found in the user's scope."""
    rows = []
    for number, entitlement in enumerate(_rows(cycle, village), start=1):
        rows.append({
            "number": number, "group": entitlement.household.group.name,
            "household": entitlement.household.number, "name": _recipient(entitlement),
            "amount": entitlement.amount, "months": entitlement.months, "occasions": entitlement.occasions,
            "paid_on": entitlement.payment.paid_on if entitlement.payment_id else None,
        })
    return {
        "village": village, "cycle": cycle, "policy": cycle.policy, "period": Period.parse(cycle.period).label,
        "rows": rows, "count": len(rows), "total": sum((r["amount"] for r in rows), Decimal("0")),
        "generated_on": timezone.localdate(),
    }


def sheet_access(sheet: dict) -> dict | None:
    """What the access log records when a sheet is shown or printed: recipients of a policy on sensitive
    data say something about them. None for other sheets."""
    if not (sheet["policy"].uses_sensitive_data and sheet["rows"]):
        return None
    return {"action": SensitiveAccess.Action.DOCUMENT, "village_id": sheet["village"].pk,
            "what": _("payout signature sheet: %(policy)s") % {"policy": sheet["policy"].name},
            "record_type": "cycle", "record_id": sheet["cycle"].pk, "count": sheet["count"]}


def _cycles_in(user: User, village: Village, period: Period):
    return (cycles_for(user).filter(starts_on__gte=period.starts_on, ends_on__lte=period.ends_on,
                                    entitlements__village=village, entitlements__status__in=ON_DOCUMENTS)
            .distinct().order_by("policy__level", "policy__name", "starts_on"))


def check_request(*, town: Town, village: Village | None, period: Period) -> None:
    """Benefit documents are printed for one village."""
    if village is None:
        raise ValidationError({"village": _("Benefit documents are printed for one village.")})


def payout_sheet_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    """The signature sheets of every cycle of the period, one part each."""
    check_request(town=town, village=village, period=period)
    village = village_in_scope(user, village.pk)
    _require_people(user)
    sheets = [_sheet(cycle, village) for cycle in _cycles_in(user, village, period)]
    if not sheets:
        raise ValidationError(_("No approved benefit for this village falls in the period."))
    return [{"sheet": sheet} for sheet in sheets]


def benefit_board_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    check_request(town=town, village=village, period=period)
    return [{"board": recipients_board(user, village_id=village.pk, period=period)}]


def recipients_board(user: User, *, village_id: int, period: Period) -> dict:
    """The public list: masked names; sensitive policies only as counts, small counts suppressed."""
    village = village_in_scope(user, village_id)
    sections = []
    for cycle in _cycles_in(user, village, period):
        rows = list(_rows(cycle, village))
        section = {"policy": cycle.policy, "period": Period.parse(cycle.period).label,
                   "count": len(rows), "total": sum((r.amount for r in rows), Decimal("0")), "rows": [],
                   "suppressed": False}
        if cycle.policy.uses_sensitive_data:
            section["suppressed"] = len(rows) < SMALLEST_PUBLISHED_COUNT
        else:
            section["rows"] = [{"group": r.household.group.name, "name": mask_name(_recipient(r)), "amount": r.amount}
                               for r in rows]
        sections.append(section)
    return {"village": village, "period": period.label, "sections": sections,
            "generated_on": timezone.localdate(), "smallest_published_count": SMALLEST_PUBLISHED_COUNT}

