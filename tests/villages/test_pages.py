import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_group, make_user, make_village
from tests.factories.villages import make_appointment, make_designation, make_position
from villages.models import Appointment, CandidateVetting, Designation, Position, Village, VillagerGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(village):
    """Daqi's specialist was dismissed; her successor holds the post; group 1 has a leader."""
    make_appointment(village=village, holder_name="周芳", ended_on=datetime.date(2025, 6, 30),
                     end_reason="dismissal", end_note="计生信息严重不实")
    current = make_appointment(village=village, holder_name="李玥", started_on=datetime.date(2025, 7, 1))
    group, _ = VillagerGroup.objects.get_or_create(village=village, number=1, defaults={"name": "第一村民小组"})
    leader_post = make_position(village=village, kind=Position.Kind.GROUP_LEADER, group=group)
    make_appointment(position=leader_post, holder_name="王喆", pay_kind="subsidy", monthly_amount=100)
    CandidateVetting.objects.create(village=village, candidate_name="赵刚", position_kind="party_secretary",
                                    election_year=2024, decided_on=datetime.date(2024, 11, 15),
                                    decision="rejected", reason="隐瞒违法生育")
    return current


def url(name, *args):
    return reverse(f"villages:{name}", args=args)


# --- Home ---------------------------------------------------------------------------------------

def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get(url("home"))["Location"].startswith(reverse("login"))


def test_town_office_lands_on_the_worklist(client, town_office):
    client.force_login(town_office)
    assert client.get(url("home"))["Location"] == reverse("reports:todo")


def test_town_office_sees_town_overview(client, town_office, village, other_village, team):
    make_designation(village=village, year=2025, kind="lagging", rectification_plan="整顿")
    client.force_login(town_office)

    response = client.get(url("town"), {"year": "2025"})

    assert response.status_code == 200
    assert [v.name for v in response.context["villages"]] == ["大旗村", "荀子村"]
    body = response.content.decode()
    assert "李玥" in body and 'class="badge bad"' in body
    assert response.context["figures"]["designated_lagging"] == 1


def test_leadership_sees_town_overview(client, leader, village, other_village):
    client.force_login(leader)
    assert client.get(url("home"))["Location"] == reverse("reports:town_overview")
    assert len(client.get(url("town")).context["villages"]) == 2


def test_town_overview_query_count_does_not_grow_with_villages(client, town_office, village,
                                                                django_assert_max_num_queries):
    client.force_login(town_office)
    with CaptureQueriesContext(connection) as first:
        client.get(url("town"))
    for _ in range(5):
        make_appointment(village=make_village(town=village.town))
    with django_assert_max_num_queries(len(first)):  # one query per headline figure and year source, none per village
        response = client.get(url("town"))
    assert len(response.context["villages"]) == 6 and len(first) <= 60


def test_town_office_of_another_town_sees_none_of_ours(client, village, other_town):
    stranger = make_user(role="town_office", town=other_town)
    client.force_login(stranger)
    assert client.get(url("town")).context["villages"] == []


def test_specialist_lands_on_the_worklist(client, specialist, village):
    client.force_login(specialist)
    assert client.get(url("home"))["Location"] == reverse("reports:todo")


def test_only_the_town_sees_the_villages_table(client, specialist):
    client.force_login(specialist)
    assert client.get(url("town")).status_code == 404


def test_member_sees_own_group_and_village_basics(client, member, village, team):
    client.force_login(member)
    assert client.get(url("home"))["Location"] == reverse("reports:todo")

    response = client.get(url("my_group"))

    body = response.content.decode()
    assert response.status_code == 200
    assert member.group.name in body and "李玥" in body and "王喆" in body
    assert "周芳" not in body  # no appointment history for members


def test_user_without_role_sees_no_village(client, village):
    nobody = make_user(role="", username="nobody")
    client.force_login(nobody)
    response = client.get(url("home"))
    assert response.status_code == 200 and village.name not in response.content.decode()


# --- Village page ------------------------------------------------------------------------------

def test_village_page_shows_team_history_and_vettings_to_town_office(client, town_office, village, team):
    make_designation(village=village, kind="lagging", rectification_plan="整顿班子", target_year_one="一年赶上")
    client.force_login(town_office)

    body = client.get(url("village", village.pk)).content.decode()

    for text in ("李玥", "王喆", "周芳", "计生信息严重不实", "整顿班子", "一年赶上", "赵刚", "隐瞒违法生育"):
        assert text in body


def test_specialist_sees_own_village_without_vettings(client, specialist, village, team):
    client.force_login(specialist)
    body = client.get(url("village", village.pk)).content.decode()
    assert "周芳" in body and "赵刚" not in body


def test_leadership_sees_history_but_no_forms(client, leader, village, team):
    client.force_login(leader)
    response = client.get(url("village", village.pk))
    body = response.content.decode()
    assert "计生信息严重不实" in body and "赵刚" not in body
    assert url("designate", village.pk) not in body and not response.context["managed"]


def test_specialist_cannot_open_other_village(client, specialist, other_village):
    client.force_login(specialist)
    assert client.get(url("village", other_village.pk)).status_code == 404


def test_member_cannot_open_other_village(client, member, other_village):
    client.force_login(member)
    assert client.get(url("village", other_village.pk)).status_code == 404


def test_town_office_cannot_open_village_of_another_town(client, town_office, far_village):
    client.force_login(town_office)
    assert client.get(url("village", far_village.pk)).status_code == 404


def test_village_page_query_count_is_fixed(client, town_office, village, team, django_assert_num_queries):
    client.force_login(town_office)
    # session, user, village, positions, appointments, vettings, groups, designations (may-change asks no query)
    with django_assert_num_queries(8):
        client.get(url("village", village.pk))
    for number in range(2, 6):
        post = make_position(village=village, kind=Position.Kind.GROUP_LEADER, group=make_group(village=village,
                                                                                                 number=number))
        make_appointment(position=post, holder_name="张强")
    with django_assert_num_queries(8):
        client.get(url("village", village.pk))


# --- Forms --------------------------------------------------------------------------------------

def test_town_office_records_declaration(client, town_office, village):
    client.force_login(town_office)
    response = client.post(url("declare", village.pk), {"self_government_declared_on": "2024-05-01", "version": 1})
    assert response.status_code == 302
    assert Village.objects.get(pk=village.pk).self_government_declared_on == datetime.date(2024, 5, 1)


def test_declaration_with_bad_date_shows_error_and_saves_nothing(client, town_office, village):
    client.force_login(town_office)
    response = client.post(url("declare", village.pk), {"self_government_declared_on": "2024-13-45", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["self_government_declared_on"]
    assert Village.objects.get(pk=village.pk).self_government_declared_on is None


def test_declaration_from_stale_page_is_refused(client, town_office, village):
    client.force_login(town_office)
    client.post(url("declare", village.pk), {"self_government_declared_on": "2024-05-01", "version": 1})
    response = client.post(url("declare", village.pk), {"self_government_declared_on": "2024-06-01", "version": 1})
    assert response.context["form"].non_field_errors()
    assert Village.objects.get(pk=village.pk).self_government_declared_on == datetime.date(2024, 5, 1)


def test_leadership_and_specialist_cannot_open_registry_forms(client, leader, specialist, village):
    for user in (leader, specialist):
        client.force_login(user)
        for name in ("declare", "regulations", "designate"):
            assert client.get(url(name, village.pk)).status_code == 403
            assert client.post(url(name, village.pk), {}).status_code == 403


def test_registry_forms_of_another_town_answer_404(client, town_office, far_village):
    client.force_login(town_office)
    for name in ("declare", "regulations", "designate"):
        assert client.get(url(name, far_village.pk)).status_code == 404


def test_town_office_records_regulations_with_file(client, town_office, village):
    village.self_government_declared_on = datetime.date(2024, 5, 1)
    village.save()
    client.force_login(town_office)
    upload = SimpleUploadedFile("章程.pdf", "%PDF-1.4 村民自治章程".encode(), content_type="application/pdf")

    response = client.post(url("regulations", village.pk), {
        "regulations_adopted_on": "2025-03-01", "regulations_text": "", "regulations_file": upload, "version": 1})

    assert response.status_code == 302
    assert Village.objects.get(pk=village.pk).regulations_file
    download = client.get(url("regulations_file", village.pk))
    assert b"".join(download.streaming_content).decode() == "%PDF-1.4 村民自治章程"


def test_regulations_without_text_or_file_show_error_next_to_text(client, town_office, village):
    village.self_government_declared_on = datetime.date(2024, 5, 1)
    village.save()
    client.force_login(town_office)
    response = client.post(url("regulations", village.pk), {"regulations_adopted_on": "2025-03-01", "version": 1})
    assert response.context["form"].errors["regulations_text"]
    assert not Village.objects.get(pk=village.pk).has_regulations


def test_regulations_file_of_other_village_answers_404(client, specialist, other_village):
    client.force_login(specialist)
    assert client.get(url("regulations_file", other_village.pk)).status_code == 404


def test_town_office_records_designation(client, town_office, village):
    client.force_login(town_office)
    response = client.post(url("designate", village.pk), {"year": 2025, "kind": "qualified",
                                                          "decided_on": "2025-12-28"})
    assert response.status_code == 302
    assert Designation.objects.get(village=village).kind == "qualified"


def test_lagging_designation_without_plan_shows_errors_next_to_fields(client, town_office, village):
    client.force_login(town_office)
    response = client.post(url("designate", village.pk), {"year": 2025, "kind": "lagging",
                                                          "decided_on": "2025-12-28"})
    errors = response.context["form"].errors
    assert "rectification_plan" in errors and "target_year_one" in errors
    assert not Designation.objects.exists()


def test_designation_form_with_garbage_never_fails(client, town_office, village):
    client.force_login(town_office)
    response = client.post(url("designate", village.pk), {"year": "x", "kind": "best", "decided_on": ""})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"year", "kind", "decided_on"}


def test_end_then_appoint_successor(client, town_office, village, team):
    client.force_login(town_office)

    response = client.post(url("end_appointment", village.pk, team.pk), {
        "ended_on": "2025-09-30", "end_reason": "dismissal", "end_note": "工作失职"})
    assert response["Location"] == url("appoint", village.pk, team.position_id)
    response = client.post(url("appoint", village.pk, team.position_id), {
        "holder_name": "陈静", "started_on": "2025-10-01", "pay_kind": "wage", "monthly_amount": "1200"})

    assert response.status_code == 302
    assert team.position.appointments.get(ended_on__isnull=True).holder_name == "陈静"
    assert Appointment.objects.get(pk=team.pk).end_note == "工作失职"


def test_dismissal_without_reason_shows_error_and_keeps_holder(client, town_office, village, team):
    client.force_login(town_office)
    response = client.post(url("end_appointment", village.pk, team.pk), {
        "ended_on": "2025-09-30", "end_reason": "dismissal", "end_note": ""})
    assert response.context["form"].errors["end_note"]
    assert Appointment.objects.get(pk=team.pk).is_current


def test_appoint_to_held_post_is_refused_on_the_form(client, town_office, village, team):
    client.force_login(town_office)
    response = client.post(url("appoint", village.pk, team.position_id), {
        "holder_name": "陈静", "started_on": "2025-10-01", "pay_kind": "wage", "monthly_amount": "1200"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert team.position.appointments.count() == 2


def test_appoint_with_negative_pay_shows_error(client, town_office, village):
    post = make_position(village=village, kind=Position.Kind.COMMITTEE_DIRECTOR)
    client.force_login(town_office)
    response = client.post(url("appoint", village.pk, post.pk), {
        "holder_name": "陈静", "started_on": "2025-10-01", "pay_kind": "wage", "monthly_amount": "-5"})
    assert response.context["form"].errors["monthly_amount"]
    assert not post.appointments.exists()


def test_specialist_appoints_group_leader_but_not_party_secretary(client, specialist, village):
    leader_post = make_position(village=village, kind=Position.Kind.GROUP_LEADER, group=make_group(village=village))
    secretary = make_position(village=village, kind=Position.Kind.PARTY_SECRETARY)
    client.force_login(specialist)
    data = {"holder_name": "陈静", "started_on": "2025-10-01", "pay_kind": "subsidy", "monthly_amount": "100"}

    assert client.post(url("appoint", village.pk, leader_post.pk), data).status_code == 302
    assert client.post(url("appoint", village.pk, secretary.pk), data).status_code == 403


def test_leadership_cannot_end_appointments(client, leader, village, team):
    client.force_login(leader)
    response = client.post(url("end_appointment", village.pk, team.pk),
                           {"ended_on": "2025-09-30", "end_reason": "term_end"})
    assert response.status_code == 403
    assert Appointment.objects.get(pk=team.pk).is_current


def test_appointment_of_other_village_answers_404(client, town_office, specialist, village, other_village):
    theirs = make_appointment(village=other_village)
    client.force_login(specialist)
    assert client.get(url("end_appointment", other_village.pk, theirs.pk)).status_code == 404
    client.force_login(town_office)  # and an appointment is only found under its own village
    assert client.get(url("end_appointment", village.pk, theirs.pk)).status_code == 404
    assert client.get(url("appoint", village.pk, theirs.position_id)).status_code == 404


def test_ended_appointment_has_no_end_form(client, town_office, village):
    ended = make_appointment(village=village, ended_on=datetime.date(2025, 6, 30), end_reason="term_end")
    client.force_login(town_office)
    assert client.get(url("end_appointment", village.pk, ended.pk))["Location"] == url("village", village.pk)


@pytest.fixture
def closed_2025(town, town_office):
    from villages import closing
    from villages.periods import Period

    return closing.close(town=town, period=Period.parse("2025"), by=town_office)


def test_a_dismissal_dated_in_a_closed_year_needs_a_correction_reason(client, town_office, village, team,
                                                                      closed_2025):
    client.force_login(town_office)
    answer = client.post(url("end_appointment", village.pk, team.pk), {
        "ended_on": "2025-09-30", "end_reason": "dismissal", "end_note": "工作失职"})
    assert answer.status_code == 200 and "correction_reason" in answer.context["form"].errors
    assert Appointment.objects.get(pk=team.pk).ended_on is None  # nothing saved
    answer = client.post(url("end_appointment", village.pk, team.pk), {
        "ended_on": "2025-09-30", "end_reason": "dismissal", "end_note": "工作失职",
        "correction_reason": "免职决定补录"})
    assert answer.status_code == 302
    correction = closed_2025.corrections.get()
    assert (correction.village, correction.reason, correction.record_id) == (village, "免职决定补录", team.pk)


def test_a_declaration_moved_out_of_a_closed_year_is_a_correction_too(client, town_office, village, closed_2025):
    village.self_government_declared_on = datetime.date(2025, 3, 1)
    village.save()
    client.force_login(town_office)
    answer = client.post(url("declare", village.pk), {"self_government_declared_on": "2026-01-05",
                                                      "version": village.version})
    assert answer.status_code == 200 and "correction_reason" in answer.context["form"].errors
    village.refresh_from_db()
    assert village.self_government_declared_on == datetime.date(2025, 3, 1)
