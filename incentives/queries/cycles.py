"""Lists and summaries for the pages and the API: policies, cycles, a cycle's villages, entitlements."""

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from incentives.models import Cycle, Entitlement, Policy, Rate
from incentives.queries.scoping import cycles_for, entitlements_for, payments_for, policies_for
from villages.models import User

S = Entitlement.Status
ZERO = Decimal("0")


def policy_list(user: User, *, level: str = "", kind: str = "", village: int | None = None,
                village_policy_kind: str = "", search: str = "") -> QuerySet[Policy]:
    policies = policies_for(user).prefetch_related(
        Prefetch("rates", queryset=Rate.objects.order_by("-valid_from"), to_attr="rates_newest_first"))
    if level:
        policies = policies.filter(level=level)
    if kind:
        policies = policies.filter(kind=kind)
    if village:
        policies = policies.filter(village_id=village)
    if village_policy_kind:
        policies = policies.filter(village_policy_kind=village_policy_kind)
    if search.strip():
        policies = policies.filter(Q(name__icontains=search.strip()) | Q(code__icontains=search.strip()))
    return policies.order_by("level", "village__code", "name", "pk")


def _scoped_sum(user: User, field: str, where: Q | None = None):
    rows = entitlements_for(user).filter(where or Q(), cycle=OuterRef("pk")).order_by().values("cycle")
    if field == "pk":
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), Value(0))
    return Coalesce(Subquery(rows.annotate(n=Sum(field)).values("n")[:1], output_field=DecimalField()), Value(ZERO),
                    output_field=DecimalField())


def cycle_list(user: User, *, year: int | None = None, policy: int | None = None, status: str = "") -> QuerySet[Cycle]:
    """Cycles with the user's share of their entitlements: counted within the user's jurisdiction."""
    cycles = cycles_for(user).annotate(
        entitlement_count=_scoped_sum(user, "pk"),
        pending_count=_scoped_sum(user, "pk", Q(status=S.PENDING)),
        total_amount=_scoped_sum(user, "amount", ~Q(status__in=[S.STOPPED])),
        paid_amount=_scoped_sum(user, "amount", Q(status=S.PAID)),
    ).order_by("-starts_on", "policy__level", "policy__village__code", "policy__name", "pk")
    if year:
        cycles = cycles.filter(period__startswith=str(year))
    if policy:
        cycles = cycles.filter(policy_id=policy)
    if status:
        cycles = cycles.filter(status=status)
    return cycles


STATUS_COUNTS = {status: Count("pk", filter=Q(status=status)) for status in S.values}


def cycle_villages(user: User, cycle: Cycle) -> list[dict]:
    """Per village of the user's jurisdiction: entitlements by status, amounts approved and paid (two queries)."""
    rows = (entitlements_for(user).filter(cycle=cycle).order_by().values("village_id", "village__name", "village__code")
            .annotate(total=Count("pk"), sum_amount=Coalesce(Sum("amount", filter=~Q(status=S.STOPPED)), ZERO),
                      approved_amount=Coalesce(Sum("amount", filter=Q(status__in=[S.APPROVED, S.PAID])), ZERO),
                      paid_amount=Coalesce(Sum("amount", filter=Q(status=S.PAID)), ZERO),
                      **STATUS_COUNTS)
            .order_by("village__code"))
    paid = dict(payments_for(user).filter(cycle=cycle).order_by().values("village_id")
                .annotate(total=Sum("amount")).values_list("village_id", "total"))
    result = []
    for row in rows:
        row["amount"] = row.pop("sum_amount")
        row["payments"] = paid.get(row["village_id"], ZERO)
        row["outstanding"] = row["approved_amount"] - row["paid_amount"]
        row["reconciles"] = row["payments"] == row["paid_amount"]
        result.append(row)
    return result


def cycle_totals(villages: list[dict]) -> dict:
    keys = ["total", "amount", "approved_amount", "paid_amount", "payments", "outstanding", *S.values]
    totals = {key: sum((row[key] for row in villages), 0) for key in keys}
    totals["reconciles"] = totals["payments"] == totals["paid_amount"]
    return totals


def village_entitlements(user: User, cycle: Cycle, village_id: int, *, status: str = "") -> QuerySet[Entitlement]:
    rows = entitlements_for(user).filter(cycle=cycle, village_id=village_id).select_related(
        "household__group", "person", "rate", "hold").order_by("household__group__number", "household__number",
                                                               "person__birth_date", "pk")
    if status:
        rows = rows.filter(status=status)
    return rows


def entitlement_list(user: User, *, cycle: int | None = None, village: int | None = None, status: str = "",
                     household: int | None = None, policy: int | None = None) -> QuerySet[Entitlement]:
    rows = entitlements_for(user).select_related("policy__village", "household", "person", "village", "cycle")
    for field, value in (("cycle_id", cycle), ("village_id", village), ("status", status),
                         ("household_id", household), ("policy_id", policy)):
        if value:
            rows = rows.filter(**{field: value})
    return rows.order_by("-cycle__starts_on", "village__code", "household__number", "pk")
