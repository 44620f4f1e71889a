import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members import actions
from members.models import Household, MaritalStatus, Person, Relation, VitalEvent
from tests.factories import make_group, make_town, make_user, make_village
from tests.factories.members import head, id_number, make_household, person_fields, wife
from villages.locking import StaleRecord
from villages.models import User

BORN = datetime.date(2023, 4, 1)


def test_birth_adds_the_child_to_the_mothers_household_with_birth_order(village, specialist):
    household = make_household(village=village, by=specialist)

    event = actions.record_birth(mother=wife(household), child_name="王玥", sex="F", born_on=BORN, by=specialist)

    child = event.person
    assert child.household == household and child.relation == Relation.DAUGHTER
    assert child.mother == wife(household) and child.father == head(household)
    assert event.birth_order == child.birth_order == 1
    assert event.change == 1 and event.recorded_by == specialist


def test_birth_recorded_late_for_an_earlier_child_shifts_the_later_orders(village, specialist):
    mother = wife(make_household(village=village, by=specialist))
    younger = actions.record_birth(mother=mother, child_name="王琳", sex="F", born_on=BORN, by=specialist).person

    older = actions.record_birth(mother=mother, child_name="王喆", sex="M", born_on=datetime.date(2020, 1, 5),
                                 by=specialist)

    younger.refresh_from_db()
    assert older.birth_order == 1
    assert younger.birth_order == 2


def test_birth_in_the_future_or_before_the_mother_is_refused_and_nothing_saved(village, specialist):
    mother = wife(make_household(village=village, by=specialist))
    before = Person.objects.count()

    with pytest.raises(ValidationError) as future:
        actions.record_birth(mother=mother, child_name="王玥", sex="F", born_on=datetime.date(2999, 1, 1),
                             by=specialist)
    with pytest.raises(ValidationError) as early:
        actions.record_birth(mother=mother, child_name="王玥", sex="F", born_on=datetime.date(1950, 1, 1),
                             by=specialist)

    assert "born_on" in future.value.message_dict and "born_on" in early.value.message_dict
    assert Person.objects.count() == before


def test_death_keeps_the_record_and_widows_the_spouse(village, specialist):
    household = make_household(village=village, by=specialist)

    event = actions.record_death(person=head(household), died_on=datetime.date(2024, 3, 3), cause="病故",
                                 by=specialist)

    deceased = Person.objects.get(pk=event.person_id)
    assert deceased.status == Person.Status.DECEASED and deceased.died_on == datetime.date(2024, 3, 3)
    assert wife(household).marital_status == MaritalStatus.WIDOWED
    assert event.change == -1


def test_marriage_and_divorce_update_both_partners(village, specialist):
    household = make_household(village=village, by=specialist, people=[
        person_fields(marital_status=MaritalStatus.SINGLE),
        person_fields(name="赵敏", sex="F", born=datetime.date(1990, 2, 2), relation=Relation.OTHER,
                      marital_status=MaritalStatus.SINGLE),
    ])
    groom = head(household)
    bride = household.people.get(name="赵敏")

    actions.record_marriage(person=groom, spouse=bride, married_on=datetime.date(2024, 10, 1), by=specialist)
    groom.refresh_from_db()
    bride.refresh_from_db()
    assert groom.marital_status == bride.marital_status == MaritalStatus.FIRST_MARRIAGE

    actions.record_divorce(person=bride, divorced_on=datetime.date(2025, 5, 1), by=specialist)
    groom.refresh_from_db()
    assert groom.marital_status == MaritalStatus.DIVORCED


def test_marrying_someone_recorded_as_married_is_refused(village, specialist):
    household = make_household(village=village, by=specialist)
    with pytest.raises(ValidationError) as refused:
        actions.record_marriage(person=head(household), spouse_name="某人", married_on=datetime.date(2024, 1, 1),
                                by=specialist)
    assert "person" in refused.value.message_dict


def test_moving_a_person_to_another_village_counts_out_of_one_and_into_the_other(village, other_village,
                                                                                   town_office):
    household = make_household(village=village, by=town_office)
    target = make_household(village=other_village, by=town_office)
    person = wife(household)

    actions.move_person(person=person, to_household=target, moved_on=datetime.date(2025, 1, 1),
                        relation=Relation.OTHER_RELATIVE, by=town_office)

    kinds = dict(VitalEvent.objects.filter(person=person).exclude(kind="registered").values_list("village", "change"))
    assert kinds == {village.pk: -1, other_village.pk: 1}
    assert Person.objects.get(pk=person.pk).household == target


def test_moving_within_the_village_changes_no_figure(village, specialist):
    household = make_household(village=village, by=specialist)
    target = make_household(village=village, by=specialist)

    actions.move_person(person=wife(household), to_household=target, moved_on=datetime.date(2025, 1, 1),
                        relation=Relation.OTHER_RELATIVE, by=specialist)

    event = VitalEvent.objects.get(kind=VitalEvent.Kind.TRANSFER)
    assert event.change == 0 and event.household == target


def test_specialist_cannot_move_a_person_into_another_village(village, other_village, specialist):
    household = make_household(village=village, by=specialist)
    target = make_household(village=other_village)

    with pytest.raises(PermissionDenied):
        actions.move_person(person=wife(household), to_household=target, moved_on=datetime.date(2025, 1, 1),
                            relation=Relation.OTHER_RELATIVE, by=specialist)
    assert Person.objects.get(pk=wife(household).pk).household == household


def test_nobody_is_moved_into_a_household_of_another_town(village):
    superuser = make_user(username="root", is_superuser=True, is_staff=True)
    household = make_household(village=village, by=superuser)
    elsewhere = make_household(village=make_village(town=make_town(name="另镇", code="421122101")), by=superuser)

    with pytest.raises(ValidationError) as refused:
        actions.move_person(person=wife(household), to_household=elsewhere, moved_on=datetime.date(2025, 1, 1),
                            relation=Relation.OTHER_RELATIVE, by=superuser)
    assert "to_household" in refused.value.message_dict
    assert Person.objects.get(pk=wife(household).pk).household == household
    assert not VitalEvent.objects.filter(person=wife(household)).exclude(kind="registered").exists()


def test_moving_a_household_out_moves_everyone_and_keeps_the_records(village, specialist):
    household = make_household(village=village, by=specialist)

    actions.move_household_out(household=household, moved_on=datetime.date(2025, 6, 1), destination="武汉市",
                               reason="务工定居", by=specialist)

    household.refresh_from_db()
    assert household.status == Household.Status.MOVED_OUT
    assert set(household.people.values_list("status", flat=True)) == {Person.Status.MOVED_OUT}
    assert VitalEvent.objects.filter(household=household, kind=VitalEvent.Kind.MOVE_OUT).count() == 2
    assert not household.categories.current().exists()


def test_adoption_of_a_child_from_elsewhere_counts_in_and_is_not_a_birth(village, specialist):
    household = make_household(village=village, by=specialist)

    event = actions.record_adoption(
        household=household, adopted_on=datetime.date(2024, 2, 2), by=specialist,
        child_fields={"name": "王小", "sex": "F", "birth_date": datetime.date(2022, 1, 1)},
        adoptive_mother=wife(household), adoptive_father=head(household))

    assert event.change == 1
    assert event.person.is_adopted and event.person.relation == Relation.ADOPTED_OR_STEP_DAUGHTER
    assert event.person.birth_order is None


def test_duplicate_identity_number_names_the_household_to_whoever_may_see_it(village, specialist):
    household = make_household(village=village, by=specialist, number="0012")
    taken = head(household).id_number

    with pytest.raises(ValidationError) as refused:
        make_household(village=village, by=specialist, people=[person_fields(id_number=taken, with_id=False)])

    assert "0012" in str(refused.value) and village.name in str(refused.value)


def test_duplicate_identity_number_of_another_village_is_not_disclosed(village, other_village, specialist):
    household = make_household(village=other_village, number="0099")
    taken = head(household).id_number

    with pytest.raises(ValidationError) as refused:
        make_household(village=village, by=specialist, people=[person_fields(id_number=taken, with_id=False)])

    message = str(refused.value)
    assert "0099" not in message and other_village.name not in message
    assert "registered elsewhere in the town" in message


def test_household_numbers_are_unique_in_the_town(village, other_village, specialist):
    make_household(village=other_village, number="0001")
    with pytest.raises(ValidationError) as refused:
        make_household(village=village, by=specialist, number="0001")
    assert "number" in refused.value.message_dict


def test_second_save_from_a_stale_version_is_refused_and_overwrites_nothing(village, specialist):
    household = make_household(village=village, by=specialist)
    person = head(household)
    read_version = person.version

    actions.update_person(person=person, version=read_version, by=specialist, name="王强强")
    with pytest.raises(StaleRecord):
        actions.update_person(person=person, version=read_version, by=specialist, name="王二")

    person.refresh_from_db()
    assert person.name == "王强强" and person.version == read_version + 1


def test_stale_household_edit_is_refused(village, specialist):
    household = make_household(village=village, by=specialist)
    actions.update_household(household=household, version=1, by=specialist, address="一组8号")
    with pytest.raises(StaleRecord):
        actions.update_household(household=household, version=1, by=specialist, address="一组9号")
    household.refresh_from_db()
    assert household.address == "一组8号"


def test_deactivating_keeps_the_person_and_states_the_reason(village, specialist):
    person = wife(make_household(village=village, by=specialist))

    actions.deactivate_person(person=person, reason="重复登记", by=specialist)

    person.refresh_from_db()
    assert person.status == Person.Status.DEACTIVATED and person.status_reason == "重复登记"
    assert VitalEvent.objects.get(person=person, kind=VitalEvent.Kind.REMOVED).change == -1


def test_reproductive_health_is_only_for_women(village, specialist):
    household = make_household(village=village, by=specialist)
    with pytest.raises(ValidationError):
        actions.update_reproductive_health(person=head(household), version=1, by=specialist, contraception="iud",
                                           contraception_since=datetime.date(2020, 1, 1))
    woman = actions.update_reproductive_health(person=wife(household), version=1, by=specialist,
                                               contraception="iud", contraception_since=datetime.date(2020, 1, 1))
    assert woman.contraception == "iud"


def test_leadership_and_members_cannot_change_the_registry(village, leader, member):
    group = make_group(village=village, number=5)
    for user in (leader, member):
        with pytest.raises(PermissionDenied):
            actions.create_household(village=village, group=group, number="X1", by=user,
                                     people=[person_fields(id_number=id_number(datetime.date(1985, 3, 1), "M"))])


def test_household_needs_exactly_one_head(village, specialist):
    with pytest.raises(ValidationError):
        make_household(village=village, by=specialist, people=[person_fields(relation=Relation.SON)])
    assert not Household.objects.exists()


def test_user_without_role_changes_nothing(village):
    nobody = make_user(role="", username="nobody")
    assert nobody.role == "" and User.objects.filter(username="nobody").exists()
    with pytest.raises(PermissionDenied):
        make_household(village=village, by=nobody)
