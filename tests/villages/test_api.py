import datetime
import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_group, make_village
from tests.factories.villages import make_appointment, make_position
from villages.models import Appointment, Position, Village, VillagerGroup

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


# --- Towns ---------------------------------------------------------------------------------------

def test_towns_list_only_the_users_town(api, town_office, town, other_town):
    response = as_user(api, town_office).get(f"{API}/towns/")
    assert [row["code"] for row in response.json()["results"]] == [town.code]
    assert api.get(f"{API}/towns/{other_town.pk}/").status_code == 404


def test_towns_are_read_only(api, town_office, town):
    assert as_user(api, town_office).patch(f"{API}/towns/{town.pk}/", {"name": "改名"}).status_code == 405


def test_anonymous_client_gets_nothing(api, village):
    assert api.get(f"{API}/villages/").status_code in (401, 403)


def test_token_authentication_works(api, town_office, village):
    token = Token.objects.create(user=town_office)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"{API}/villages/").json()["count"] == 1


def test_token_is_issued_for_username_and_password(api, town_office):
    response = api.post(f"{API}/auth/token/", {"username": "office", "password": "pass-zizhi-2026"})
    assert response.status_code == 200 and response.json()["token"]


# --- Villages ------------------------------------------------------------------------------------

def test_specialist_lists_only_own_village(api, specialist, village, other_village):
    response = as_user(api, specialist).get(f"{API}/villages/")
    assert [row["name"] for row in response.json()["results"]] == ["大旗村"]


def test_other_village_answers_404(api, specialist, other_village):
    assert as_user(api, specialist).get(f"{API}/villages/{other_village.pk}/").status_code == 404


def test_villages_filter_by_regulations_and_declaration_year(api, town_office, village, other_village):
    Village.objects.filter(pk=village.pk).update(self_government_declared_on=datetime.date(2024, 5, 1),
                                                 regulations_adopted_on=datetime.date(2025, 3, 1))
    as_user(api, town_office)
    assert [r["name"] for r in api.get(f"{API}/villages/", {"regulations": "true"}).json()["results"]] == ["大旗村"]
    assert [r["name"] for r in api.get(f"{API}/villages/", {"regulations": "false"}).json()["results"]] == ["荀子村"]
    assert api.get(f"{API}/villages/", {"declared_year": 2024}).json()["count"] == 1


def test_villages_list_query_count_is_fixed(api, town_office, village, django_assert_num_queries):
    as_user(api, town_office)
    with django_assert_num_queries(2):  # count, page
        api.get(f"{API}/villages/")
    for _ in range(5):
        make_village(town=village.town)
    with django_assert_num_queries(2):
        assert api.get(f"{API}/villages/").json()["count"] == 6


def test_town_office_creates_village_with_its_posts(api, town_office, town):
    response = as_user(api, town_office).post(f"{API}/villages/", {"town": town.pk, "code": f"{town.code}350",
                                                                   "name": "新建村"})
    assert response.status_code == 201
    assert Position.objects.filter(village_id=response.json()["id"]).count() == 7


def test_bad_village_gets_400_with_field_errors_and_nothing_saved(api, town_office, town, village):
    as_user(api, town_office)
    response = api.post(f"{API}/villages/", {"town": town.pk, "code": "123", "name": ""})
    assert response.status_code == 400 and {"code", "name"} <= set(response.json())
    response = api.post(f"{API}/villages/", {"town": town.pk, "code": "999999999350", "name": "外镇村"})
    assert response.status_code == 400 and "code" in response.json()
    response = api.post(f"{API}/villages/", {"town": town.pk, "code": village.code, "name": "重号村"})
    assert response.status_code == 400 and "code" in response.json()
    assert Village.objects.count() == 1


def test_village_of_another_town_cannot_be_referenced(api, town_office, other_town):
    response = as_user(api, town_office).post(f"{API}/villages/", {"town": other_town.pk,
                                                                   "code": f"{other_town.code}001", "name": "越界村"})
    assert response.status_code == 400 and "town" in response.json()


def test_leadership_and_specialist_cannot_write_villages(api, leader, specialist, town, village):
    for user in (leader, specialist):
        as_user(api, user)
        new = {"town": town.pk, "code": f"{town.code}351", "name": "新村"}
        assert api.post(f"{API}/villages/", new).status_code == 403
        assert api.patch(f"{API}/villages/{village.pk}/", {"name": "改名", "version": 1}).status_code == 403
        assert api.post(f"{API}/villages/{village.pk}/declaration/",
                        {"self_government_declared_on": "2024-05-01", "version": 1}).status_code == 403
    assert Village.objects.get(pk=village.pk).name == "大旗村"


def test_village_update_needs_the_current_version(api, town_office, village):
    as_user(api, town_office)
    assert api.patch(f"{API}/villages/{village.pk}/", {"name": "改名"}).status_code == 400
    response = api.patch(f"{API}/villages/{village.pk}/", {"name": "大旗新村", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = api.patch(f"{API}/villages/{village.pk}/", {"name": "又改", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert Village.objects.get(pk=village.pk).name == "大旗新村"


def test_villages_cannot_be_deleted(api, town_office, village):
    assert as_user(api, town_office).delete(f"{API}/villages/{village.pk}/").status_code == 405


def test_declaration_and_regulations_through_the_api(api, town_office, village):
    as_user(api, town_office)
    response = api.post(f"{API}/villages/{village.pk}/declaration/",
                        {"self_government_declared_on": "2024-05-01", "version": 1})
    assert response.status_code == 200
    response = api.post(f"{API}/villages/{village.pk}/regulations/",
                        {"regulations_adopted_on": "2025-03-01", "regulations_text": "章程全文", "version": 2})
    assert response.status_code == 200 and response.json()["regulations_adopted_on"] == "2025-03-01"


def test_regulations_without_text_get_400(api, town_office, village):
    Village.objects.filter(pk=village.pk).update(self_government_declared_on=datetime.date(2024, 5, 1))
    response = as_user(api, town_office).post(f"{API}/villages/{village.pk}/regulations/",
                                              {"regulations_adopted_on": "2025-03-01", "version": 1})
    assert response.status_code == 400 and "regulations_text" in response.json()
    assert not Village.objects.get(pk=village.pk).has_regulations


def test_declaration_for_another_town_answers_404(api, town_office, far_village):
    response = as_user(api, town_office).post(f"{API}/villages/{far_village.pk}/declaration/",
                                              {"self_government_declared_on": "2024-05-01", "version": 1})
    assert response.status_code == 404


# --- Groups --------------------------------------------------------------------------------------

def test_groups_filter_by_village_and_stay_in_scope(api, specialist, village, other_village):
    make_group(village=village, number=1)
    make_group(village=other_village, number=1)
    as_user(api, specialist)
    assert api.get(f"{API}/groups/").json()["count"] == 1
    assert api.get(f"{API}/groups/", {"village": village.pk}).json()["count"] == 1
    assert api.get(f"{API}/groups/", {"village": other_village.pk}).status_code == 400


def test_member_sees_only_own_group(api, member, village):
    make_group(village=village, number=2)
    assert as_user(api, member).get(f"{API}/groups/").json()["count"] == 1


def test_group_of_other_village_answers_404(api, specialist, other_village):
    group = make_group(village=other_village)
    assert as_user(api, specialist).get(f"{API}/groups/{group.pk}/").status_code == 404


def test_town_office_creates_and_renames_group(api, town_office, village):
    as_user(api, town_office)
    response = api.post(f"{API}/groups/", {"village": village.pk, "number": 4, "name": "第四组"})
    assert response.status_code == 201
    group_id = response.json()["id"]
    assert api.patch(f"{API}/groups/{group_id}/", {"name": "第四村民小组", "version": 1}).status_code == 200
    assert Position.objects.filter(group_id=group_id, kind="group_leader").exists()


def test_duplicate_group_number_gets_400(api, town_office, village):
    make_group(village=village, number=4)
    response = as_user(api, town_office).post(f"{API}/groups/", {"village": village.pk, "number": 4, "name": "重"})
    assert response.status_code == 400 and "number" in response.json()
    assert VillagerGroup.objects.count() == 1


def test_groups_cannot_be_deleted_or_written_by_leadership(api, town_office, leader, village):
    group = make_group(village=village)
    assert as_user(api, town_office).delete(f"{API}/groups/{group.pk}/").status_code == 405
    new = {"village": village.pk, "number": 9, "name": "x"}
    assert as_user(api, leader).post(f"{API}/groups/", new).status_code == 403


def test_groups_list_query_count_is_fixed(api, town_office, village, django_assert_num_queries):
    make_group(village=village, number=1)
    as_user(api, town_office)
    with django_assert_num_queries(2):
        api.get(f"{API}/groups/")
    for number in range(2, 8):
        make_group(village=village, number=number)
    with django_assert_num_queries(2):
        assert api.get(f"{API}/groups/").json()["count"] == 7


# --- Positions -----------------------------------------------------------------------------------

def test_positions_show_current_holder_and_filter_vacant(api, town_office, village):
    held = make_appointment(village=village, holder_name="李玥").position
    vacant = make_position(village=village, kind=Position.Kind.COMMITTEE_DIRECTOR)
    as_user(api, town_office)

    rows = {row["id"]: row for row in api.get(f"{API}/positions/").json()["results"]}
    assert rows[held.pk]["current_holder"]["holder_name"] == "李玥"
    assert rows[vacant.pk]["current_holder"] is None
    assert [r["id"] for r in api.get(f"{API}/positions/", {"vacant": "true"}).json()["results"]] == [vacant.pk]
    assert api.get(f"{API}/positions/", {"kind": "specialist"}).json()["count"] == 1


def test_position_of_other_village_answers_404(api, specialist, other_village):
    post = make_position(village=other_village)
    assert as_user(api, specialist).get(f"{API}/positions/{post.pk}/").status_code == 404


def test_positions_are_read_only(api, town_office, village):
    response = as_user(api, town_office).post(f"{API}/positions/", {"village": village.pk, "kind": "specialist"})
    assert response.status_code == 405


def test_positions_list_query_count_is_fixed(api, town_office, village, django_assert_num_queries):
    make_appointment(village=village)
    as_user(api, town_office)
    with django_assert_num_queries(3):  # count, page, current holders
        api.get(f"{API}/positions/")
    for kind in ("party_secretary", "committee_director", "birth_liaison"):
        make_appointment(village=village, kind=kind)
    with django_assert_num_queries(3):
        assert api.get(f"{API}/positions/").json()["count"] == 4


# --- Appointments --------------------------------------------------------------------------------

def test_appoint_through_the_api(api, town_office, village):
    post = make_position(village=village, kind=Position.Kind.COMMITTEE_DIRECTOR)
    response = as_user(api, town_office).post(f"{API}/appointments/", {
        "position": post.pk, "holder_name": "陈静", "started_on": "2025-01-01", "pay_kind": "wage",
        "monthly_amount": "1500.00"})
    assert response.status_code == 201 and response.json()["is_current"] is True


def test_appoint_to_held_post_gets_400(api, town_office, village):
    current = make_appointment(village=village)
    response = as_user(api, town_office).post(f"{API}/appointments/", {
        "position": current.position_id, "holder_name": "陈静", "started_on": "2025-01-01"})
    assert response.status_code == 400 and "position" in response.json()
    assert Appointment.objects.count() == 1


def test_appoint_with_bad_input_gets_field_errors(api, town_office, village):
    post = make_position(village=village, kind=Position.Kind.COMMITTEE_DIRECTOR)
    response = as_user(api, town_office).post(f"{API}/appointments/", {
        "position": post.pk, "holder_name": "", "started_on": "yesterday", "monthly_amount": "-1"})
    assert response.status_code == 400
    assert {"holder_name", "started_on", "monthly_amount"} <= set(response.json())
    assert not Appointment.objects.exists()


def test_appoint_to_other_villages_post_gets_400(api, specialist, other_village):
    group = make_group(village=other_village)
    post = make_position(village=other_village, kind=Position.Kind.GROUP_LEADER, group=group)
    response = as_user(api, specialist).post(f"{API}/appointments/", {
        "position": post.pk, "holder_name": "陈静", "started_on": "2025-01-01"})
    assert response.status_code == 400 and "position" in response.json()


def test_specialist_cannot_appoint_party_secretary(api, specialist, village):
    post = make_position(village=village, kind=Position.Kind.PARTY_SECRETARY)
    response = as_user(api, specialist).post(f"{API}/appointments/", {
        "position": post.pk, "holder_name": "陈静", "started_on": "2025-01-01"})
    assert response.status_code == 403 and not post.appointments.exists()


def test_end_appointment_by_dismissal(api, town_office, village):
    current = make_appointment(village=village)
    response = as_user(api, town_office).post(f"{API}/appointments/{current.pk}/end/", {
        "ended_on": "2025-06-30", "end_reason": "dismissal", "end_note": "信息不实"})
    assert response.status_code == 200 and response.json()["end_reason"] == "dismissal"


def test_dismissal_without_reason_gets_400(api, town_office, village):
    current = make_appointment(village=village)
    response = as_user(api, town_office).post(f"{API}/appointments/{current.pk}/end/", {
        "ended_on": "2025-06-30", "end_reason": "dismissal"})
    assert response.status_code == 400 and "end_note" in response.json()
    assert Appointment.objects.get(pk=current.pk).is_current


def test_ending_another_villages_appointment_answers_404(api, specialist, other_village):
    theirs = make_appointment(village=other_village)
    response = as_user(api, specialist).post(f"{API}/appointments/{theirs.pk}/end/", {
        "ended_on": "2025-06-30", "end_reason": "term_end"})
    assert response.status_code == 404


def test_leadership_cannot_end_or_create_appointments(api, leader, village):
    current = make_appointment(village=village)
    as_user(api, leader)
    assert api.post(f"{API}/appointments/{current.pk}/end/", {"ended_on": "2025-06-30",
                                                               "end_reason": "term_end"}).status_code == 403
    assert api.post(f"{API}/appointments/", {"position": current.position_id, "holder_name": "x",
                                             "started_on": "2025-01-01"}).status_code == 403


def test_appointments_are_never_deleted_or_rewritten(api, town_office, village):
    current = make_appointment(village=village)
    as_user(api, town_office)
    assert api.delete(f"{API}/appointments/{current.pk}/").status_code == 405
    assert api.patch(f"{API}/appointments/{current.pk}/", {"holder_name": "改名"}).status_code == 405
    assert Appointment.objects.get(pk=current.pk).holder_name == "李芳"


def test_appointments_filter_by_kind_current_and_end_reason(api, town_office, village, other_village):
    make_appointment(village=village, ended_on=datetime.date(2025, 6, 30), end_reason="dismissal", end_note="失职")
    make_appointment(village=village, started_on=datetime.date(2025, 7, 1))
    make_appointment(village=other_village, kind="party_secretary")
    as_user(api, town_office)

    def count(**params):
        return api.get(f"{API}/appointments/", params).json()["count"]

    assert count(current="true") == 2 and count(current="false") == 1
    assert count(end_reason="dismissal") == 1 and count(kind="party_secretary") == 1
    assert count(village=village.pk) == 2


def test_member_sees_current_team_only(api, member, village):
    make_appointment(village=village, ended_on=datetime.date(2025, 6, 30), end_reason="dismissal", end_note="失职")
    make_appointment(village=village, started_on=datetime.date(2025, 7, 1))
    assert as_user(api, member).get(f"{API}/appointments/").json()["count"] == 1


def test_appointments_list_query_count_is_fixed(api, town_office, village, django_assert_num_queries):
    make_appointment(village=village)
    as_user(api, town_office)
    with django_assert_num_queries(2):
        api.get(f"{API}/appointments/")
    for kind in ("party_secretary", "committee_director", "birth_liaison"):
        make_appointment(village=make_village(town=village.town), kind=kind)
    with django_assert_num_queries(2):
        assert api.get(f"{API}/appointments/").json()["count"] == 4


# --- Schema and documentation --------------------------------------------------------------------

def test_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_docs_page_loads_swagger_from_local_static_files(client, town_office):
    client.force_login(town_office)
    page = client.get(f"{API}/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    script = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert script.status_code == 200


def test_towns_list_query_count_is_fixed(api, town_office, village, django_assert_num_queries):
    as_user(api, town_office)
    with django_assert_num_queries(2):
        assert api.get(f"{API}/towns/").json()["count"] == 1


def test_duplicate_village_name_gets_400_not_500(api, town_office, town, village):
    response = as_user(api, town_office).post(f"{API}/villages/", {"town": town.pk, "code": f"{town.code}360",
                                                                   "name": village.name})
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_regulations_file_upload_through_the_api(api, town_office, village):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Village.objects.filter(pk=village.pk).update(self_government_declared_on=datetime.date(2024, 5, 1))
    upload = SimpleUploadedFile("章程.pdf", "%PDF-1.4 章程".encode(), content_type="application/pdf")
    response = as_user(api, town_office).post(f"{API}/villages/{village.pk}/regulations/", {
        "regulations_adopted_on": "2025-03-01", "regulations_file": upload, "version": 1}, format="multipart")
    assert response.status_code == 200 and response.json()["has_regulations_file"] is True


def test_the_api_refuses_a_declaration_inside_a_closed_year_without_a_reason(api, town, town_office, village):
    from villages import closing
    from villages.periods import Period

    closing.close(town=town, period=Period.parse("2025"), by=town_office)
    api.force_authenticate(town_office)
    answer = api.post(f"{API}/villages/{village.pk}/declaration/",
                      {"self_government_declared_on": "2025-04-01", "version": village.version}, format="json")
    assert answer.status_code == 400 and "correction_reason" in answer.json()
    answer = api.post(f"{API}/villages/{village.pk}/declaration/",
                      {"self_government_declared_on": "2025-04-01", "version": village.version,
                       "correction_reason": "补录"}, format="json")
    assert answer.status_code == 200 and "correction_reason" not in answer.json()
