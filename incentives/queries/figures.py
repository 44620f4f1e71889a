"""The figures leadership reads: village policies by kind, recipients and amounts, coverage, budgets.

Aggregates count every policy, sensitive or not, within the user's jurisdiction: nobody is named.
Numbers the catalogue holds (incentives.figures) are read from it, so a page and the catalogue never
disagree: the villages with each kind of village policy, and what was paid against each budget. The
tables by policy and by village are the accounts of the year's cycles (what was owed for 2025, approved
and paid), which the catalogue does not hold: it counts money by the date it was paid.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from incentives.models import Budget, Entitlement, Policy
from incentives.queries.scoping import budgets_for
from villages import catalogue
from villages.models import User
from villages.periods import Period
from villages.queries import scoped, town_id_of
from villages.roles import sees_whole_town

S = Entitlement.Status
ZERO = Decimal("0")
COMMITTED = [S.APPROVED, S.PAID]


def _aggregate_scope(user: User):
    return scoped(Entitlement.objects.all(), user, village="village", group="household__group")


ADOPTIONS = "incentives.village_policy_adoptions"


def _unit_of(user: User) -> tuple[str, int | None]:
    """Where the user reads the catalogue: the whole town, or their own village."""
    if sees_whole_town(user):
        return catalogue.TOWN, None
    return catalogue.VILLAGE, user.village_id or (user.group.village_id if user.group_id else None)


def village_policy_kinds(user: User, period: Period) -> list[dict]:
    """For each of the five counted kinds of village policy: how many villages had one in force in the period
    (the catalogue's figure, for the town or the user's village)."""
    town_id = town_id_of(user)
    level, unit = _unit_of(user)
    counts = {}
    if town_id is not None and (level == catalogue.TOWN or unit is not None):
        found = catalogue.values(town_id, period, [ADOPTIONS])
        counts = found.breakdown(ADOPTIONS, catalogue.get(ADOPTIONS).breakdowns[0], level, unit)
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


BUDGET_PAID = "incentives.budget_paid"


def budget_rows(user: User, year: int) -> list[Budget]:
    """The year's budgets with what is committed against each (approved or paid entitlements of the year's
    cycles) and what was paid against each in the year (the catalogue's figure, by payment date)."""
    budgets = list(budgets_for(user).filter(year=year).order_by("policy__name", "village__code"))
    if not budgets:
        return budgets
    committed = _committed(user, year, budgets)
    paid = catalogue.values(budgets[0].policy.town_id, Period.parse(str(year)), [BUDGET_PAID])
    for budget in budgets:
        category = f"policy:{budget.policy_id}"
        if budget.village_id:
            budget.committed = committed.get((budget.policy_id, budget.village_id), ZERO)
            budget.paid = paid.get(BUDGET_PAID, catalogue.VILLAGE, budget.village_id, category)
        else:
            budget.committed = sum((c for (policy, _v), c in committed.items() if policy == budget.policy_id), ZERO)
            # The town's budget of a policy bears what was paid for it where no village has its own budget.
            budget.paid = paid.get(BUDGET_PAID, catalogue.TOWN, None, category) - sum(
                (value for (code, level, _u, cat), value in paid.data.items()
                 if code == BUDGET_PAID and level == catalogue.VILLAGE and cat == category), ZERO)
        budget.paid = Decimal(budget.paid)
        budget.remaining = budget.amount - budget.committed
        budget.over = budget.committed > budget.amount
    return budgets


def _committed(user: User, year: int, budgets: list[Budget]) -> dict[tuple[int, int], Decimal]:
    rows = (_aggregate_scope(user).filter(period__startswith=str(year), policy__in=[b.policy_id for b in budgets])
            .order_by().values("policy_id", "village_id")
            .annotate(committed=Coalesce(Sum("amount", filter=Q(status__in=COMMITTED)), ZERO)))
    return {(row["policy_id"], row["village_id"]): row["committed"] for row in rows}
