"""The registry as of a date: a past day's figures come from dated records, so later changes leave them alone."""

import datetime

import pytest

from members import actions, queries_asof
from members.actions.common import log_event
from members.actions.corrections import correct_event, void_event
from members.actions.ledger import chain_ledger
from members.models import MaritalStatus, Relation, VitalEvent
from tests.factories import make_group
from tests.factories.members import make_household, person_fields

END_2025 = datetime.date(2025, 12, 31)
SINGLE, MARRIED, DIVORCED = MaritalStatus.SINGLE, MaritalStatus.FIRST_MARRIAGE, MaritalStatus.DIVORCED


def woman(name, born, relation, marital_status):
    return person_fields(name=name, sex="F", born=born, relation=relation, marital_status=marital_status)


@pytest.fixture
def town_2025(set_today, village, other_village, town_office):
    """Three households entered on 2025-01-10; a birth in March and a marriage in June 2025."""
    set_today(datetime.date(2025, 1, 10))
    groups = {"a1": make_group(village=village, number=1), "a2": make_group(village=village, number=2),
              "b1": make_group(village=other_village, number=1)}
    first = make_household(group=groups["a1"], number="A1", by=town_office)  # 王强 and 李芳 (1988), married
    second = make_household(group=groups["a2"], number="A2", by=town_office, people=[
        person_fields(name="张伟", born=datetime.date(1990, 1, 1), marital_status=SINGLE),
        woman("赵敏", datetime.date(1995, 5, 5), Relation.YOUNGER_SISTER, SINGLE)])
    third = make_household(group=groups["b1"], number="B1", by=town_office, people=[
        person_fields(name="刘洋", born=datetime.date(1960, 1, 1)),
        woman("陈静", datetime.date(1962, 2, 2), Relation.WIFE, MARRIED),
        woman("刘丽", datetime.date(1990, 3, 3), Relation.DAUGHTER, MARRIED),
        woman("孙梅", datetime.date(1980, 4, 4), Relation.OTHER_RELATIVE, DIVORCED)])
    set_today(datetime.date(2025, 3, 5))
    actions.record_birth(mother=first.people.get(name="李芳"), child_name="王玥", sex="F",
                         born_on=datetime.date(2025, 3, 1), by=town_office)
    set_today(datetime.date(2025, 6, 15))
    actions.record_marriage(person=second.people.get(name="赵敏"), spouse_name="外村人",
                            married_on=datetime.date(2025, 6, 15), by=town_office)
    return {"households": (first, second, third), "groups": groups, "village": village,
            "other_village": other_village}


def figures(town_id, on=END_2025):
    return {
        "registered": queries_asof.registered_people(town_id, on),
        "registered_by_sex_and_age": queries_asof.registered_people(town_id, on, by=("sex", "age_band")),
        "married_women": queries_asof.married_women_of_childbearing_age(town_id, on),
        "births": queries_asof.births(town_id, datetime.date(2025, 1, 1), on),
        "households": queries_asof.households(town_id, on),
    }


def key(world, group, *rest):
    village = world["other_village"] if group == "b1" else world["village"]
    return (village.pk, world["groups"][group].pk, *rest)


def test_figures_for_the_end_of_2025(town_2025, town):
    world = town_2025
    seen = figures(town.pk)
    assert seen["registered"] == {key(world, "a1"): 3, key(world, "a2"): 2, key(world, "b1"): 4}
    assert seen["married_women"] == {key(world, "a1"): 1, key(world, "a2"): 1, key(world, "b1"): 1}
    assert seen["births"] == {key(world, "a1", 1): 1}
    assert seen["households"] == {key(world, "a1"): 1, key(world, "a2"): 1, key(world, "b1"): 1}
    by_age = seen["registered_by_sex_and_age"]
    assert by_age[key(world, "a1", "F", "0-14")] == 1 and by_age[key(world, "a1", "F", "15-49")] == 1
    assert by_age[key(world, "b1", "F", "50-64")] == 1 and key(world, "b1", "M", "65+") in by_age


def test_a_marriage_counts_from_its_date(town_2025, town):
    world = town_2025
    assert key(world, "a2") not in queries_asof.married_women_of_childbearing_age(town.pk, datetime.date(2025, 6, 14))
    assert queries_asof.married_women_of_childbearing_age(town.pk, datetime.date(2025, 6, 15))[key(world, "a2")] == 1


def test_changes_in_2026_leave_the_figures_of_2025_alone(town_2025, town, set_today, town_office):
    # Given the figures of 2025, computed at the end of 2025
    first, second, third = town_2025["households"]
    before = figures(town.pk)
    set_today(datetime.date(2026, 3, 1))
    zhao, li = second.people.get(name="赵敏"), first.people.get(name="李芳")

    # When 2026 brings births, a divorce, moves, a death, a marriage, a new household, a void and a correction
    born = actions.record_birth(mother=zhao, child_name="张小", sex="M", born_on=datetime.date(2026, 2, 1),
                                by=town_office)
    actions.record_divorce(person=li, divorced_on=datetime.date(2026, 2, 10), by=town_office)
    moved = actions.record_move_out(person=first.people.get(name="王强"), moved_on=datetime.date(2026, 2, 15),
                                    place="外省", by=town_office)
    actions.record_death(person=third.people.get(name="陈静"), died_on=datetime.date(2026, 2, 20), by=town_office)
    actions.record_marriage(person=third.people.get(name="孙梅"), spouse_name="外镇人",
                            married_on=datetime.date(2026, 2, 25), by=town_office)
    actions.move_person(person=third.people.get(name="刘丽"), to_household=first, relation=Relation.OTHER_RELATIVE,
                        moved_on=datetime.date(2026, 2, 26), by=town_office)
    actions.move_household_out(household=second, moved_on=datetime.date(2026, 2, 28), destination="外省",
                               reason="务工", by=town_office)
    make_household(group=town_2025["groups"]["a2"], number="A3", by=town_office,
                   registered_on=datetime.date(2026, 3, 1), people=[person_fields(name="吴刚")])
    void_event(event=moved, reason="未迁出", by=town_office)
    correct_event(event=born, reason="日期填错", by=town_office, born_on=datetime.date(2026, 1, 25))

    # Then 2025 reads as it did, and 2026 shows the changes
    assert figures(town.pk) == before
    world = town_2025
    assert queries_asof.married_women_of_childbearing_age(town.pk, datetime.date(2026, 3, 1)) == {
        key(world, "a1"): 1, key(world, "b1"): 1}
    assert queries_asof.births(town.pk, datetime.date(2026, 1, 1), datetime.date(2026, 3, 1)) == {
        key(world, "a2", 1): 1}
    assert queries_asof.households(town.pk, datetime.date(2026, 3, 1)) == {
        key(world, "a1"): 1, key(world, "a2"): 1, key(world, "b1"): 1}


def test_a_2025_birth_voided_in_2026_stays_in_2025s_register_but_leaves_its_births(town_2025, town, set_today,
                                                                                  town_office):
    before = figures(town.pk)
    set_today(datetime.date(2026, 3, 1))
    birth = VitalEvent.objects.get(kind=VitalEvent.Kind.BIRTH)
    void_event(event=birth, reason="重复登记", by=town_office)
    after = figures(town.pk)
    assert after["registered"] == before["registered"]
    assert after["births"] == {}
    assert sum(queries_asof.registered_people(town.pk, datetime.date(2026, 3, 1)).values()) == 8


def test_a_marriage_recorded_after_the_entry_with_an_earlier_date_counts(set_today, village, town_office, town):
    set_today(datetime.date(2026, 3, 1))
    household = make_household(village=village, by=town_office, people=[
        woman("周红", datetime.date(1990, 1, 1), Relation.HEAD, SINGLE)])
    actions.record_marriage(person=household.people.get(), spouse_name="外村人",
                            married_on=datetime.date(2025, 10, 1), by=town_office)
    assert sum(queries_asof.married_women_of_childbearing_age(town.pk, datetime.date(2026, 3, 1)).values()) == 1


def test_the_figures_take_a_few_queries_whatever_the_size(town_2025, town, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        figures(town.pk)


def placed_by_the_summed_ledger(town_id, on):
    """The definition read straight off the ledger, person by person: in the town's register when their rows in
    the town recorded up to `on` add up to more than nothing, placed by their latest row anywhere."""
    rows = {}
    for row in (VitalEvent.objects.filter(recorded_on__lte=on).select_related("village", "household")
                .order_by("person_id", "recorded_on", "pk")):
        rows.setdefault(row.person_id, []).append(row)
    placed = {}
    for person_id, theirs in rows.items():
        if sum(row.change for row in theirs if row.village.town_id == town_id) > 0:
            placed[person_id] = (theirs[-1].village_id, theirs[-1].household.group_id)
    return placed


def test_everyone_is_placed_as_the_summed_ledger_places_them_on_every_day(town_2025, town, set_today, town_office):
    # Given a year of moves, a death, a void, and a row recorded before a person's latest (an entry made late)
    first, second, third = town_2025["households"]
    set_today(datetime.date(2026, 3, 1))
    moved = actions.record_move_out(person=first.people.get(name="王强"), moved_on=datetime.date(2026, 2, 15),
                                    place="外省", by=town_office)
    actions.record_death(person=third.people.get(name="陈静"), died_on=datetime.date(2026, 2, 20), by=town_office)
    liu = third.people.get(name="刘丽")
    actions.move_person(person=liu, to_household=first, relation=Relation.OTHER_RELATIVE,
                        moved_on=datetime.date(2026, 2, 26), by=town_office)
    actions.move_person(person=second.people.get(name="张伟"), to_household=third, relation=Relation.OTHER_RELATIVE,
                        moved_on=datetime.date(2026, 2, 27), by=town_office)
    void_event(event=moved, reason="未迁出", by=town_office)
    log_event(kind=VitalEvent.Kind.TRANSFER, person=liu, household=third, occurred_on=datetime.date(2025, 9, 1),
              change=0, by=town_office, recorded_on=datetime.date(2025, 9, 2))

    # Then on every day something was recorded, the day before and the day after, the spans agree with the sums
    days = {day + datetime.timedelta(days=shift) for day in VitalEvent.objects.values_list("recorded_on", flat=True)
            for shift in (-1, 0, 1)}
    for day in sorted(days):
        found = {person.pk: (person.village_on, person.group_on) for person in queries_asof.in_register(town.pk, day)}
        assert found == placed_by_the_summed_ledger(town.pk, day), day
    # The row recorded late placed 刘丽 back in her first household from then until she moved
    assert {p.pk: p.group_on for p in queries_asof.in_register(town.pk, datetime.date(2025, 10, 1))}[liu.pk] == \
        town_2025["groups"]["b1"].pk


def test_each_row_is_the_latest_until_the_next_is_recorded(town_2025, town, set_today, town_office):
    first = town_2025["households"][0]
    set_today(datetime.date(2026, 3, 1))
    wang = first.people.get(name="王强")
    actions.record_move_out(person=wang, moved_on=datetime.date(2026, 2, 15), place="外省", by=town_office)

    spans = list(VitalEvent.objects.filter(person=wang).order_by("recorded_on", "pk")
                 .values_list("kind", "recorded_on", "superseded_on", "total_after"))

    assert spans == [("registered", datetime.date(2025, 1, 10), datetime.date(2026, 3, 1), 1),
                     ("move_out", datetime.date(2026, 3, 1), None, 0)]
    assert wang.pk not in {p.pk for p in queries_asof.in_register(town.pk, datetime.date(2026, 3, 1))}
    assert wang.pk in {p.pk for p in queries_asof.in_register(town.pk, datetime.date(2026, 2, 28))}


def test_chaining_a_whole_town_writes_the_same_spans_as_each_insert(town_2025, town):
    before = list(VitalEvent.objects.order_by("pk").values_list("pk", "superseded_on", "total_after"))
    VitalEvent.objects.update(superseded_on=None, total_after=0)

    chain_ledger(town_id=town.pk)

    assert list(VitalEvent.objects.order_by("pk").values_list("pk", "superseded_on", "total_after")) == before
