"""Health campaigns: the target group from the registry as of the campaign's first day, invitations, attendance,
findings and their follow-up; privacy (the town office and the woman's village specialist see her records, every
view logged; the leadership counts only, small ones hidden); pages, API, admin and figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Relation
from services.actions import health as actions
from services.models import CampaignInvitation, Finding, FollowUp, HealthCampaign
from tests.factories import make_group
from tests.factories.members import make_household, person_fields, wife
from tests.services.conftest import api
from villages.catalogue import VILLAGE, compute
from villages.closing import close
from villages.models import SensitiveAccess
from villages.periods import Period

STARTS, ENDS = datetime.date(2025, 7, 7), datetime.date(2025, 7, 18)
EXAMINED_ON = datetime.date(2025, 7, 8)
API = "/api/v1/health-campaigns/"
INVITATIONS = "/api/v1/health-invitations/"
FINDINGS = "/api/v1/health-findings/"
CODES = ["services.health_campaigns", "services.health_invited", "services.health_examined",
         "services.health_findings", "services.health_findings_closed"]


def couple(village, number, woman="李芳"):
    household = make_household(group=make_group(village=village, number=number), number=f"H{village.pk}-{number}",
                               people=[person_fields(), person_fields(name=woman, sex="F", relation=Relation.WIFE,
                                                                      born=datetime.date(1988, 6, 15))])
    return wife(household)


@pytest.fixture
def world(set_today, town, village, other_village, town_office):
    """Two married women of 大旗村 and one of 荀子村 registered in January; the July campaign of both villages, all
    three invited and examined; a finding for 刘芳 (大旗村) and one for 陈静 (荀子村)."""
    set_today(datetime.date(2025, 1, 10))
    own = [couple(village, 11, "刘芳"), couple(village, 12, "王敏")]
    other = couple(other_village, 11, "陈静")
    set_today(datetime.date(2025, 8, 1))
    campaign = actions.plan_campaign(town=town, kind=HealthCampaign.Kind.GYNAECOLOGICAL, title="妇科病普查",
                                     starts_on=STARTS, ends_on=ENDS, place="各村服务室", team="县专家组",
                                     villages=[village, other_village], by=town_office)
    invited = {i.person.name: i for i in actions.invite_target_group(campaign=campaign, invited_on=datetime.date(
        2025, 7, 1), by=town_office)}
    for invitation in invited.values():
        actions.record_attendance(invitation=invitation, attendance="examined", attended_on=EXAMINED_ON, version=1,
                                  by=town_office)
    mine = actions.record_finding(invitation=invited["刘芳"], category="inflammation", found_on=EXAMINED_ON,
                                  by=town_office)
    theirs = actions.record_finding(invitation=invited["陈静"], category="endocrine", found_on=EXAMINED_ON,
                                    by=town_office)
    return {"campaign": campaign, "invited": invited, "mine": mine, "theirs": theirs, "own": own, "other": other}


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


def logged(user, record_type=None) -> int:
    rows = SensitiveAccess.objects.filter(user=user)
    return rows.filter(record_type=record_type).count() if record_type else rows.count()


# --- The target group and the actions -------------------------------------------------------------------

def test_the_target_group_is_read_from_the_registry_as_of_the_first_day(world, town, village, town_office,
                                                                        set_today):
    assert set(world["invited"]) == {"刘芳", "王敏", "陈静"}
    assert {i.village_id for i in world["invited"].values() if i.person.name != "陈静"} == {village.pk}
    assert actions.invite_target_group(campaign=world["campaign"], invited_on=datetime.date(2025, 7, 2),
                                       by=town_office) == []
    set_today(datetime.date(2025, 9, 1))
    couple(village, 5, "晚到")  # registered in September: not in July's target group
    later = actions.plan_campaign(town=town, kind="health_check", title="秋季检查", starts_on=datetime.date(2025, 8, 1),
                                  ends_on=datetime.date(2025, 8, 2), place="服务室", team="镇服务站",
                                  villages=[village], by=town_office)
    names = {i.person.name for i in actions.invite_target_group(campaign=later, invited_on=datetime.date(2025, 8, 1),
                                                                by=town_office)}
    assert names == {"刘芳", "王敏"}


def test_the_follow_up_goes_forward_only_and_keeps_its_steps(world, town_office):
    finding = world["mine"]
    with pytest.raises(ValidationError) as refused:
        actions.follow_up(finding=finding, state="treated", on=datetime.date(2025, 7, 1), version=1, by=town_office)
    assert "on" in refused.value.message_dict
    finding = actions.follow_up(finding=finding, state="treated", on=datetime.date(2025, 7, 10), version=1,
                                by=town_office)
    with pytest.raises(ValidationError) as refused:
        actions.follow_up(finding=finding, state="referred", on=datetime.date(2025, 7, 11), version=2, by=town_office)
    assert "state" in refused.value.message_dict
    actions.follow_up(finding=finding, state="closed", on=datetime.date(2025, 7, 30), version=2, by=town_office)
    assert list(FollowUp.objects.filter(finding=finding).values_list("state", flat=True)) == ["open", "treated",
                                                                                              "closed"]
    assert Finding.objects.get(pk=finding.pk).history.count() == 3


def test_attendance_withdrawal_and_a_closed_year(world, town, town_office, set_today):
    invitation = world["invited"]["王敏"]
    with pytest.raises(ValidationError):
        actions.withdraw_invitation(invitation=invitation, withdrawn_on=datetime.date(2025, 7, 3), reason="外出",
                                    version=2, by=town_office)  # her attendance is recorded
    with pytest.raises(ValidationError) as refused:
        actions.record_attendance(invitation=invitation, attendance="examined", attended_on=datetime.date(2025, 8, 1),
                                  version=2, by=town_office)
    assert "attended_on" in refused.value.message_dict
    set_today(datetime.date(2026, 3, 1))
    close(town=town, period=Period.parse("2025"), by=town_office)
    with pytest.raises(ValidationError) as refused:
        actions.record_finding(invitation=invitation, category="other", found_on=EXAMINED_ON, by=town_office)
    assert "correction_reason" in refused.value.message_dict
    assert not Finding.objects.filter(invitation=invitation).exists()
    actions.record_finding(invitation=invitation, category="other", found_on=EXAMINED_ON, by=town_office,
                           correction_reason="补录")


# --- Pages and privacy ----------------------------------------------------------------------------------

def test_the_town_office_sees_the_women_and_every_view_is_logged(signed_in, town_office, world,
                                                                 django_assert_max_num_queries):
    client = signed_in(town_office)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("services:campaign", args=[world["campaign"].pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "刘芳" in body and "陈静" in body
    assert logged(town_office, "CampaignInvitation") == 1
    assert SensitiveAccess.objects.get(user=town_office).count == 3
    response = client.get(reverse("services:finding", args=[world["theirs"].pk]))
    assert response.status_code == 200 and "陈静" in response.content.decode()
    access = SensitiveAccess.objects.get(user=town_office, record_type="Finding")
    assert access.record_id == world["theirs"].pk and access.village_id == world["theirs"].invitation.village_id


def test_the_leadership_sees_counts_only_small_ones_hidden(signed_in, leader, world, village):
    client = signed_in(leader)
    response = client.get(reverse("services:campaign", args=[world["campaign"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "刘芳" not in body and "陈静" not in body and response.context["page"] is None
    rows = response.context["counts"]
    own = next(row for row in rows if row.village == village)
    assert own.invited is None and own.findings is None  # 2 and 1: below 5, hidden in a village's row
    total = rows[-1]
    assert total.village is None and total.invited == 3 and total.examined == 3 and total.findings == 2
    for url in (reverse("services:finding", args=[world["mine"].pk]),
                reverse("services:finding_follow_up", args=[world["mine"].pk]),
                reverse("services:invitation_attendance", args=[world["invited"]["刘芳"].pk])):
        assert client.get(url).status_code == 404
    assert client.get(reverse("services:campaign_new")).status_code == 403
    assert logged(leader) == 0


def test_another_villages_specialist_gets_404_and_their_own_is_logged(signed_in, specialist, world):
    client = signed_in(specialist)
    body = client.get(reverse("services:campaign", args=[world["campaign"].pk])).content.decode()
    assert "刘芳" in body and "陈静" not in body
    assert client.get(reverse("services:finding", args=[world["theirs"].pk])).status_code == 404
    assert client.get(reverse("services:finding_new", args=[world["invited"]["陈静"].pk])).status_code == 404
    assert client.get(reverse("services:finding", args=[world["mine"].pk])).status_code == 200
    assert logged(specialist, "Finding") == 1
    own = world["mine"].invitation.village
    assert not SensitiveAccess.objects.filter(user=specialist).exclude(village=own).exists()


def test_a_specialist_does_not_see_a_campaign_of_other_villages(signed_in, specialist, town, other_village,
                                                                town_office, world):
    elsewhere = actions.plan_campaign(town=town, kind="health_check", title="荀子村检查", starts_on=STARTS,
                                      ends_on=ENDS, place="荀子村", team="镇服务站", villages=[other_village],
                                      by=town_office)
    client = signed_in(specialist)
    assert client.get(reverse("services:campaign", args=[elsewhere.pk])).status_code == 404
    assert elsewhere not in client.get(reverse("services:campaigns") + "?year=2025").context["page"].object_list


def test_members_find_nothing(signed_in, member, world):
    client = signed_in(member)
    assert client.get(reverse("services:campaigns")).status_code == 404
    assert client.get(reverse("services:campaign", args=[world["campaign"].pk])).status_code == 404
    assert client.get(reverse("services:finding", args=[world["mine"].pk])).status_code == 404
    assert api(member).get(API).status_code == 404


def test_the_list_by_year_takes_a_fixed_number_of_queries(signed_in, town_office, town, world,
                                                          django_assert_max_num_queries):
    client = signed_in(town_office)
    with django_assert_max_num_queries(30) as before:
        client.get(reverse("services:campaigns") + "?year=2025")
    for day in range(5):
        day = datetime.date(2025, 3, day + 1)
        HealthCampaign.objects.create(town=town, kind="other", title=f"义诊{day}", starts_on=day, ends_on=day,
                                      place="镇服务站", team="县医院")
    with django_assert_max_num_queries(len(before)):
        response = client.get(reverse("services:campaigns") + "?year=2025")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 6
    campaign = next(c for c in response.context["page"].object_list if c.pk == world["campaign"].pk)
    assert (campaign.invited, campaign.examined, campaign.found) == (3, 3, 2)


def test_the_campaign_page_takes_a_fixed_number_of_queries(signed_in, town_office, village, world, set_today,
                                                           django_assert_max_num_queries):
    client = signed_in(town_office)
    url = reverse("services:campaign", args=[world["campaign"].pk])
    with django_assert_max_num_queries(14):
        client.get(url)
    for number in range(6):
        CampaignInvitation.objects.create(campaign=world["campaign"],
                                          person=couple(village, 40 + number, f"女{number}"),
                                          village=village, invited_on=datetime.date(2025, 7, 1))
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_specialist_records_attendance_a_finding_and_its_follow_up(signed_in, specialist, world, set_today):
    client = signed_in(specialist)
    invitation = world["invited"]["王敏"]
    url = reverse("services:finding_new", args=[invitation.pk])
    response = client.post(url, {"category": "fibroid", "found_on": "not a day"})
    assert response.status_code == 200 and {"category", "found_on"} <= set(response.context["form"].errors)
    response = client.post(url, {"category": "uterine_fibroid", "found_on": "2025-07-01"})
    assert response.context["form"].errors["found_on"]
    assert client.post(url, {"category": "uterine_fibroid", "found_on": "2025-07-08"}).status_code == 302
    finding = Finding.objects.get(invitation=invitation)
    step = reverse("services:finding_follow_up", args=[finding.pk])
    assert client.post(step, {"state": "referred", "on": "2025-07-10", "version": 1}).status_code == 302
    response = client.post(step, {"state": "treated", "on": "2025-07-20", "version": 1})
    assert "Someone else changed" in str(response.context["form"].non_field_errors())
    response = client.post(step, {"state": "referred", "on": "2025-07-20", "version": 2})
    assert response.context["form"].errors["state"]
    assert client.post(step, {"state": "closed", "on": "2025-07-30", "version": 2}).status_code == 302
    page = client.get(reverse("services:finding", args=[finding.pk]))
    assert [s.state for s in page.context["finding"].steps.all()] == ["open", "referred", "closed"]
    attendance = reverse("services:invitation_attendance", args=[invitation.pk])
    response = client.post(attendance, {"attendance": "absent", "attended_on": "2025-07-08", "version": 2})
    assert response.context["form"].errors["attendance"]  # findings recorded for her examination


def test_planning_a_campaign_and_bad_input(signed_in, town_office, village, other_village, set_today):
    set_today(datetime.date(2025, 8, 1))
    client = signed_in(town_office)
    data = {"kind": "gynaecological", "title": "妇检", "starts_on": "2025-07-18", "ends_on": "2025-07-07",
            "place": "服务室", "team": "县专家", "target": "married_women", "villages": [village.pk]}
    response = client.post(reverse("services:campaign_new"), data)
    assert response.status_code == 200 and response.context["form"].errors["ends_on"]
    response = client.post(reverse("services:campaign_new"), {**data, "kind": "x", "title": ""})
    assert {"kind", "title"} <= set(response.context["form"].errors)
    assert not HealthCampaign.objects.exists()
    response = client.post(reverse("services:campaign_new"), {**data, "ends_on": "2025-07-20"})
    campaign = HealthCampaign.objects.get()
    assert response.status_code == 302 and list(campaign.villages.all()) == [village]
    edit = reverse("services:campaign_edit", args=[campaign.pk])
    assert client.post(edit, {**data, "ends_on": "2025-07-20", "place": "镇服务站", "version": 1}).status_code == 302
    response = client.post(edit, {**data, "ends_on": "2025-07-20", "place": "又改", "version": 1})
    assert "Someone else changed" in str(response.context["form"].non_field_errors())
    invite = reverse("services:campaign_invite", args=[campaign.pk])
    assert client.post(invite, {"invited_on": "2025-07-30"}).context["form"].errors["invited_on"]
    assert client.post(invite, {"invited_on": "2025-07-01"}).status_code == 302


def test_the_specialist_may_not_plan(signed_in, specialist, world):
    client = signed_in(specialist)
    assert client.get(reverse("services:campaign_new")).status_code == 403
    assert client.get(reverse("services:campaign_edit", args=[world["campaign"].pk])).status_code == 403


# --- API ------------------------------------------------------------------------------------------------

def test_api_campaign_counts_are_scoped(town_office, leader, specialist, world, village):
    pk = world["campaign"].pk
    counts = api(town_office).get(f"{API}{pk}/").json()["counts"]
    assert counts[-1] == {"village": None, "invited": 3, "examined": 3, "findings": 2, "closed": 0,
                          "by_category": {"uterine_fibroid": 0, "endocrine": 1, "inflammation": 1, "other": 0}}
    counts = api(leader).get(f"{API}{pk}/").json()["counts"]
    own = next(row for row in counts if row["village"] == village.pk)
    assert own["invited"] is None and own["by_category"]["inflammation"] is None and counts[-1]["findings"] == 2
    counts = api(specialist).get(f"{API}{pk}/").json()["counts"]
    assert [row["village"] for row in counts] == [village.pk, None] and counts[0]["invited"] == 2


def test_api_findings_and_invitations_are_sensitive(town_office, leader, specialist, member, world):
    assert api(leader).get(FINDINGS).json()["count"] == 0
    assert api(leader).get(f"{FINDINGS}{world['mine'].pk}/").status_code == 404
    assert api(leader).get(INVITATIONS).json()["count"] == 0
    assert logged(leader) == 0
    client = api(specialist)
    assert client.get(f"{FINDINGS}{world['theirs'].pk}/").status_code == 404
    assert client.get(f"{INVITATIONS}{world['invited']['陈静'].pk}/").status_code == 404
    rows = client.get(FINDINGS).json()["results"]
    assert [row["person_name"] for row in rows] == ["刘芳"] and rows[0]["steps"][0]["state"] == "open"
    assert client.get(f"{FINDINGS}{world['mine'].pk}/").status_code == 200
    assert logged(specialist, "Finding") == 2
    assert api(town_office).get(INVITATIONS).json()["count"] == 3
    assert SensitiveAccess.objects.get(user=town_office, record_type="CampaignInvitation").count == 3
    assert api(member).get(FINDINGS).status_code == 404


def test_api_writes_and_bad_input(town_office, specialist, leader, world, village, set_today):
    office = api(town_office)
    response = office.post(API, {"kind": "gynaecological", "title": "复查", "starts_on": "2025-07-20",
                                 "ends_on": "2025-07-10", "place": "服务室", "team": "县专家"}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json()
    response = office.post(API, {"kind": "boss", "title": "", "starts_on": "x"}, format="json")
    assert response.status_code == 400 and {"kind", "title", "starts_on"} <= set(response.json())
    response = office.post(API, {"kind": "gynaecological", "title": "复查", "starts_on": "2025-07-20",
                                 "ends_on": "2025-07-21", "place": "服务室", "team": "县专家",
                                 "villages": [village.pk]}, format="json")
    assert response.status_code == 201, response.json()
    new = response.json()["id"]
    assert office.post(f"{API}{new}/invite/", {"invited_on": "2025-07-15"}, format="json").status_code == 201
    assert api(leader).post(API, {"kind": "other"}, format="json").status_code == 403
    assert office.patch(f"{API}{new}/", {"place": "镇服务站", "version": 1}, format="json").status_code == 200
    assert office.patch(f"{API}{new}/", {"place": "x", "version": 1}, format="json").status_code == 409
    client = api(specialist)
    invitation = CampaignInvitation.objects.get(campaign_id=new, person__name="刘芳")
    url = f"{INVITATIONS}{invitation.pk}/"
    response = client.post(f"{url}attendance/", {"attendance": "maybe", "attended_on": "2025-07-20"}, format="json")
    assert response.status_code == 400 and "attendance" in response.json()
    response = client.post(f"{url}attendance/", {"attendance": "examined", "attended_on": "2025-07-20",
                                                 "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["attendance"] == "examined"
    response = client.post(f"{url}findings/", {"category": "other", "found_on": "2025-07-20"}, format="json")
    assert response.status_code == 201
    finding = response.json()["id"]
    response = client.post(f"{FINDINGS}{finding}/follow-up/", {"state": "open", "on": "2025-07-21"}, format="json")
    assert response.status_code == 400 and "state" in response.json()
    response = client.post(f"{FINDINGS}{finding}/follow-up/", {"state": "treated", "on": "2025-07-21", "version": 1},
                           format="json")
    assert response.status_code == 200 and [s["state"] for s in response.json()["steps"]] == ["open", "treated"]
    other = world["invited"]["陈静"]
    assert client.post(f"{INVITATIONS}{other.pk}/findings/", {"category": "other", "found_on": "2025-07-08"},
                       format="json").status_code == 404
    assert client.delete(f"{FINDINGS}{finding}/").status_code == 405


def test_api_lists_take_a_fixed_number_of_queries(town_office, village, world, django_assert_max_num_queries):
    client = api(town_office)
    for number in range(6):
        woman = couple(village, 20 + number, f"女{number}")
        invitation = CampaignInvitation.objects.create(campaign=world["campaign"], person=woman, village=village,
                                               invited_on=datetime.date(2025, 7, 1),
                                               attendance="examined", attended_on=EXAMINED_ON)
        actions.record_finding(invitation=invitation, category="inflammation", found_on=EXAMINED_ON, by=town_office)
    for url in (API, INVITATIONS, FINDINGS):
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200


# --- Admin ----------------------------------------------------------------------------------------------

def test_admin_is_scoped_and_logged(client, office_staff, staff_specialist, staff_leader, world):
    client.force_login(office_staff)
    page = client.get(reverse("admin:services_finding_changelist"))
    assert len(page.context["cl"].result_list) == 2
    assert client.get(reverse("admin:services_finding_change", args=[world["theirs"].pk])).status_code == 200
    assert client.get(reverse("admin:services_finding_history", args=[world["theirs"].pk])).status_code == 200
    assert logged(office_staff, "Finding") == 3
    client.force_login(staff_specialist)
    page = client.get(reverse("admin:services_campaigninvitation_changelist"))
    assert {i.person.name for i in page.context["cl"].result_list} == {"刘芳", "王敏"}
    assert client.get(reverse("admin:services_finding_change", args=[world["theirs"].pk])).status_code == 302
    client.force_login(staff_leader)
    assert not client.get(reverse("admin:services_finding_changelist")).context["cl"].result_list
    page = client.get(reverse("admin:services_healthcampaign_changelist"))
    assert [c.pk for c in page.context["cl"].result_list] == [world["campaign"].pk]
    assert logged(staff_leader) == 0


# --- Figures --------------------------------------------------------------------------------------------

def test_the_figures_count_from_dated_records(town, village, other_village, town_office, world, set_today):
    set_today(datetime.date(2025, 10, 1))
    actions.follow_up(finding=world["mine"], state="closed", on=datetime.date(2025, 9, 1), version=1, by=town_office)
    before = compute(town.pk, Period.parse("2025"), CODES)
    assert before.get("services.health_campaigns") == 1
    assert before.get("services.health_invited") == 3 and before.get("services.health_examined") == 3
    assert before.get("services.health_findings") == 2
    assert before.get("services.health_findings", VILLAGE, village.pk) == 1
    assert before.get("services.health_findings", VILLAGE, other_village.pk, "category:endocrine") == 1
    assert before.get("services.health_findings_closed") == 1
    assert compute(town.pk, Period.parse("2025Q2"), CODES).get("services.health_findings") == 0

    set_today(datetime.date(2026, 2, 1))
    actions.follow_up(finding=world["theirs"], state="closed", on=datetime.date(2026, 1, 20), version=1,
                      by=town_office)
    after = compute(town.pk, Period.parse("2025"), CODES)
    assert dict(after.data) == dict(before.data)

