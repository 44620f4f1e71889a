"""The demo town's policies and a year (2025) of benefits: computed, reviewed, approved and paid.

Deterministic, and running it again changes nothing. The figures are the seed's: village
policies of the five counted kinds in 35, 23, 20, 13 and 9 villages; Xunzi's free admission,
Yongzhong's pregnancy-check subsidy and 500-yuan pension insurance, Qiantang's 60 yuan a month
for the association's staff; the town's three policies; today's national programmes.
"""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Greatest
from simple_history.utils import bulk_create_with_history

from demo.benefit_policies import adopting_villages, extra_village_policies, national_and_town, village_policy
from demo.dating import aware, by_value, date_history, day_of
from demo.town import current_profile
from incentives import actions
from incentives.models import (
    Budget,
    Condition,
    Cycle,
    Entitlement,
    EvidenceItem,
    Fact,
    Hold,
    Payment,
    Policy,
    Rate,
)
from members.models import FamilyCategory, Person
from members.models.codes import MARRIED_STATUSES, SPOUSE_RELATIONS
from villages.models import Town, Village

YEAR = 2025
D = datetime.date
# The year's story: the policies entered in January, the year's cycles opened and computed in November,
# a few recipients held, the villages' review, the town's approval, payment before Christmas.
ENTERED, BUDGETED = D(YEAR, 1, 6), D(YEAR, 1, 15)
OPENED, COMPUTED, HELD, RESUMED = D(YEAR, 11, 10), D(YEAR, 11, 15), D(YEAR, 11, 20), D(YEAR, 11, 28)
RETURNED, REVIEWED, APPROVED, CLOSED = D(YEAR, 12, 3), D(YEAR, 12, 5), D(YEAR, 12, 10), D(YEAR, 12, 28)


@transaction.atomic
def build(town: Town) -> dict:
    """Policies, recorded facts and the 2025 cycles; returns what was written (nothing if already there)."""
    if Policy.objects.filter(town=town).exists():
        return {}
    _analyze()
    villages = list(town.villages.order_by("code"))
    policies = [_policy(town, spec) for spec in national_and_town(town.name)]
    rng = current_profile().rng(2025)
    for kind, adopters in adopting_villages(villages).items():
        policies += [_policy(town, village_policy(kind, village, rng)) for village in adopters]
    policies += [_policy(town, spec) for spec in extra_village_policies({v.name: v for v in villages})]
    facts = _record_facts(town, villages)
    _analyze()
    cycles = [actions.open_cycle(policy=policy, period=str(YEAR), by=None) for policy in policies]
    actions.compute_cycles(cycles=cycles, by=None)
    _analyze()
    _holds(town)
    for cycle in cycles:
        _review_approve_and_pay(cycle, current_profile().rng(cycle.policy.code))
    _budgets(policies)
    _date_workflow(town)
    return {"policies": len(policies), "facts": facts, "cycles": len(cycles),
            "entitlements": Entitlement.objects.filter(policy__town=town).count(),
            "paid": Payment.objects.filter(cycle__policy__town=town).aggregate(t=Sum("amount"))["t"]}


def _analyze() -> None:
    """Bulk-loaded tables need fresh planner statistics before the set-based queries run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE members_person, members_household, members_familycategory, "
                           "incentives_fact, incentives_entitlement")


def _policy(town: Town, spec: dict) -> Policy:
    spec = dict(spec)
    rates, conditions, evidence = spec.pop("rates"), spec.pop("conditions"), spec.pop("evidence")
    policy = actions.create_policy(town=town, by=None, **spec)
    for amount, unit, valid_from, valid_until, *occasion in rates:
        actions.add_rate(policy=policy, amount=Decimal(amount), unit=unit, valid_from=valid_from,
                         valid_until=valid_until, occasion_kind=occasion[0] if occasion else "", by=None)
    for fields in conditions:
        actions.add_condition(policy=policy, by=None, **fields)
    for text in evidence:
        actions.add_evidence_item(policy=policy, text=text, by=None)
    return policy


def _in_category(*categories):
    return Exists(FamilyCategory.objects.current().filter(household=OuterRef("household"), category__in=categories))


def _record_facts(town: Town, villages) -> int:
    """Facts the registry does not hold: awards, certificates, pledges, checks attended, association posts."""
    rng = current_profile().rng(49)
    by_name = {v.name: v for v in villages}
    active = Person.objects.filter(town=town, status=Person.Status.ACTIVE).order_by("pk")
    rows = []

    def fact(person, kind, day, evidence, valid_until=None):
        rows.append(Fact(kind=kind, village_id=person.household.village_id, household_id=person.household_id,
                         person=person, occurred_on=day, valid_until=valid_until, evidence=evidence))

    girls = active.filter(_in_category("one_child", "two_daughters"), sex="F",
                          birth_date__range=(D(2009, 9, 1), D(2010, 8, 31))).select_related("household")
    for girl in list(girls)[::6]:
        fact(girl, Fact.Kind.SCHOLARSHIP_AWARD, D(YEAR, 8, rng.randint(1, 25)), "县第一高级中学录取通知书")
    students = active.filter(_in_category("one_child", "two_daughters"), sex="F",
                             birth_date__range=(D(2006, 9, 1), D(2007, 8, 31))).select_related("household")
    for girl in list(students)[::5]:
        fact(girl, Fact.Kind.SCHOLARSHIP_AWARD, D(YEAR, 7, rng.randint(10, 31)), "普通高等学校录取通知书")
    only_children = active.filter(_in_category("one_child"), relation__in=["20", "21", "30", "31"],
                                  household__people__relation__in=["01", "02"],
                                  household__people__birth_date__lte=D(1975, 12, 31)).select_related("household")
    for child in list(only_children.distinct())[::150][:12]:
        fact(child, Fact.Kind.ONLY_CHILD_DISABLED, D(rng.randint(2016, 2024), rng.randint(1, 12), 1),
             "残疾人证（三级）")
    pledging = {v.pk for v in adopting_villages(villages)[Policy.VillagePolicyKind.GAVE_UP_BIRTH]}
    mothers = active.filter(_in_category("one_child"), relation__in=SPOUSE_RELATIONS, sex="F",
                            household__village_id__in=pledging, birth_date__range=(D(1976, 1, 1), D(1990, 12, 31)))
    for mother in list(mothers.select_related("household"))[::4]:
        fact(mother, Fact.Kind.GAVE_UP_BIRTH, D(rng.randint(2016, 2024), rng.randint(1, 12), 1),
             "自愿放弃再生育承诺书")
    women = active.filter(household__village=by_name["永中村"], sex="F", marital_status__in=MARRIED_STATUSES,
                          birth_date__range=(D(1976, 1, 1), D(2010, 12, 31))).select_related("household")
    for woman in women:
        for quarter in rng.sample([1, 2, 3, 4], rng.randint(1, 4)):
            fact(woman, Fact.Kind.PREGNANCY_CHECK, D(YEAR, 3 * quarter - 1, rng.randint(1, 28)), "村服务室")
    staff = active.filter(household__village=by_name["前塘村"], birth_date__range=(D(1965, 1, 1), D(1995, 12, 31)),
                          relation__in=["01", "02", "10", "11", "12"]).select_related("household")
    for index, person in enumerate(list(staff)[::40][:12]):
        started = D(2020, 1, 1) if index < 9 else D(YEAR, 4, 1)
        fact(person, Fact.Kind.ASSOCIATION_STAFF, started, "村计生协会任职文件")
    bulk_create_with_history(rows, Fact, batch_size=2000, default_date=aware(D(YEAR, 9, 1)))
    return len(rows)


def _holds(town: Town) -> None:
    """A few recipients suspended or stopped, one suspension resumed: the reasons a village gives."""
    reward = Policy.objects.get(town=town, code="national-rural-reward")
    rows = list(Entitlement.objects.filter(policy=reward).select_related("household", "person").order_by("pk"))
    if len(rows) < 3:
        return
    first, second, third = rows[5], rows[len(rows) // 2], rows[-7]
    actions.suspend_recipient(policy=reward, household=first.household, person=first.person, by=None,
                              reason="本人户籍迁移手续办理中，暂停发放，待核实后恢复。", since=HELD)
    actions.stop_recipient(policy=reward, household=second.household, person=second.person, by=None,
                           reason="本人已按城镇职工待遇享受同类奖励，按规定不重复享受。", since=HELD)
    hold = actions.suspend_recipient(policy=reward, household=third.household, person=third.person, by=None,
                                     reason="银行账户信息待核实。", since=HELD)
    actions.resume_recipient(hold=hold, note="账户信息已核实无误，恢复发放。", by=None)
    Hold.objects.filter(pk=hold.pk).update(ended_on=RESUMED)


def _review_approve_and_pay(cycle: Cycle, rng: random.Random) -> None:
    village_ids = sorted(set(cycle.entitlements.values_list("village_id", flat=True)))
    if not village_ids:
        return
    pending = list(cycle.entitlements.filter(status=Entitlement.Status.PENDING).order_by("pk"))
    returned = set()
    if len(pending) >= 40:
        for row in rng.sample(pending, len(pending) // 200 + 1):
            actions.return_entitlement(entitlement=row, by=None, reason="本人长期在外务工，联系不上，待核实后再报。")
            returned.add(row.pk)
    for village in Village.objects.filter(pk__in=village_ids):
        actions.confirm_entitlements(cycle=cycle, village=village, by=None)
    confirmed = list(cycle.entitlements.filter(status=Entitlement.Status.CONFIRMED).values_list("pk", flat=True))
    exceptions = {}
    if len(confirmed) >= 100:
        exceptions = {pk: "银行账户信息有误，更正后补发。" for pk in rng.sample(confirmed, 2)}
    if not confirmed:
        return
    actions.approve_cycle(cycle=cycle, by=None, exceptions=exceptions, note="经镇计生办审核，同意发放。")
    Cycle.objects.filter(pk=cycle.pk).update(computed_at=aware(COMPUTED), approved_at=aware(APPROVED))
    Entitlement.objects.filter(cycle=cycle).exclude(reviewed_at=None).update(reviewed_at=aware(REVIEWED))
    for index, village_id in enumerate(village_ids):
        approved = cycle.entitlements.filter(village_id=village_id, status=Entitlement.Status.APPROVED)
        total = approved.aggregate(t=Sum("amount"))["t"]
        if not total:
            continue
        actions.record_payment(cycle=cycle, village=approved.first().village, paid_on=D(YEAR, 12, 20 + index % 8),
                               method=Payment.Method.CARD, reference=f"HSD{YEAR}{cycle.pk:04d}{village_id:03d}",
                               amount=total, by=None)
    Cycle.objects.filter(pk=cycle.pk, status=Cycle.Status.CLOSED).update(closed_at=aware(CLOSED))


def _budgets(policies: list[Policy]) -> None:
    """A budget for each policy in 2025: the town's for town-wide ones, the village's for village ones."""
    for policy in policies:
        committed = Entitlement.objects.filter(policy=policy, period=str(YEAR)).exclude(
            status=Entitlement.Status.STOPPED).aggregate(t=Sum("amount"))["t"] or Decimal("0")
        rounded = (committed * Decimal("1.05") / 1000).to_integral_value(rounding="ROUND_CEILING") * 1000
        actions.set_budget(policy=policy, year=YEAR, amount=max(rounded, Decimal("1000")), by=None,
                           village=policy.village, note="年初预算")


def _date_workflow(town: Town) -> None:
    """The stamps the actions wrote (opened, computed, recorded, every history row) on the year's days."""
    for model, lookup in ((Policy, "town"), (Rate, "policy__town"), (Condition, "policy__town"),
                          (EvidenceItem, "policy__town")):
        date_history(model, aware(ENTERED), **{lookup: town})
    Policy.objects.filter(town=town).update(created_at=aware(ENTERED), updated_at=aware(ENTERED))
    Rate.objects.filter(policy__town=town).update(created_at=aware(ENTERED))
    date_history(Budget, aware(BUDGETED), policy__town=town)
    facts = Fact.objects.filter(village__town=town)
    facts.filter(occurred_on__lt=ENTERED).update(recorded_at=aware(ENTERED))
    facts.filter(occurred_on__gte=ENTERED).update(recorded_at=day_of("occurred_on"))
    date_history(Fact, Greatest(day_of("occurred_on"), Value(aware(ENTERED))), village__town=town)
    cycles = Cycle.objects.filter(policy__town=town)
    cycles.update(created_at=aware(OPENED))
    cycles.filter(computed_at__isnull=False).update(computed_at=aware(COMPUTED))
    date_history(Cycle, by_value("status", {Cycle.Status.APPROVED: aware(APPROVED), Cycle.Status.CLOSED: aware(CLOSED)},
                                 default=by_value("history_type", {"+": aware(OPENED)}, default=aware(COMPUTED))),
                 policy__town=town)
    # The history keeps copies of the stamps too.
    history = Cycle.history.filter(policy__town=town)
    history.filter(computed_at__isnull=False).update(computed_at=aware(COMPUTED))
    history.filter(approved_at__isnull=False).update(approved_at=aware(APPROVED))
    history.filter(closed_at__isnull=False).update(closed_at=aware(CLOSED))
    Entitlement.objects.filter(policy__town=town).update(computed_at=aware(COMPUTED))
    Entitlement.history.filter(id__in=Entitlement.objects.filter(policy__town=town).values("pk"),
                               reviewed_at__isnull=False).update(reviewed_at=aware(REVIEWED))
    S = Entitlement.Status
    paid_on = Cast(Subquery(Payment.objects.filter(pk=OuterRef("payment_id")).values("paid_on")), DateTimeField())
    date_history(Entitlement, by_value("status", {
        S.PENDING: by_value("history_type", {"+": aware(COMPUTED)}, default=aware(RESUMED)),
        S.SUSPENDED: aware(HELD), S.STOPPED: aware(HELD), S.RETURNED: aware(RETURNED), S.CONFIRMED: aware(REVIEWED),
        S.EXCEPTED: aware(APPROVED), S.APPROVED: aware(APPROVED), S.PAID: paid_on}, default=F("history_date")),
        id__in=Entitlement.objects.filter(policy__town=town).values("pk"))
    Payment.objects.filter(village__town=town).update(recorded_at=day_of("paid_on"))
    date_history(Payment, day_of("paid_on"), village__town=town)
    date_history(Hold, by_value("history_type", {"+": aware(HELD)}, default=aware(RESUMED)), village__town=town)


def summary(town: Town) -> dict:
    """What the demo holds, for the load command's report."""
    return {
        "policies": Policy.objects.filter(town=town).count(),
        "village_policies": Policy.objects.filter(town=town, level=Policy.Level.VILLAGE).count(),
        "entitlements": Entitlement.objects.filter(policy__town=town).count(),
        "paid": (Payment.objects.filter(cycle__policy__town=town).aggregate(t=Sum("amount"))["t"]
                 or Decimal("0")).quantize(Decimal("0.01")),
        "open": Cycle.objects.filter(policy__town=town).filter(~Q(status=Cycle.Status.CLOSED)).count(),
    }
