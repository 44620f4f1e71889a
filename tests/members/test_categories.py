import datetime

from members import actions
from members.models import FamilyCategory, MaritalStatus, Relation
from tests.factories.members import head, make_household, person_fields, wife

Category = FamilyCategory.Category


def _born(mother, name, sex, day, by):
    return actions.record_birth(mother=mother, child_name=name, sex=sex, born_on=day, by=by).person


def test_married_couple_without_children_is_a_childless_couple(village, specialist):
    household = make_household(village=village, by=specialist)
    category = household.categories.current().get()
    assert category.category == Category.CHILDLESS_COUPLE
    assert "王强、李芳" in category.reason


def test_one_child_household_holds_from_the_birth_with_the_child_named_in_the_reason(village, specialist):
    household = make_household(village=village, by=specialist)
    _born(wife(household), "王玥", "F", datetime.date(2023, 5, 1), specialist)

    category = household.categories.current().get()
    assert category.category == Category.ONE_CHILD
    assert category.holds_from == datetime.date(2023, 5, 1)
    assert "王玥" in category.reason and "2023" in category.reason


def test_second_daughter_makes_a_two_daughter_household_and_closes_the_one_child_row(village, specialist):
    household = make_household(village=village, by=specialist)
    mother = wife(household)
    _born(mother, "王玥", "F", datetime.date(2020, 5, 1), specialist)
    _born(mother, "王琳", "F", datetime.date(2024, 2, 1), specialist)

    rows = {row.category: row for row in household.categories.all()}
    assert rows[Category.TWO_DAUGHTERS].holds_until is None
    assert rows[Category.TWO_DAUGHTERS].holds_from == datetime.date(2024, 2, 1)
    assert rows[Category.ONE_CHILD].holds_until == datetime.date(2024, 2, 1)


def test_a_son_and_a_daughter_are_a_two_child_household(village, specialist):
    household = make_household(village=village, by=specialist)
    _born(wife(household), "王玥", "F", datetime.date(2020, 5, 1), specialist)
    _born(wife(household), "王喆", "M", datetime.date(2023, 5, 1), specialist)
    assert household.categories.current().get().category == Category.TWO_CHILDREN


def test_third_child_makes_a_multi_child_household(village, specialist):
    household = make_household(village=village, by=specialist)
    for index, day in enumerate([datetime.date(2015, 1, 1), datetime.date(2018, 1, 1), datetime.date(2022, 1, 1)]):
        _born(wife(household), f"王{index}", "M", day, specialist)
    category = household.categories.current().get()
    assert category.category == Category.MULTI_CHILD and category.holds_from == datetime.date(2022, 1, 1)


def test_death_of_the_only_child_makes_a_household_that_lost_its_only_child(village, specialist):
    household = make_household(village=village, by=specialist)
    child = _born(wife(household), "王玥", "F", datetime.date(2005, 5, 1), specialist)
    actions.record_death(person=child, died_on=datetime.date(2024, 8, 8), by=specialist)

    category = household.categories.current().get()
    assert category.category == Category.LOST_ONLY_CHILD
    assert category.holds_from == datetime.date(2024, 8, 8)


def test_a_child_who_moved_to_another_household_still_counts_for_the_parents(village, specialist):
    parents = make_household(village=village, by=specialist)
    child = _born(wife(parents), "王喆", "M", datetime.date(2008, 5, 1), specialist)
    own = make_household(village=village, by=specialist, people=[person_fields(name="张三", with_id=True,
                                                                               marital_status=MaritalStatus.SINGLE)])

    actions.move_person(person=child, to_household=own, moved_on=datetime.date(2025, 1, 1),
                        relation=Relation.OTHER_RELATIVE, by=specialist)

    assert parents.categories.current().get().category == Category.ONE_CHILD


def test_children_entered_with_a_new_household_are_linked_to_its_couple(village, specialist):
    household = make_household(village=village, by=specialist, people=[
        person_fields(),
        person_fields(name="李芳", sex="F", born=datetime.date(1988, 6, 15), relation=Relation.WIFE),
        person_fields(name="王玥", sex="F", born=datetime.date(2012, 1, 1), relation=Relation.DAUGHTER,
                      marital_status=MaritalStatus.SINGLE),
        person_fields(name="王琳", sex="F", born=datetime.date(2016, 1, 1), relation=Relation.DAUGHTER,
                      marital_status=MaritalStatus.SINGLE),
    ])
    assert household.categories.current().get().category == Category.TWO_DAUGHTERS
    assert household.people.get(name="王琳").birth_order == 2
    assert household.people.get(name="王琳").mother == wife(household)


def test_town_recompute_agrees_with_what_the_actions_kept(village, specialist, town):
    household = make_household(village=village, by=specialist)
    _born(wife(household), "王喆", "M", datetime.date(2023, 1, 9), specialist)
    before = list(household.categories.values_list("category", "holds_from", "holds_until", "evidence"))

    assert actions.recompute_town_family_categories(town=town) == 0
    assert list(household.categories.values_list("category", "holds_from", "holds_until", "evidence")) == before


def test_single_person_without_children_has_no_category(village, specialist):
    household = make_household(village=village, by=specialist,
                               people=[person_fields(marital_status=MaritalStatus.SINGLE)])
    assert not household.categories.exists()
    assert head(household).relation == Relation.HEAD
