"""Benefit cycles: computing is idempotent, rates are kept, the village reviews, the town approves,
payments reconcile, recipients are held and resumed, and nothing is paid twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from incentives import actions
from incentives.actions.payments import reconciliation
from incentives.models import Cycle, Entitlement, Hold, Payment
from members import actions as registry
from tests.factories.incentives import childcare_subsidy, computed_cycle, rural_reward, two_daughter_pension
from tests.factories.members import head, wife

D = datetime.date
S = Entitlement.Status


@pytest.fixture
def babies(family):
    return [family(children=[("M", D(2024, 2, 1))], names=["王强", "李芳", "王小一"]),
            family(children=[("F", D(2022, 10, 15))], names=["张伟", "刘丽", "张小二"])]


def test_computing_twice_adds_nothing_and_a_new_birth_adds_only_its_entitlement(town, babies):
    policy = childcare_subsidy(town)
    cycle = computed_cycle(policy)
    assert cycle.entitlements.count() == 2

    again = actions.compute_cycle(cycle=cycle, by=None)
    assert (again.new, again.kept) == (0, 2)

    registry.record_birth(mother=wife(babies[0]), child_name="王小三", sex="F", born_on=D(2025, 11, 2), by=None)
    third = actions.compute_cycle(cycle=cycle, by=None)
    assert (third.new, third.kept) == (1, 2)
    assert sorted(cycle.entitlements.values_list("amount", flat=True)) == [Decimal("2700.00"), Decimal("3600.00"),
                                                                          Decimal("3600.00")]


def test_opening_a_cycle_again_returns_the_same_cycle(town, babies, town_office):
    policy = childcare_subsidy(town)
    first = actions.open_cycle(policy=policy, period="2025", by=town_office)
    assert actions.open_cycle(policy=policy, period="2025", by=town_office) == first
    assert Cycle.objects.count() == 1


def test_cycle_refuses_a_proposal_a_period_of_another_frequency_and_the_future(town, town_office):
    policy = childcare_subsidy(town)
    with pytest.raises(ValidationError) as error:
        actions.open_cycle(policy=policy, period="2025-03", by=town_office)
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError):
        actions.open_cycle(policy=policy, period="2099", by=town_office)
    with pytest.raises(ValidationError):
        actions.open_cycle(policy=policy, period="2024", by=town_office)  # adopted in 2025
    policy = actions.update_policy(policy=policy, by=town_office, adopted_on=None)
    with pytest.raises(ValidationError) as error:
        actions.open_cycle(policy=policy, period="2025", by=town_office)
    assert "policy" in error.value.message_dict


def test_only_the_town_office_computes(town, babies, specialist, leader):
    policy = childcare_subsidy(town)
    cycle = actions.open_cycle(policy=policy, period="2025", by=None)
    for user in (specialist, leader):
        with pytest.raises(PermissionDenied):
            actions.compute_cycle(cycle=cycle, by=user)


def test_database_refuses_a_second_entitlement_for_the_same_beneficiary_policy_and_period(town, babies):
    cycle = computed_cycle(childcare_subsidy(town))
    first = cycle.entitlements.first()
    duplicate = Entitlement(cycle=cycle, policy=cycle.policy, period="2025", village=first.village,
                            household=first.household, person=first.person, rate=first.rate, unit_amount=1,
                            unit="year", amount=1, computed_at=first.computed_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_changing_a_rate_never_changes_computed_entitlements(town, babies, town_office):
    policy = childcare_subsidy(town)
    cycle = computed_cycle(policy)
    old = policy.rates.get()

    with pytest.raises(ValidationError) as error:
        actions.correct_rate(rate=old, amount=Decimal("5000"), by=town_office)
    assert "amount" in error.value.message_dict
    new = actions.add_rate(policy=policy, amount=Decimal("4800"), unit="year", valid_from=D(2026, 1, 1),
                           by=town_office)
    old.refresh_from_db()

    assert old.valid_until == D(2025, 12, 31) and new.valid_until is None
    assert actions.compute_cycle(cycle=cycle, by=town_office).new == 0
    assert set(cycle.entitlements.values_list("rate", "unit_amount")) == {(old.pk, Decimal("3600.00"))}


def test_overlapping_rates_are_refused(town, town_office):
    policy = rural_reward(town)
    with pytest.raises(ValidationError) as error:
        actions.add_rate(policy=policy, amount=Decimal("1"), unit="year", valid_from=D(2020, 1, 1),
                         valid_until=D(2020, 12, 31), by=town_office)
    assert "valid_from" in error.value.message_dict


def test_village_reviews_town_approves_with_an_exception_and_payments_reconcile(town, babies, specialist, town_office,
                                                                                village):
    cycle = computed_cycle(childcare_subsidy(town))
    first, second = cycle.entitlements.order_by("pk")

    with pytest.raises(ValidationError):
        actions.approve_cycle(cycle=cycle, by=town_office)  # nothing confirmed yet
    assert actions.confirm_entitlements(cycle=cycle, village=village, by=specialist) == 2
    with pytest.raises(ValidationError) as error:
        actions.approve_cycle(cycle=cycle, by=town_office, exceptions={first.pk: ""})
    assert "exceptions" in error.value.message_dict
    actions.approve_cycle(cycle=cycle, by=town_office, exceptions={first.pk: "银行账户信息有误"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_reason, second.status) == (S.EXCEPTED, "银行账户信息有误", S.APPROVED)
    with pytest.raises(ValidationError) as error:
        actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="card",
                               reference="B1", amount=Decimal("1"), by=town_office)
    assert "amount" in error.value.message_dict
    assert not Payment.objects.exists()
    payment = actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="card",
                                     reference="B1", amount=second.amount, by=town_office)

    second.refresh_from_db()
    assert second.status == S.PAID and second.payment == payment
    assert reconciliation(cycle) == {"approved": second.amount, "paid": second.amount, "outstanding": Decimal("0"),
                                     "reconciles": True}


def test_village_returns_an_entitlement_with_a_reason_and_the_town_reopens_it(town, babies, specialist, town_office):
    cycle = computed_cycle(childcare_subsidy(town))
    entitlement = cycle.entitlements.first()
    with pytest.raises(ValidationError):
        actions.return_entitlement(entitlement=entitlement, reason=" ", by=specialist)

    actions.return_entitlement(entitlement=entitlement, reason="已随父母迁往外省", by=specialist)
    entitlement.refresh_from_db()
    assert (entitlement.status, entitlement.status_reason) == (S.RETURNED, "已随父母迁往外省")

    actions.reopen_entitlement(entitlement=entitlement, by=town_office)
    entitlement.refresh_from_db()
    assert (entitlement.status, entitlement.status_reason) == (S.PENDING, "")
    assert entitlement.history.count() == 3


def test_specialist_cannot_review_another_village(town, babies, other_village):
    from tests.factories import make_user
    from villages.models import User

    stranger = make_user(role=User.Role.SPECIALIST, village=other_village)
    cycle = computed_cycle(childcare_subsidy(town))
    with pytest.raises(PermissionDenied):
        actions.confirm_entitlements(cycle=cycle, village=babies[0].village, by=stranger)
    with pytest.raises(PermissionDenied):
        actions.return_entitlement(entitlement=cycle.entitlements.first(), reason="x", by=stranger)


def test_suspended_recipient_is_held_in_later_computations_and_resumed(town, family, specialist):
    household = family(head_born=D(1960, 1, 1), wife_born=D(1970, 1, 1), children=[("F", D(1992, 1, 1))])
    policy = rural_reward(town)
    cycle = computed_cycle(policy, "2024")
    entitlement = cycle.entitlements.get()

    hold = actions.suspend_recipient(policy=policy, household=household, person=head(household),
                                     reason="户籍信息核实中", by=specialist)
    entitlement.refresh_from_db()
    assert (entitlement.status, entitlement.status_before_hold, entitlement.hold) == (S.SUSPENDED, S.PENDING, hold)
    later = computed_cycle(policy, "2025")
    assert later.entitlements.get().status == S.SUSPENDED

    actions.resume_recipient(hold=hold, note="核实无误", by=specialist)
    assert set(Entitlement.objects.values_list("status", flat=True)) == {S.PENDING}
    assert Hold.objects.get().ended_on is not None


def test_stopped_recipient_is_never_paid_and_cannot_be_resumed(town, family, specialist, town_office):
    household = family(head_born=D(1960, 1, 1), wife_born=D(1970, 1, 1), children=[("F", D(1992, 1, 1))])
    policy = rural_reward(town)
    cycle = computed_cycle(policy)
    hold = actions.stop_recipient(policy=policy, household=household, person=head(household),
                                  reason="已享受城镇职工同类待遇", by=specialist)
    with pytest.raises(ValidationError):
        actions.resume_recipient(hold=hold, note="x", by=specialist)
    with pytest.raises(ValidationError):
        actions.suspend_recipient(policy=policy, household=household, person=head(household), reason="y",
                                  by=specialist)
    assert cycle.entitlements.get().status == S.STOPPED
    with pytest.raises(ValidationError):
        actions.confirm_entitlements(cycle=cycle, village=household.village, by=specialist) or \
            actions.approve_cycle(cycle=cycle, by=town_office)


def test_closed_cycle_is_not_computed_again(town, babies, specialist, town_office, village):
    cycle = computed_cycle(childcare_subsidy(town))
    actions.confirm_entitlements(cycle=cycle, village=village, by=specialist)
    actions.approve_cycle(cycle=cycle, by=town_office)
    cycle.refresh_from_db()
    total = sum(e.amount for e in cycle.entitlements.all())
    actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="bank",
                           reference="R-1", amount=total, by=town_office)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.CLOSED
    with pytest.raises(ValidationError):
        actions.compute_cycle(cycle=cycle, by=town_office)


def test_once_policy_pays_each_beneficiary_once(town, family):
    from tests.factories.incentives import make_policy, rule

    household = family(children=[("F", D(2009, 3, 1))], names=["王强", "李芳", "王学"])
    girl = household.people.get(name="王学")
    actions.record_fact(household=household, person=girl, kind="scholarship_award", occurred_on=D(2024, 8, 1), by=None)
    policy = make_policy(town=town, rates=((1000, "once", D(2000, 1, 1), None),),
                         conditions=[rule("self", "certified", ["scholarship_award"])])

    assert computed_cycle(policy, "2024").entitlements.count() == 1
    assert computed_cycle(policy, "2025").entitlements.count() == 0


def test_household_policy_for_a_village_pays_only_its_village(town, family, other_village):
    from tests.factories import make_group
    from tests.factories.members import make_household, person_fields

    two_daughters = [("F", D(2010, 1, 1)), ("F", D(2012, 1, 1))]
    here = family(children=two_daughters)
    there = make_household(group=make_group(village=other_village), people=[
        person_fields(name="赵六", relation="02"), person_fields(name="钱七", sex="F", relation="12",
                                                               born=D(1986, 1, 1)),
        person_fields(name="赵一", sex="F", relation="30", born=D(2010, 1, 1), with_id=False),
        person_fields(name="赵二", sex="F", relation="30", born=D(2013, 1, 1), with_id=False)])
    cycle = computed_cycle(two_daughter_pension(town, village=here.village))
    assert list(cycle.entitlements.values_list("household", flat=True)) == [here.pk]
    assert there.pk != here.pk
