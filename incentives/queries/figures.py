"""The figures leadership reads: village policies by kind, recipients and amounts, coverage, budgets.

Aggregates count every policy, sensitive or not, within the user's jurisdiction: nobody is named.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from incentives.models import Budget, Entitlement, Policy
from incentives.queries.scoping import budgets_for, policies_for
from villages.models import User
from villages.queries import scoped

S = Entitlement.Status
ZERO = Decimal("0")
COMMITTED = [S.APPROVED, S.PAID]


def _aggregate_scope(user: User):
    return scoped(Entitlement.objects.all(), user, village="village", group="household__group")


def village_policy_kinds(user: User, on: datetime.date | None = None) -> list[dict]:
    """For each of the five counted kinds of village policy: how many villages have one in force."""
    on = on or timezone.localdate()
    counts = dict(policies_for(user).filter(level=Policy.Level.VILLAGE).in_force_on(on)
                  .exclude(village_policy_kind="").order_by().values("village_policy_kind")
                  .annotate(n=Count("village", distinct=True)).values_list("village_policy_kind", "n"))
    return [{"kind": kind, "label": label, "villages": counts.get(kind, 0)}
            for kind, label in Policy.VillagePolicyKind.choices]


def _year(rows, year: int | None):
    return rows.filter(period__startswith=str(year)) if year else rows


def benefits_by_policy(user: User, year: int | None) -> list[dict]:
    """Recipients (approved or paid) and amounts, by policy, with coverage of the eligible households."""
    rows = (_year(_aggregate_scope(user), year).order_by()
            .values("policy_id", "policy__name", "policy__level", "policy__village__name",
                    "policy__village_policy_kind", "period")
            .annotate(recipients=Count("pk", filter=Q(status__in=COMMITTED)),
                      committed=Coalesce(Sum("amount", filter=Q(status__in=COMMITTED)), ZERO),
                      paid=Coalesce(Sum("amount", filter=Q(status=S.PAID)), ZERO),
                      eligible_households=Count("household", distinct=True),
                      receiving_households=Count("household", distinct=True, filter=Q(status__in=COMMITTED)))
            .order_by("policy__level", "policy__village__name", "policy__name", "period"))
    return [_with_coverage(row) for row in rows]


def village_policies_by_kind(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The town-wide policies one by one, and the village policies added up by kind of village policy."""
    town_wide = [row for row in rows if row["policy__level"] != Policy.Level.VILLAGE]
    kinds = {}
    labels = dict(Policy.VillagePolicyKind.choices)
    for row in rows:
        if row["policy__level"] != Policy.Level.VILLAGE:
            continue
        kind = row["policy__village_policy_kind"]
        total = kinds.setdefault(kind, {"kind": kind, "label": labels.get(kind, ""), "policies": 0, "recipients": 0,
                                        "committed": ZERO, "paid": ZERO, "eligible_households": 0,
                                        "receiving_households": 0})
        total["policies"] += 1
        for key in ("recipients", "committed", "paid", "eligible_households", "receiving_households"):
            total[key] += row[key]
    return town_wide, [_with_coverage(row) for row in kinds.values()]


def benefits_by_village(user: User, year: int | None) -> list[dict]:
    rows = (_year(_aggregate_scope(user), year).order_by()
            .values("village_id", "village__name", "village__code")
            .annotate(recipients=Count("pk", filter=Q(status__in=COMMITTED)),
                      committed=Coalesce(Sum("amount", filter=Q(status__in=COMMITTED)), ZERO),
                      paid=Coalesce(Sum("amount", filter=Q(status=S.PAID)), ZERO),
                      eligible_households=Count("household", distinct=True),
                      receiving_households=Count("household", distinct=True, filter=Q(status__in=COMMITTED)))
            .order_by("village__code"))
    return [_with_coverage(row) for row in rows]


def benefits_by_year(user: User) -> list[dict]:
    rows = (_aggregate_scope(user).order_by().values("period")
            .annotate(recipients=Count("pk", filter=Q(status__in=COMMITTED)),
                      committed=Coalesce(Sum("amount", filter=Q(status__in=COMMITTED)), ZERO),
                      paid=Coalesce(Sum("amount", filter=Q(status=S.PAID)), ZERO))
            .order_by("period"))
    years = {}
    for row in rows:
        year = years.setdefault(row["period"][:4], {"year": row["period"][:4], "recipients": 0, "committed": ZERO,
                                                    "paid": ZERO})
        for key in ("recipients", "committed", "paid"):
            year[key] += row[key]
    return list(years.values())


def _with_coverage(row: dict) -> dict:
    eligible = row["eligible_households"]
    row["coverage"] = round(100 * row["receiving_households"] / eligible, 1) if eligible else None
    return row


def totals(rows: list[dict]) -> dict:
    result = {key: sum((row[key] for row in rows), 0) for key in
              ("recipients", "committed", "paid", "eligible_households", "receiving_households")}
    eligible = result["eligible_households"]
    result["coverage"] = round(100 * result["receiving_households"] / eligible, 1) if eligible else None
    return result


def budget_rows(user: User, year: int) -> list[Budget]:
    """The year's budgets with what is committed (approved or paid) and paid against each."""
    budgets = list(budgets_for(user).filter(year=year).order_by("policy__name", "village__code"))
    spent = {}
    rows = (_aggregate_scope(user).filter(period__startswith=str(year), policy__in=[b.policy_id for b in budgets])
            .order_by().values("policy_id", "village_id")
            .annotate(committed=Coalesce(Sum("amount", filter=Q(status__in=COMMITTED)), ZERO),
                      paid=Coalesce(Sum("amount", filter=Q(status=S.PAID)), ZERO)))
    for row in rows:
        spent[(row["policy_id"], row["village_id"])] = (row["committed"], row["paid"])
    for budget in budgets:
        if budget.village_id:
            budget.committed, budget.paid = spent.get((budget.policy_id, budget.village_id), (ZERO, ZERO))
        else:
            pairs = [v for (policy, _village), v in spent.items() if policy == budget.policy_id]
            budget.committed = sum((c for c, _p in pairs), ZERO)
            budget.paid = sum((p for _c, p in pairs), ZERO)
        budget.remaining = budget.amount - budget.committed
        budget.over = budget.committed > budget.amount
    return budgets
