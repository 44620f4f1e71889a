"""The demo's policies and a year of paid cycles, on the demo villages with a small registry."""

import datetime
from decimal import Decimal

from django.db.models import Sum

from demo import benefits
from demo.town import build as build_demo_town
from incentives.actions.payments import reconciliation
from incentives.models import Cycle, Entitlement, Policy
from incentives.queries import village_policy_kinds
from members.models import MaritalStatus, Relation
from tests.factories.members import make_household, person_fields
from villages.periods import Period

D = datetime.date


def _registry(town):
    """Two families in each named village: a couple over 60 with one daughter, a young two-daughter family."""
    for village in town.villages.filter(name__in=["大旗村", "荀子村", "永中村", "前塘村"]):
        group = village.groups.first()
        make_household(group=group, people=[
            person_fields(name=f"{village.name[0]}老汉", born=D(1960, 3, 1), relation=Relation.HEAD),
            person_fields(name=f"{village.name[0]}大娘", sex="F", born=D(1962, 5, 1), relation=Relation.WIFE),
            person_fields(name=f"{village.name[0]}女", sex="F", born=D(1988, 1, 1), relation=Relation.DAUGHTER)])
        make_household(group=group, people=[
            person_fields(name=f"{village.name[0]}青", born=D(1990, 3, 1), relation=Relation.HEAD),
            person_fields(name=f"{village.name[0]}妻", sex="F", born=D(1992, 5, 1), relation=Relation.WIFE,
                          contraception="iud", contraception_since=D(2020, 1, 1)),
            person_fields(name=f"{village.name[0]}大", sex="F", born=D(2015, 1, 1), relation=Relation.DAUGHTER,
                          with_id=False, marital_status=MaritalStatus.SINGLE),
            person_fields(name=f"{village.name[0]}小", sex="F", born=D(2024, 9, 1), relation=Relation.DAUGHTER,
                          with_id=False, marital_status=MaritalStatus.SINGLE)])


def test_demo_builds_the_seeds_policies_and_a_paid_year_and_changes_nothing_when_run_again(town_office):
    town = build_demo_town()
    _registry(town)

    written = benefits.build(town)

    assert written["policies"] == 109
    kinds = {row["kind"]: row["villages"] for row in village_policy_kinds(town_office, Period.parse("2025"))}
    assert kinds == {"two_daughter_pension": 35, "gave_up_birth": 23, "one_child": 20, "two_daughter_tuition": 13,
                     "timely_measures": 9}
    xunzi = Policy.objects.get(village__name="荀子村", village_policy_kind="two_daughter_tuition")
    assert xunzi.name == "双女户子女免费入学"
    named = ("孕情监测补助", "双女户养老保险（落实长效节育措施）")
    yongzhong = Policy.objects.filter(village__name="永中村", name__in=named)
    assert {p.rates.get().amount for p in yongzhong} == {Decimal("5.00"), Decimal("500.00")}
    assert Policy.objects.get(village__name="前塘村", kind="wage").rates.get().unit == "month"
    assert Entitlement.objects.filter(policy__code="national-childcare-subsidy").count() == 4
    for cycle in Cycle.objects.filter(entitlements__isnull=False).distinct():
        assert reconciliation(cycle)["reconciles"]
    paid = Entitlement.objects.filter(status="paid").aggregate(total=Sum("amount"))["total"]

    assert benefits.build(town) == {}
    assert Entitlement.objects.filter(status="paid").aggregate(total=Sum("amount"))["total"] == paid
