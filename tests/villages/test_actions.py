import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import make_group
from tests.factories.villages import make_appointment, make_designation, make_position
from villages import actions
from villages.locking import StaleRecord
from villages.models import Appointment, CandidateVetting, Designation, Position, Village, VillagerGroup

DAY = datetime.date(2025, 3, 1)


def test_create_village_opens_its_posts_and_records_who(town_office, town):
    village = actions.create_village(by=town_office, town=town, code=f"{town.code}301", name="新村")

    assert set(village.positions.values_list("kind", flat=True)) == set(actions.VILLAGE_POSITIONS)
    assert village.history.get().history_user == town_office


def test_create_village_refuses_code_of_another_town(town_office, town):
    with pytest.raises(ValidationError) as error:
        actions.create_village(by=town_office, town=town, code="999999999301", name="新村")
    assert "code" in error.value.message_dict
    assert not Village.objects.filter(name="新村").exists()


def test_specialist_and_leadership_cannot_create_villages(specialist, leader, town):
    for user in (specialist, leader):
        with pytest.raises(PermissionDenied):
            actions.create_village(by=user, town=town, code=f"{town.code}302", name="新村")


def test_town_office_of_another_town_cannot_change_village(village, other_town):
    from tests.factories import make_user

    stranger = make_user(role="town_office", town=other_town)
    with pytest.raises(PermissionDenied):
        actions.update_village(by=stranger, village=village, version=1, name="改名", code=village.code)


def test_update_village_refuses_stale_version(town_office, village):
    actions.update_village(by=town_office, village=village, version=1, name="大旗新村", code=village.code)

    with pytest.raises(StaleRecord):
        actions.update_village(by=town_office, village=village, version=1, name="别名", code=village.code)
    assert Village.objects.get(pk=village.pk).name == "大旗新村"


def test_create_group_opens_group_leader_post(town_office, village):
    group = actions.create_group(by=town_office, village=village, number=3, name="第三村民小组")

    assert Position.objects.filter(group=group, kind=Position.Kind.GROUP_LEADER).exists()


def test_create_group_refuses_duplicate_number(town_office, village):
    make_group(village=village, number=3)
    with pytest.raises(ValidationError) as error:
        actions.create_group(by=town_office, village=village, number=3, name="又一组")
    assert "number" in error.value.message_dict


def test_update_group_bumps_version(town_office, village):
    group = make_group(village=village, number=1)
    group = actions.update_group(by=town_office, group=group, version=1, number=1, name="第一组")
    assert (group.name, group.version) == ("第一组", 2)
    assert VillagerGroup.objects.get(pk=group.pk).version == 2


def test_declare_then_adopt_regulations(town_office, village):
    village = actions.declare_self_government(by=town_office, village=village, declared_on=DAY, version=1)
    village = actions.adopt_regulations(by=town_office, village=village, adopted_on=DAY + datetime.timedelta(days=40),
                                        text="村规民约", version=village.version)

    assert village.has_regulations and village.version == 3
    assert village.history.count() == 3


def test_regulations_need_declaration_first(town_office, village):
    with pytest.raises(ValidationError) as error:
        actions.adopt_regulations(by=town_office, village=village, adopted_on=DAY, text="章程", version=1)
    assert "regulations_adopted_on" in error.value.message_dict


def test_regulations_need_text_or_file(town_office, village):
    village = actions.declare_self_government(by=town_office, village=village, declared_on=DAY, version=1)
    with pytest.raises(ValidationError) as error:
        actions.adopt_regulations(by=town_office, village=village, adopted_on=DAY, text="  ", version=2)
    assert "regulations_text" in error.value.message_dict


def test_declaration_cannot_be_in_the_future(town_office, village):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        actions.declare_self_government(by=town_office, village=village, declared_on=tomorrow, version=1)


def test_lagging_designation_needs_rectification_plan_and_targets(town_office, village):
    with pytest.raises(ValidationError) as error:
        actions.designate_village(by=town_office, village=village, year=2025, kind="lagging",
                                  decided_on=datetime.date(2025, 12, 28), rectification_plan="整顿班子")
    assert set(error.value.message_dict) == {"target_year_one", "target_year_two", "target_year_three"}
    assert not Designation.objects.exists()


def test_lagging_designation_with_plan_is_recorded(town_office, village):
    designation = actions.designate_village(
        by=town_office, village=village, year=2025, kind="lagging", decided_on=datetime.date(2025, 12, 28),
        rectification_plan="整顿班子", target_year_one="一年赶上", target_year_two="两年上水平",
        target_year_three="三年创一流")
    assert designation.history.get().history_user == town_office


def test_one_designation_per_village_and_year(town_office, village):
    make_designation(village=village, year=2025)
    with pytest.raises(ValidationError) as error:
        actions.designate_village(by=town_office, village=village, year=2025, kind="qualified",
                                  decided_on=datetime.date(2025, 12, 28))
    assert "year" in error.value.message_dict


def test_specialist_cannot_designate_own_village(specialist, village):
    with pytest.raises(PermissionDenied):
        actions.designate_village(by=specialist, village=village, year=2025, kind="qualified",
                                  decided_on=datetime.date(2025, 12, 28))


def test_appoint_refuses_while_post_is_held(town_office, village):
    current = make_appointment(village=village)
    with pytest.raises(ValidationError) as error:
        actions.appoint(by=town_office, position=current.position, holder_name="王敏", started_on=DAY)
    assert "position" in error.value.message_dict
    assert Appointment.objects.get(pk=current.pk).is_current


def test_dismissal_ends_the_appointment_and_keeps_it(town_office, village):
    current = make_appointment(village=village)
    ended = actions.end_appointment(by=town_office, appointment=current, ended_on=DAY, end_reason="dismissal",
                                    end_note="信息严重不实")
    successor = actions.appoint(by=town_office, position=current.position, holder_name="王敏",
                                started_on=DAY + datetime.timedelta(days=1), pay_kind="wage",
                                monthly_amount=Decimal("1200"))

    assert ended.end_reason == "dismissal" and Appointment.objects.filter(pk=current.pk).exists()
    assert list(current.position.appointments.filter(ended_on__isnull=True)) == [successor]
    assert ended.history.first().history_user == town_office


def test_dismissal_needs_a_reason(town_office, village):
    current = make_appointment(village=village)
    with pytest.raises(ValidationError) as error:
        actions.end_appointment(by=town_office, appointment=current, ended_on=DAY, end_reason="dismissal")
    assert "end_note" in error.value.message_dict
    assert Appointment.objects.get(pk=current.pk).is_current


def test_an_ended_appointment_cannot_end_again(town_office, village):
    ended = make_appointment(village=village, ended_on=DAY, end_reason="term_end")
    with pytest.raises(ValidationError):
        actions.end_appointment(by=town_office, appointment=ended, ended_on=DAY, end_reason="resignation")


def test_successor_cannot_start_before_predecessor_ended(town_office, village):
    ended = make_appointment(village=village, ended_on=DAY, end_reason="term_end")
    with pytest.raises(ValidationError) as error:
        actions.appoint(by=town_office, position=ended.position, holder_name="王敏",
                        started_on=DAY - datetime.timedelta(days=1))
    assert "started_on" in error.value.message_dict


def test_unpaid_post_has_no_amount(town_office, village):
    position = make_position(village=village, kind=Position.Kind.ASSOCIATION_PRESIDENT)
    with pytest.raises(ValidationError) as error:
        actions.appoint(by=town_office, position=position, holder_name="王敏", started_on=DAY, pay_kind="none",
                        monthly_amount=Decimal("10"))
    assert "monthly_amount" in error.value.message_dict


def test_specialist_keeps_group_leaders_of_own_village_only(specialist, village, other_village):
    own = make_position(village=village, kind=Position.Kind.GROUP_LEADER, group=make_group(village=village))
    other = make_position(village=other_village, kind=Position.Kind.GROUP_LEADER,
                          group=make_group(village=other_village))
    secretary = make_position(village=village, kind=Position.Kind.PARTY_SECRETARY)

    assert actions.appoint(by=specialist, position=own, holder_name="张强", started_on=DAY).is_current
    for position in (other, secretary):
        with pytest.raises(PermissionDenied):
            actions.appoint(by=specialist, position=position, holder_name="张强", started_on=DAY)


def test_leadership_cannot_end_appointments(leader, village):
    current = make_appointment(village=village)
    with pytest.raises(PermissionDenied):
        actions.end_appointment(by=leader, appointment=current, ended_on=DAY, end_reason="term_end")


def test_candidate_vetting_records_who_decided(town_office, village):
    vetting = actions.record_candidate_vetting(
        by=town_office, village=village, candidate_name="赵刚", position_kind="party_secretary",
        election_year=2024, decided_on=datetime.date(2024, 11, 15), decision="rejected", reason="违反政策")
    assert vetting.decided_by == town_office
    assert vetting.history.get().history_user == town_office


def test_candidate_vetting_needs_a_reason(town_office, village):
    with pytest.raises(ValidationError) as error:
        actions.record_candidate_vetting(
            by=town_office, village=village, candidate_name="赵刚", position_kind="party_secretary",
            election_year=2024, decided_on=datetime.date(2024, 11, 15), decision="rejected", reason="")
    assert "reason" in error.value.message_dict
    assert not CandidateVetting.objects.exists()


def test_town_office_group_gives_no_delete_permission(db):
    group = actions.set_up_town_office_group()
    again = actions.set_up_town_office_group()

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert group == again
    assert {"change_village", "add_appointment", "view_sensitiveaccess"} <= codenames
    assert not {c for c in codenames if c.startswith("delete_")}
    assert "change_sensitiveaccess" not in codenames
