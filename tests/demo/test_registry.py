from demo import registry
from demo.town import build as build_demo_town


def test_demo_plan_reproduces_the_seed_figures_and_is_deterministic(db):
    town = build_demo_town()

    first = registry.plan(town)
    second = registry.plan(town)

    living = registry.registered(first)
    assert len(living) == registry.PEOPLE == 47_600
    assert sum(1 for person in living if registry.is_counted_woman(person)) == 9_344
    assert len(first) == registry.HOUSEHOLDS
    assert {h.village.pk for h in first} == set(town.villages.values_list("pk", flat=True))
    assert [(p.name, p.born) for h in first[:200] for p in h.people] == \
        [(p.name, p.born) for h in second[:200] for p in h.people]
    names = {p.name for h in first for p in h.people}
    assert {"王喆", "李玥", "张龑"} <= names


def test_demo_build_leaves_a_town_with_households_alone(db, village, specialist):
    from tests.factories.members import make_household

    make_household(village=village, by=specialist)
    assert registry.build(village.town) == 0


def test_demo_population_keeps_the_registrys_rules_of_possible_facts(db):
    """The demo is written in bulk, past the actions: its plan is held to the same rules here."""
    from members.models.codes import EVER_MARRIED
    from members.rules import validation

    households = registry.plan(build_demo_town())
    on = registry.REFERENCE_DATE
    found = []
    for household in households:
        found.append(validation.in_the_past("poverty_since", household.poverty_since, today=on))
        for p in household.people:
            born = p.born
            found += [
                validation.possible_birth_date("birth_date", born, today=on),
                validation.parents_at_birth(born, mother_born=p.mother.born if p.mother else None,
                                            father_born=p.father.born if p.father else None),
                validation.marriage_age("married_on", p.married_on, born=born, sex=p.sex, name=p.name),
                validation.ever_married_age("marital", ever_married=p.marital in EVER_MARRIED, born=born, sex=p.sex,
                                            name=p.name, today=on),
                validation.move_out_dates("status_on", p.status_on, born=born, name=p.name, arrived_on=p.arrived_on),
            ]
            for field in ("status_on", "arrived_on", "married_on", "contraception_since", "pregnant_since"):
                day = getattr(p, field)
                found += [validation.in_the_past(field, day, today=on),
                          validation.after_birth(field, day, born=born, name=p.name)]
    assert [errors for errors in found if errors] == []
