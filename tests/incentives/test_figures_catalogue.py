"""The benefits' figures in the catalogue: dated by adoption, payment and budget year, added up to the town."""

import datetime
from decimal import Decimal

import pytest

from incentives import actions
from incentives.models import Cycle, Policy
from incentives.queries import budget_rows, village_policy_kinds
from tests.factories import make_group, make_user
from tests.factories.incentives import computed_cycle, make_policy
from tests.factories.members import make_household
from villages import catalogue
from villages.catalogue import GROUP, TOWN, VILLAGE
from villages.models import User
from villages.periods import Period

D = datetime.date
YEAR, NEXT = Period.parse("2025"), Period.parse("2026")
PENSION = Policy.VillagePolicyKind.TWO_DAUGHTER_PENSION


def _pay(cycle: Cycle, village, day: datetime.date, by) -> None:
    total = sum(e.amount for e in cycle.entitlements.filter(village=village, status="approved"))
    actions.record_payment(cycle=cycle, village=village, paid_on=day, method="card",
                           reference=f"R{cycle.pk}-{village.pk}-{day:%m%d}", amount=total, by=by)


def _approve(cycle: Cycle, villages, by) -> Cycle:
    for village in villages:
        actions.confirm_entitlements(cycle=cycle, village=village, by=by)
    actions.approve_cycle(cycle=cycle, by=by)
    Cycle.objects.filter(pk=cycle.pk).update(approved_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC))
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def world(town, village, other_village, town_office):
    """A couple in each village; a town-wide policy for persons (100 a year) paid in 2025 in one village and in
    2026 in the other; the village's pension policy for households (200) paid in 2025; budgets for 2025 and
    2026; two village policies in force only outside 2025."""
    group = make_group(village=village, number=1)
    here = make_household(group=group)
    make_household(group=make_group(village=other_village, number=1))
    everyone = make_policy(town=town, name="全镇补助")
    pension = make_policy(town=town, village=village, name="双女户养老保险", beneficiary="household",
                          kind="insurance", village_policy_kind=PENSION,
                          rates=((200, "year", D(2020, 1, 1), None),), adopted_on=D(2020, 1, 1))
    make_policy(town=town, village=other_village, name="明年的政策", village_policy_kind=PENSION,
                adopted_on=D(2026, 3, 1))
    ended = make_policy(town=town, village=other_village, name="去年停止的政策", village_policy_kind=PENSION,
                        adopted_on=D(2019, 1, 1))
    actions.end_policy(policy=ended, ended_on=D(2024, 6, 30), reason="并入镇政策", by=town_office)
    first = _approve(computed_cycle(everyone), [village, other_village], town_office)
    _pay(first, village, D(2025, 12, 20), town_office)
    _pay(first, other_village, D(2026, 1, 10), town_office)  # the 2025 cycle, paid late: counts in 2026
    second = _approve(computed_cycle(pension), [village], town_office)
    _pay(second, village, D(2025, 12, 21), town_office)
    actions.set_budget(policy=everyone, year=2025, amount=Decimal(1000), by=town_office)
    actions.set_budget(policy=pension, year=2025, amount=Decimal(500), by=town_office, village=village)
    actions.set_budget(policy=everyone, year=2026, amount=Decimal(5000), by=town_office)
    return {"everyone": everyone, "pension": pension, "group": group, "here": here}


def test_money_counts_by_the_day_it_was_paid(town, village, other_village, world):
    found = catalogue.compute(town.pk, YEAR, ["incentives.amount_paid"])
    assert found.get("incentives.amount_paid") == 400
    assert found.get("incentives.amount_paid", VILLAGE, village.pk) == 400
    assert found.get("incentives.amount_paid", VILLAGE, other_village.pk) == 0
    assert found.get("incentives.amount_paid", category=f"policy:{world['pension'].pk}") == 200
    later = catalogue.compute(town.pk, NEXT, ["incentives.amount_paid"])
    assert later.get("incentives.amount_paid", VILLAGE, other_village.pk) == 200


def test_beneficiaries_households_and_people_paid_in_the_period(town, village, other_village, world):
    found = catalogue.compute(town.pk, YEAR, ["incentives.beneficiaries_paid", "incentives.households_paid",
                                              "incentives.people_paid"])
    # Two persons under the town's policy and one household under the village's.
    assert found.get("incentives.beneficiaries_paid") == 3
    assert found.get("incentives.beneficiaries_paid", category=f"policy:{world['everyone'].pk}") == 2
    assert found.get("incentives.beneficiaries_paid", GROUP, world["group"].pk) == 3
    assert found.get("incentives.households_paid") == 1
    assert found.get("incentives.households_paid", VILLAGE, village.pk) == 1
    assert found.get("incentives.people_paid") == 2
    assert found.get("incentives.people_paid", VILLAGE, other_village.pk) == 0  # paid in 2026


def test_policies_and_village_policy_kinds_in_force_during_the_period(town, village, other_village, world):
    found = catalogue.compute(town.pk, YEAR, ["incentives.policies_in_force", "incentives.village_policy_adoptions"])
    assert found.get("incentives.policies_in_force") == 2
    assert found.get("incentives.policies_in_force", VILLAGE, village.pk) == 1
    assert found.get("incentives.policies_in_force", VILLAGE, other_village.pk) == 0
    assert found.get("incentives.policies_in_force", category="level:town") == 1
    assert found.get("incentives.village_policy_adoptions", category=f"village_policy_kind:{PENSION}") == 1
    assert found.get("incentives.village_policy_adoptions", VILLAGE, other_village.pk) == 0
    later = catalogue.compute(town.pk, NEXT, ["incentives.village_policy_adoptions"])
    assert later.get("incentives.village_policy_adoptions", VILLAGE, other_village.pk) == 1


def test_budgets_and_the_share_paid_against_them(town, village, world):
    found = catalogue.compute(town.pk, YEAR, ["incentives.budget", "incentives.budget_paid",
                                              "incentives.budget_paid_share"])
    assert found.get("incentives.budget") == 1500
    assert found.get("incentives.budget", VILLAGE, village.pk) == 500
    # The town's policy has no village budget: what was paid for it counts against the town's budget only.
    assert found.get("incentives.budget_paid") == 400
    assert found.get("incentives.budget_paid", VILLAGE, village.pk) == 200
    assert found.get("incentives.budget_paid_share") == Decimal("26.7")
    assert found.get("incentives.budget_paid_share", VILLAGE, village.pk) == Decimal("40.0")
    assert catalogue.compute(town.pk, NEXT, ["incentives.budget"]).get("incentives.budget") == 5000


def test_the_budget_page_reads_what_was_paid_from_the_catalogue(town_office, village, world):
    rows = {(b.policy_id, b.village_id): b for b in budget_rows(town_office, 2025)}
    assert rows[(world["everyone"].pk, None)].paid == 200
    assert rows[(world["pension"].pk, village.pk)].paid == 200
    assert rows[(world["everyone"].pk, None)].committed == 400  # the year's cycle, whenever it is paid


def test_village_policy_kinds_read_the_catalogue_for_the_users_unit(town_office, village, other_village, world):
    reader = make_user(role=User.Role.SPECIALIST, village=other_village, username="other-specialist")
    assert {r["kind"]: r["villages"] for r in village_policy_kinds(town_office, YEAR)}[PENSION] == 1
    assert {r["kind"]: r["villages"] for r in village_policy_kinds(reader, YEAR)}[PENSION] == 0
    assert {r["kind"]: r["villages"] for r in village_policy_kinds(reader, NEXT)}[PENSION] == 1


def test_records_behind_a_figure_are_scoped_to_the_reader(village, other_village, specialist, world):
    reader = make_user(role=User.Role.SPECIALIST, village=other_village, username="other-specialist")
    paid = catalogue.get("incentives.amount_paid")
    assert {p.village_id for p in paid.records(specialist, YEAR, TOWN, None)} == {village.pk}
    assert not paid.records(reader, YEAR, TOWN, None).exists()
    assert not paid.records(reader, YEAR, VILLAGE, village.pk).exists()
    people = catalogue.get("incentives.people_paid")
    assert people.records(specialist, YEAR, GROUP, world["group"].pk).count() == 2
    assert not people.records(reader, YEAR, GROUP, world["group"].pk).exists()
    budgets = catalogue.get("incentives.budget_paid")
    assert budgets.records(specialist, YEAR, VILLAGE, village.pk).count() == 1
    assert not budgets.records(reader, YEAR, VILLAGE, village.pk).exists()


def test_every_figure_has_a_definition_and_registers_its_years(town, world):
    mine = [f for f in catalogue.catalogue() if f.code.startswith("incentives.")]
    assert all(str(f.definition) and (f.records or f.is_indicator) for f in mine)
    assert {2025, 2026} <= set(catalogue.years_with_data(town.pk))
