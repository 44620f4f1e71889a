import datetime

import pytest
from django.urls import reverse

from tests.factories import make_group, make_user, make_village
from tests.factories.villages import make_appointment, make_position
from villages import closing
from villages.models import Appointment, Correction, Position, SensitiveAccess, User, Village
from villages.periods import Period

pytestmark = pytest.mark.django_db


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:villages_{model}_{action}", args=args)


def test_town_office_staff_see_only_their_town(client, office_staff, village, far_village):
    client.force_login(office_staff)
    response = client.get(admin_url("village"))
    assert list(response.context["cl"].result_list) == [village]


def test_village_of_another_town_cannot_be_opened_or_changed(client, office_staff, far_village):
    client.force_login(office_staff)
    assert client.get(admin_url("village", "change", far_village.pk)).status_code == 302  # "does not exist"
    client.post(admin_url("village", "change", far_village.pk), {"name": "改名"})
    assert Village.objects.get(pk=far_village.pk).name == "远山村"


def test_history_of_another_towns_village_answers_404(client, office_staff, far_village):
    client.force_login(office_staff)
    history = far_village.history.first()
    assert client.get(admin_url("village", "history", far_village.pk)).status_code == 404
    simple_history = reverse("admin:villages_village_simple_history", args=[far_village.pk, history.history_id])
    assert client.get(simple_history).status_code == 404


def test_town_office_changes_village_with_history_and_new_version(client, office_staff, village):
    client.force_login(office_staff)
    data = {"town": village.town_id, "code": village.code, "name": "大旗新村", "is_active": "on",
            "groups-TOTAL_FORMS": 0, "groups-INITIAL_FORMS": 0, "version_read": village.version}

    response = client.post(admin_url("village", "change", village.pk), data)

    assert response.status_code == 302
    village.refresh_from_db()
    assert (village.name, village.version) == ("大旗新村", 2)
    assert village.history.first().history_user == office_staff


def test_adding_a_group_in_the_admin_opens_its_leader_post(client, office_staff, village):
    client.force_login(office_staff)
    client.post(admin_url("villagergroup", "add"), {"village": village.pk, "number": 7, "name": "第七村民小组"})
    assert Position.objects.filter(village=village, group__number=7, kind=Position.Kind.GROUP_LEADER).exists()


def test_foreign_key_choices_stay_in_the_town(client, office_staff, village, far_village):
    client.force_login(office_staff)
    form = client.get(admin_url("villagergroup", "add")).context["adminform"].form
    assert list(form.fields["village"].queryset) == [village]
    form = client.get(admin_url("village", "add")).context["adminform"].form
    assert list(form.fields["town"].queryset) == [village.town]


def test_appointment_to_a_held_post_is_refused_in_the_admin(client, office_staff, village):
    current = make_appointment(village=village)
    client.force_login(office_staff)

    response = client.post(admin_url("appointment", "add"), {
        "position": current.position_id, "holder_name": "王敏", "started_on": "2025-01-01", "pay_kind": "wage",
        "monthly_amount": "1200"})

    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert current.position.appointments.count() == 1


def test_appointment_of_another_town_cannot_be_chosen(client, office_staff, far_village):
    post = make_position(village=far_village, kind=Position.Kind.COMMITTEE_DIRECTOR)
    client.force_login(office_staff)
    response = client.post(admin_url("appointment", "add"), {
        "position": post.pk, "holder_name": "王敏", "started_on": "2025-01-01", "pay_kind": "wage",
        "monthly_amount": "1200"})
    assert "position" in response.context["adminform"].form.errors
    assert not post.appointments.exists()


def test_dismissal_in_the_admin_needs_a_reason(client, office_staff, village):
    current = make_appointment(village=village)
    client.force_login(office_staff)
    response = client.post(admin_url("appointment", "change", current.pk), {
        "holder_name": current.holder_name, "started_on": "2022-01-01", "ended_on": "2025-06-30",
        "end_reason": "dismissal", "end_note": "", "pay_kind": "wage", "monthly_amount": "1200"})
    assert "end_note" in response.context["adminform"].form.errors
    assert Appointment.objects.get(pk=current.pk).is_current


def test_ended_appointment_is_read_only_in_the_admin(client, office_staff, village):
    ended = make_appointment(village=village, ended_on=datetime.date(2025, 6, 30), end_reason="dismissal",
                             end_note="失职")
    client.force_login(office_staff)
    client.post(admin_url("appointment", "change", ended.pk), {"holder_name": "改名", "end_note": ""})
    assert Appointment.objects.get(pk=ended.pk).end_note == "失职"


def test_nothing_about_people_or_appointments_can_be_deleted(client, office_staff, village):
    current = make_appointment(village=village)
    client.force_login(office_staff)
    assert client.get(admin_url("appointment", "delete", current.pk)).status_code == 403
    assert client.post(admin_url("user", "delete", office_staff.pk), {"post": "yes"}).status_code == 403
    assert client.post(admin_url("village", "delete", village.pk), {"post": "yes"}).status_code == 403
    assert Appointment.objects.filter(pk=current.pk).exists()


def test_leadership_reads_the_admin_but_changes_nothing(client, staff_leader, village):
    client.force_login(staff_leader)
    assert client.get(admin_url("village")).status_code == 200
    assert client.get(admin_url("village", "add")).status_code == 403
    response = client.post(admin_url("village", "change", village.pk), {"name": "改名"})
    assert response.status_code == 403
    assert Village.objects.get(pk=village.pk).name == "大旗村"


def test_specialist_in_the_admin_sees_own_village_read_only(client, staff_specialist, village, other_village):
    theirs = make_appointment(village=other_village)
    mine = make_appointment(village=village)
    client.force_login(staff_specialist)

    assert list(client.get(admin_url("village")).context["cl"].result_list) == [village]
    assert list(client.get(admin_url("appointment")).context["cl"].result_list) == [mine]
    assert client.get(admin_url("appointment", "change", theirs.pk)).status_code == 302
    assert client.post(admin_url("appointment", "change", mine.pk), {"holder_name": "改名"}).status_code == 403
    assert client.get(admin_url("candidatevetting")).context["cl"].result_count == 0


def test_user_admin_hides_superuser_powers_and_other_towns(client, office_staff, village, other_town):
    stranger = make_user(role=User.Role.TOWN_OFFICE, town=other_town, username="stranger")
    admin = make_user(role=User.Role.TOWN_OFFICE, town=village.town, username="root", is_superuser=True)
    client.force_login(office_staff)

    listed = set(client.get(admin_url("user")).context["cl"].result_list)
    form = client.get(admin_url("user", "change", office_staff.pk)).context["adminform"].form

    assert office_staff in listed and stranger not in listed and admin not in listed
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)
    assert list(form.fields["village"].queryset) == [village]


def test_sensitive_access_log_is_read_only(client, office_staff, village):
    entry = SensitiveAccess.objects.create(user=office_staff, action="view", village=village, what="户籍")
    client.force_login(office_staff)
    assert list(client.get(admin_url("sensitiveaccess")).context["cl"].result_list) == [entry]
    assert client.get(admin_url("sensitiveaccess", "add")).status_code == 403
    assert client.post(admin_url("sensitiveaccess", "change", entry.pk), {"what": "x"}).status_code == 403


def test_appointment_changelist_query_count_is_fixed(client, office_staff, village, django_assert_num_queries):
    make_appointment(village=village)
    client.force_login(office_staff)
    with django_assert_num_queries(10):
        client.get(admin_url("appointment"))
    for number in range(1, 6):
        other = make_village(town=village.town)
        post = make_position(village=other, kind=Position.Kind.GROUP_LEADER, group=make_group(village=other,
                                                                                                number=number))
        make_appointment(position=post)
    with django_assert_num_queries(10):
        response = client.get(admin_url("appointment"))
    assert response.context["cl"].result_count == 6


def test_a_date_moved_into_a_closed_year_in_the_admin_needs_a_reason_and_is_a_correction(client, office_staff,
                                                                                         village):
    closing.close(town=village.town, period=Period.parse("2024"), by=office_staff)
    client.force_login(office_staff)
    data = {"town": village.town_id, "code": village.code, "name": village.name, "is_active": "on",
            "self_government_declared_on": "2024-05-01",
            "groups-TOTAL_FORMS": 0, "groups-INITIAL_FORMS": 0, "version_read": village.version}

    refused = client.post(admin_url("village", "change", village.pk), data)
    assert "correction_reason" in refused.context["adminform"].form.errors
    assert not Correction.objects.exists()

    saved = client.post(admin_url("village", "change", village.pk), {**data, "correction_reason": "补录宣布日期"})
    assert saved.status_code == 302
    village.refresh_from_db()
    assert village.self_government_declared_on == datetime.date(2024, 5, 1)
    assert Correction.objects.get().reason == "补录宣布日期"


def test_a_date_in_an_open_year_needs_no_reason_in_the_admin(client, office_staff, village):
    client.force_login(office_staff)
    data = {"town": village.town_id, "code": village.code, "name": village.name, "is_active": "on",
            "self_government_declared_on": "2024-05-01",
            "groups-TOTAL_FORMS": 0, "groups-INITIAL_FORMS": 0, "version_read": village.version}
    assert client.post(admin_url("village", "change", village.pk), data).status_code == 302
