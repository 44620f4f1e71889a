"""The two evaluators of one rule definition agree: the explainer (one subject, with reasons) and
the set-based compiler (a whole town, as queries), on a varied population and every kind of condition."""

import datetime
import random
from decimal import Decimal
from itertools import product

from incentives.models import Cycle, Entitlement, Fact
from incentives.rules import rule_of
from incentives.rules.explain import explain
from incentives.rules.facts import load
from incentives.rules.run import run
from members.actions import recompute_birth_orders, recompute_town_family_categories
from members.models import Household, MaritalStatus, Person
from tests.factories import make_group, make_village
from tests.factories.incentives import make_policy, rule
from tests.factories.members import make_household, person_fields
from villages.periods import Period

D = datetime.date
MARRIED = ["20", "21", "22", "23"]


def _population(town, village, other):
    """Thirty households: couples with none to three children, elders, urban hukou, deaths, moves, facts."""
    rng = random.Random(11)
    groups = [make_group(village=village, number=1), make_group(village=other, number=1)]
    households = []
    for index in range(30):
        head_born = D(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
        wife_born = head_born + datetime.timedelta(days=rng.randint(0, 900))
        people = [person_fields(name=f"户主{index}", born=head_born, relation="02"),
                  person_fields(name=f"妻{index}", sex="F", born=wife_born, relation="12")]
        for child in range(rng.choice([0, 1, 1, 2, 2, 3])):
            year = max(head_born.year + 22, 1975) + 3 * child + rng.randint(0, 2)
            born = D(year, rng.randint(1, 12), rng.randint(1, 28))
            born = min(born, D(2025, 11, 30))
            people.append(person_fields(name=f"子{index}-{child}", sex=rng.choice("MF"), born=born,
                                        relation="20" if rng.random() < .5 else "30", with_id=False,
                                        marital_status=MaritalStatus.SINGLE))
        for person in people[2:]:
            person["relation"] = "20" if person["sex"] == "M" else "30"
        households.append(make_household(group=groups[index % 2], people=people,
                                         hukou_type="urban" if index % 7 == 0 else "rural"))
    for index, babies in enumerate([[D(2022, 10, 15)], [D(2023, 5, 1), D(2025, 4, 9)], [D(2022, 12, 31)]]):
        people = [person_fields(name=f"青年{index}", born=D(1996, 1, 1), relation="02"),
                  person_fields(name=f"青妻{index}", sex="F", born=D(1997, 1, 1), relation="12")]
        people += [person_fields(name=f"婴{index}-{n}", sex="F", born=born, relation="30", with_id=False,
                                 marital_status=MaritalStatus.SINGLE) for n, born in enumerate(babies)]
        households.append(make_household(group=groups[0], people=people))
    people = list(Person.objects.filter(household__in=households).order_by("pk"))
    for person in rng.sample(people, 8):
        day = D(2025, rng.randint(1, 12), rng.randint(1, 28))
        if day >= person.birth_date:
            Person.objects.filter(pk=person.pk).update(status="deceased", died_on=day, status_changed_on=day,
                                                       status_reason="病故")
    for person in rng.sample(people, 5):
        day = D(rng.choice([2024, 2025]), rng.randint(1, 12), 15)
        if day >= person.birth_date and not Person.objects.filter(pk=person.pk, status="deceased").exists():
            Person.objects.filter(pk=person.pk).update(status="moved_out", status_changed_on=day, status_reason="外出")
    for woman in [p for p in people if p.sex == "F" and p.relation == "12"][::2]:
        Person.objects.filter(pk=woman.pk).update(
            contraception=rng.choice(["iud", "tubal_ligation", "condom"]), contraception_since=D(2020, 1, 1),
            pregnancy=rng.choice(["", "pregnant"]), pregnancy_noted_on=D(2025, 3, 1))
    Person.objects.filter(pk=people[3].pk).update(residence="out_migrated")
    Household.objects.filter(pk=households[4].pk).update(status="moved_out", status_changed_on=D(2025, 6, 30),
                                                         status_reason="全户迁出")
    for person in people[::6]:
        for kind in ("association_staff", "scholarship_award", "pregnancy_check"):
            Fact.objects.create(kind=kind, village_id=person.household.village_id,
                                household_id=person.household_id, person=person,
                                occurred_on=D(2025, rng.randint(1, 9), 1),
                                valid_until=D(2025, 9, 30) if kind == "association_staff" and rng.random() < .5
                                else None)
    Fact.objects.create(kind="gave_up_birth", village_id=households[1].village_id,
                        household=households[1], occurred_on=D(2020, 1, 1))
    recompute_birth_orders(town=town)
    recompute_town_family_categories(town=town)


def _policies(town, village):
    one_off = make_policy(town=town, name="一次性", rates=((500, "once", D(2000, 1, 1), None),),
                          conditions=[rule("self", "sex", ["F"]), rule("self", "certified", ["scholarship_award"])])
    earlier = Person.objects.filter(facts__kind="scholarship_award", sex="F").order_by("pk").first()
    if earlier:
        cycle = Cycle.objects.create(policy=one_off, period="2024", starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31))
        Entitlement.objects.create(cycle=cycle, policy=one_off, period="2024", village_id=earlier.household.village_id,
                                   household_id=earlier.household_id, person=earlier, rate=one_off.rates.get(),
                                   unit_amount=500, unit="once", amount=500, computed_at=datetime.datetime.now(
                                       tz=datetime.UTC))
    return [
        make_policy(town=town, name="育儿", proration="months", births_in_full=True,
                    conditions=[rule("self", "age", maximum=2), rule("self", "alive", ["alive"])]),
        make_policy(town=town, name="奖扶", conditions=[
            rule("self", "role", ["parent"]), rule("self", "age", minimum=60), rule("household", "hukou", ["rural"]),
            rule("household", "family_category", ["one_child", "two_daughters", "lost_only_child"])]),
        make_policy(town=town, name="双女", beneficiary="household", proration="months", conditions=[
            rule("household", "family_category", ["two_daughters"]), rule("parent", "age", minimum=18, maximum=59)]),
        make_policy(town=town, name="保健费", beneficiary="household", conditions=[
            rule("household", "family_category", ["one_child"]), rule("child", "age", maximum=13),
            rule("child", "alive", ["alive"])]),
        make_policy(town=town, name="两女", beneficiary="household", village=village, conditions=[
            rule("household", "children", ["F"], minimum=2), rule("household", "children", maximum=2)]),
        make_policy(town=town, name="次女", conditions=[
            rule("self", "sex", ["F"]), rule("self", "role", ["child"]),
            rule("self", "born", date_from=D(1995, 1, 1), date_to=D(2020, 12, 31)),
            rule("self", "birth_order", minimum=2)]),
        make_policy(town=town, name="协会", proration="months", rates=((60, "month", D(2000, 1, 1), None),),
                    conditions=[rule("self", "marital", MARRIED), rule("self", "residence", ["resident"]),
                                rule("self", "certified", ["association_staff"])]),
        make_policy(town=town, name="节育", uses_sensitive_data=True, conditions=[
            rule("self", "sex", ["F"]), rule("self", "contraception", ["iud", "tubal_ligation"]),
            rule("child", "age", maximum=25), rule("self", "pregnancy", ["pregnant"])]),
        make_policy(town=town, name="丧偶", beneficiary="household", conditions=[
            rule("parent", "alive", ["deceased"]), rule("household", "children", maximum=1)]),
        make_policy(town=town, name="承诺", beneficiary="household", conditions=[
            rule("household", "certified", ["gave_up_birth"]), rule("household", "registered")]),
        make_policy(town=town, name="孕检", rates=((5, "occasion", D(2000, 1, 1), None, "pregnancy_check"),),
                    conditions=[rule("self", "sex", ["F"]), rule("self", "age", minimum=15, maximum=49)]),
        make_policy(town=town, name="城镇", beneficiary="household", conditions=[
            rule("household", "hukou", ["urban"]), rule("parent", "age", minimum=40, on_date=D(2020, 1, 1)),
            rule("parent", "marital", MARRIED)]),
        make_policy(town=town, name="村外", conditions=[rule("household", "village", [village.pk + 1000]),
                                                          rule("self", "alive", ["alive"])]),
        one_off,
    ]


def test_explainer_and_compiler_agree_on_every_subject(town, village):
    other = make_village(town=town, name="永中村")
    _population(town, village, other)
    policies = _policies(town, village)
    facts = {h.pk: load(h) for h in Household.objects.filter(town=town).select_related("village")}
    checked = 0
    for policy, period in product(policies, ["2025", "2024", "2025Q2", "202502"]):
        parsed = Period.parse(period)
        rule, rates = rule_of(policy), list(policy.rates.order_by("valid_from"))
        found = {c.key: c for c in run(policy, parsed).candidates}
        subjects = Person.objects.filter(town=town) if policy.for_persons else Household.objects.filter(town=town)
        for subject in subjects.order_by("pk"):
            household_id = subject.household_id if policy.for_persons else subject.pk
            explanation = explain(policy, subject, parsed, facts=facts[household_id], rule=rule, rates=rates)
            candidate = found.get(subject.pk)
            assert bool(explanation.eligible) == (candidate is not None), (policy.name, period, subject,
                                                                           explanation.summary)
            if candidate:
                assert (explanation.amount, explanation.mask, explanation.rate) == (
                    candidate.amount, candidate.mask, candidate.rate), (policy.name, subject)
                checked += 1
        assert all(c.amount >= Decimal("0") for c in found.values())
    assert checked > 100
