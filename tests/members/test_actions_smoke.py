import datetime

from members import actions
from members.models import FamilyCategory, Person, VitalEvent
from tests.factories.members import make_household, wife


def test_birth_makes_a_one_child_household_with_reason(village, specialist):
    household = make_household(village=village, by=specialist)
    assert household.categories.current().get().category == FamilyCategory.Category.CHILDLESS_COUPLE

    event = actions.record_birth(mother=wife(household), child_name="王玥", sex="F",
                                 born_on=datetime.date(2024, 5, 1), by=specialist)

    assert event.birth_order == 1
    category = household.categories.current().get()
    assert category.category == FamilyCategory.Category.ONE_CHILD
    assert category.holds_from == datetime.date(2024, 5, 1)
    assert "王玥" in category.reason
    assert VitalEvent.objects.filter(village=village).count() == 3
    assert Person.objects.get(name="王玥").birth_order == 1


def test_second_daughter_turns_one_child_into_two_daughter_household(village, specialist):
    household = make_household(village=village, by=specialist)
    mother = wife(household)
    actions.record_birth(mother=mother, child_name="王玥", sex="F", born_on=datetime.date(2021, 5, 1), by=specialist)
    actions.record_birth(mother=mother, child_name="王琳", sex="F", born_on=datetime.date(2024, 2, 1), by=specialist)

    rows = {row.category: row for row in household.categories.all()}
    assert rows["two_daughters"].holds_until is None
    assert rows["two_daughters"].holds_from == datetime.date(2024, 2, 1)
    assert rows["one_child"].holds_until == datetime.date(2024, 2, 1)


def test_town_recompute_agrees_with_household_recompute(village, specialist, town):
    household = make_household(village=village, by=specialist)
    actions.record_birth(mother=wife(household), child_name="王喆", sex="M", born_on=datetime.date(2023, 1, 9),
                         by=specialist)
    before = list(household.categories.values_list("category", "holds_from", "holds_until", "evidence"))

    written = actions.recompute_town_family_categories(town=town)

    assert written == 0
    assert list(household.categories.values_list("category", "holds_from", "holds_until", "evidence")) == before
