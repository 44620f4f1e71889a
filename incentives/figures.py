"""The benefits' figures: policies in force, village policies by kind, who was paid, what was paid, budgets.

Everything is dated: a policy counts for a period when it was in force on at least one of its days
(adoption and end dates), money and beneficiaries when the payment's date falls inside the period,
budgets by their year. Nothing reads a cycle's or an entitlement's status of today.

Breakdowns by policy use the policy's id (`policy:17`): codes can be longer than a snapshot's category.
"""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from incentives.models import Budget, Cycle, Entitlement, Payment, Policy
from incentives.queries.scoping import budgets_for, entitlements_for, payments_for, policies_for
from villages.catalogue import FLOW, TOWN, VILLAGE, Dimension, Figure, in_unit, register, register_years
from villages.periods import Period

TOPIC = _("Preferential policies and benefits")
VILLAGE_LEVELS = (TOWN, VILLAGE)

VILLAGE_POLICY_KIND = Dimension("village_policy_kind", _("kind of village policy"),
                                dict(Policy.VillagePolicyKind.choices))
POLICY_LEVEL = Dimension("level", _("level"), dict(Policy.Level.choices))
POLICY_KIND = Dimension("kind", _("kind"), dict(Policy.Kind.choices))
POLICY = Dimension("policy", _("policy"), {})  # categories are policy ids; pages label them with the policy's name


def _paid_in(period: Period, path: str = "paid_on") -> Q:
    return Q(**{f"{path}__range": (period.starts_on, period.ends_on)})


# --- Policies --------------------------------------------------------------------------------------

def _in_force(queryset, period: Period):
    return queryset.in_force_between(period.starts_on, period.ends_on)


def _village_policies(queryset, period: Period):
    return _in_force(queryset.filter(level=Policy.Level.VILLAGE).exclude(village_policy_kind=""), period)


def _adoptions(town_id: int, period: Period):
    rows = (_village_policies(Policy.objects.filter(town_id=town_id), period)
            .values_list("village", "village_policy_kind").distinct().order_by())
    return [(village, None, {VILLAGE_POLICY_KIND.code: kind}, 1) for village, kind in rows]


def _adoption_records(user, period: Period, level: str, unit: int | None):
    return in_unit(_village_policies(policies_for(user), period), level, unit, group=None)


def _policies(town_id: int, period: Period):
    rows = (_in_force(Policy.objects.filter(town_id=town_id), period).values("village", "level", "kind")
            .annotate(n=Count("pk")).order_by())
    return [(row["village"], None, {POLICY_LEVEL.code: row["level"], POLICY_KIND.code: row["kind"]}, row["n"])
            for row in rows]


def _policy_records(user, period: Period, level: str, unit: int | None):
    return in_unit(_in_force(policies_for(user), period), level, unit, group=None)


# --- Money and beneficiaries ---------------------------------------------------------------------------

def _amount_paid(town_id: int, period: Period):
    rows = (Payment.objects.filter(_paid_in(period), village__town_id=town_id)
            .values("village", "cycle__policy").annotate(total=Sum("amount")).order_by())
    return [(row["village"], None, {POLICY.code: str(row["cycle__policy"])}, row["total"]) for row in rows]


def _payment_records(user, period: Period, level: str, unit: int | None):
    return in_unit(payments_for(user).filter(_paid_in(period)), level, unit, group=None)


def _paid_entitlements(queryset, period: Period):
    return queryset.filter(_paid_in(period, "payment__paid_on"))


def _beneficiaries(town_id: int, period: Period):
    rows = (_paid_entitlements(Entitlement.objects.filter(village__town_id=town_id), period)
            .values("village", "household__group", "policy")
            .annotate(n=Count("person", distinct=True)
                      + Count("household", distinct=True, filter=Q(person__isnull=True))).order_by())
    return [(row["village"], row["household__group"], {POLICY.code: str(row["policy"])}, row["n"]) for row in rows]


def _households(town_id: int, period: Period):
    rows = (_paid_entitlements(Entitlement.objects.filter(village__town_id=town_id), period)
            .values("village", "household__group").annotate(n=Count("household", distinct=True)).order_by())
    return [(row["village"], row["household__group"], None, row["n"]) for row in rows]


def _people(town_id: int, period: Period):
    rows = (_paid_entitlements(Entitlement.objects.filter(village__town_id=town_id, person__isnull=False), period)
            .values("village", "household__group").annotate(n=Count("person", distinct=True)).order_by())
    return [(row["village"], row["household__group"], None, row["n"]) for row in rows]


def _entitlement_records(people_only: bool = False):
    def records(user, period: Period, level: str, unit: int | None):
        rows = _paid_entitlements(entitlements_for(user), period)
        if people_only:
            rows = rows.filter(person__isnull=False)
        return in_unit(rows.select_related("policy", "household", "person", "payment", "village"), level, unit,
                       group="household__group")
    return records


# --- Budgets -----------------------------------------------------------------------------------------

def _budget(town_id: int, period: Period):
    rows = (Budget.objects.filter(policy__town_id=town_id, year=period.year)
            .values("village", "policy").annotate(total=Sum("amount")).order_by())
    return [(row["village"], None, {POLICY.code: str(row["policy"])}, row["total"]) for row in rows]


def _budget_records(user, period: Period, level: str, unit: int | None):
    return in_unit(budgets_for(user).filter(year=period.year), level, unit, group=None)


def _against_budgets(payments, period: Period):
    """Payments of the period against a budget of its year: the village's budget for the policy where there
    is one (`village_budget`), else the town's budget for the policy; payments against no budget are left out."""
    budgets = Budget.objects.filter(policy=OuterRef("cycle__policy"), year=period.year)
    return (payments.filter(_paid_in(period))
            .annotate(village_budget=Exists(budgets.filter(village=OuterRef("village"))),
                      town_budget=Exists(budgets.filter(village__isnull=True)))
            .filter(Q(village_budget=True) | Q(town_budget=True)))


def _budget_paid(town_id: int, period: Period):
    rows = (_against_budgets(Payment.objects.filter(village__town_id=town_id), period)
            .values("village", "cycle__policy", "village_budget").annotate(total=Sum("amount")).order_by())
    # Paid against the town's budget of a policy: counted for the town only, where that budget is.
    return [(row["village"] if row["village_budget"] else None, None, {POLICY.code: str(row["cycle__policy"])},
             row["total"]) for row in rows]


def _budget_paid_records(user, period: Period, level: str, unit: int | None):
    rows = _against_budgets(payments_for(user), period)
    if level == VILLAGE:
        return rows.filter(village=unit, village_budget=True)
    return rows if level == TOWN else rows.none()


register(Figure(
    code="incentives.village_policy_adoptions", name=_("Village policies of the counted kinds"),
    unit=_("villages"), compute=_adoptions, levels=VILLAGE_LEVELS, breakdowns=(VILLAGE_POLICY_KIND,),
    definition=_("For each of the five kinds of village policy the town counts, the villages with a village "
                 "policy of that kind in force on at least one day of the period (adopted by its last day, not "
                 "ended before its first). A village with two policies of one kind counts once for it; the total "
                 "adds up the kinds, so a village counts once for each kind it has. Proposals never adopted are not "
                 "counted."),
    records=_adoption_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="incentives.policies_in_force", name=_("Preferential policies in force"), unit=_("policies"),
    compute=_policies, levels=VILLAGE_LEVELS, breakdowns=(POLICY_LEVEL, POLICY_KIND),
    definition=_("Preferential policies of every level in force on at least one day of the period. National, "
                 "provincial, county and town policies count for the town only; a village's own policies for "
                 "the village too."),
    records=_policy_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="incentives.amount_paid", name=_("Benefits paid"), unit=_("yuan"), compute=_amount_paid, kind=FLOW,
    levels=VILLAGE_LEVELS, breakdowns=(POLICY,),
    definition=_("Money paid to villages' recipients by payments dated inside the period, whatever period the "
                 "benefit was for; approved but unpaid amounts are not counted."),
    records=_payment_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="incentives.beneficiaries_paid", name=_("Beneficiaries paid, by policy"), unit=_("beneficiaries"),
    compute=_beneficiaries, kind=FLOW, breakdowns=(POLICY,),
    definition=_("Persons (policies for persons) and households (policies for households) paid a benefit by a "
                 "payment dated inside the period, once per policy however many payments they received; the "
                 "total adds up the policies, so one paid under two policies counts twice."),
    records=_entitlement_records(), topic=TOPIC,
))
register(Figure(
    code="incentives.households_paid", name=_("Households benefiting"), unit=_("households"),
    compute=_households, kind=FLOW,
    definition=_("Households paid at least one benefit, for the household or one of its members, by a payment "
                 "dated inside the period; each household counts once."),
    records=_entitlement_records(), topic=TOPIC,
))
register(Figure(
    code="incentives.people_paid", name=_("People benefiting"), unit=_("people"), compute=_people, kind=FLOW,
    definition=_("Persons paid at least one benefit of a policy for persons by a payment dated inside the period; "
                 "each person counts once. Members of households paid a household benefit are not counted."),
    records=_entitlement_records(people_only=True), topic=TOPIC,
))
register(Figure(
    code="incentives.budget", name=_("Benefit budgets"), unit=_("yuan"), compute=_budget, levels=VILLAGE_LEVELS,
    breakdowns=(POLICY,),
    definition=_("The budgets set for the policies for the period's year (for a quarter or a month, the whole "
                 "year's budget). A village's budget counts for the village; a budget for the whole town for "
                 "the town only."),
    records=_budget_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="incentives.budget_paid", name=_("Paid against budgets"), unit=_("yuan"), compute=_budget_paid, kind=FLOW,
    levels=VILLAGE_LEVELS, breakdowns=(POLICY,),
    definition=_("Payments dated inside the period for a policy with a budget for the period's year: against the "
                 "village's budget for the policy where it has one (counted for the village), else against the "
                 "town's budget for it (counted for the town only). Payments for a policy without a budget are "
                 "not counted."),
    records=_budget_paid_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="incentives.budget_paid_share", name=_("Share of budgets paid"), unit="%",
    numerator="incentives.budget_paid", denominator="incentives.budget", decimals=1, levels=VILLAGE_LEVELS,
    definition=_("Paid against budgets divided by the budgets, as a percentage: the share of the year's budgets "
                 "paid out in the period. Undefined where there is no budget."),
    about_people=False, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    paid = (Payment.objects.filter(village__town_id=town_id).annotate(year=ExtractYear("paid_on"))
            .values_list("year", flat=True).distinct().order_by())
    budgets = Budget.objects.filter(policy__town_id=town_id).values_list("year", flat=True).distinct().order_by()
    cycles = (Cycle.objects.filter(policy__town_id=town_id).annotate(year=ExtractYear("starts_on"))
              .values_list("year", flat=True).distinct().order_by())
    return set(paid) | set(budgets) | set(cycles)
