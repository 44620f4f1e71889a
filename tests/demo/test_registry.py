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
