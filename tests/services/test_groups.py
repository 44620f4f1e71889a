"""Leading groups for villager self-government: pages, API, admin, the figure and the demo."""

import datetime

import pytest
from django.urls import reverse

from demo import services as services_demo
from services.actions import groups as actions
from services.models import LeadingGroup, LeadingGroupMember
from tests.factories import make_village
from tests.services.conftest import api
from villages.catalogue import VILLAGE, compute
from villages.closing import close
from villages.periods import Period

API = "/api/v1/leading-groups/"
SET_UP = datetime.date(2025, 2, 1)


def make_group(*, town, village=None, name=None, set_up_on=SET_UP, dissolved_on=None, members=()) -> LeadingGroup:
    group = LeadingGroup.objects.create(town=town, village=village, name=name or f"{village or town}领导小组",
                                        set_up_on=set_up_on, dissolved_on=dissolved_on)
    for index, (role, title) in enumerate(members):
        LeadingGroupMember.objects.create(group=group, name=f"成员{index}", role=role, job_title=title,
                                          started_on=set_up_on)
    return group


@pytest.fixture
def groups(town, village, other_village):
    Role = LeadingGroupMember.Role
    town_members = [(Role.LEADER, "镇党委书记"), (Role.DEPUTY, "镇长")]
    return {"town": make_group(town=town, name="镇领导小组", members=town_members),
            "own": make_group(town=town, village=village, name="大旗领导小组", members=[(Role.LEADER, "村支书")]),
            "other": make_group(town=town, village=other_village, name="荀子领导小组")}


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


def test_the_list_puts_the_towns_group_first_and_shows_villages_without_one(
        signed_in, town_office, town, village, groups, django_assert_max_num_queries):
    bare = make_village(town=town, name="无组村", number=77)
    client = signed_in(town_office)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("services:leading_groups"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0].village is None and rows[0].current.name == "镇领导小组"
    assert response.context["without"] == [bare]
    for number in range(5):
        make_group(town=town, village=make_village(town=town, number=200 + number),
                   members=[(LeadingGroupMember.Role.LEADER, "村支书"), (LeadingGroupMember.Role.MEMBER, "计生专干")])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("services:leading_groups")).status_code == 200
    assert "镇党委书记" in response.content.decode()


def test_specialist_sees_their_villages_group_only(signed_in, specialist, groups):
    client = signed_in(specialist)
    body = client.get(reverse("services:leading_groups")).content.decode()
    assert "大旗领导小组" in body and "荀子领导小组" not in body and "镇领导小组" not in body
    assert client.get(reverse("services:leading_group", args=[groups["own"].pk])).status_code == 200
    assert client.get(reverse("services:leading_group", args=[groups["other"].pk])).status_code == 404
    assert client.get(reverse("services:leading_group", args=[groups["town"].pk])).status_code == 404
    assert client.get(reverse("services:leading_group_edit", args=[groups["other"].pk])).status_code == 404
    other_member = LeadingGroupMember.objects.create(group=groups["other"], name="某", role="member", started_on=SET_UP)
    assert client.get(reverse("services:leading_group_member_end", args=[other_member.pk])).status_code == 404


def test_leadership_reads_and_members_find_nothing(signed_in, leader, member, groups):
    client = signed_in(leader)
    assert client.get(reverse("services:leading_group", args=[groups["own"].pk])).status_code == 200
    assert client.get(reverse("services:leading_group_edit", args=[groups["own"].pk])).status_code == 403
    assert client.get(reverse("services:leading_group_new")).status_code == 403
    client = signed_in(member)
    assert client.get(reverse("services:leading_groups")).status_code == 404
    assert client.get(reverse("services:leading_group", args=[groups["own"].pk])).status_code == 404


def test_specialist_sets_up_a_group_adds_and_ends_members(signed_in, specialist, village, other_village):
    client = signed_in(specialist)
    data = {"village": village.pk, "name": "大旗村村民自治领导小组", "set_up_on": "2025-03-01", "note": ""}
    response = client.post(reverse("services:leading_group_new"), data)
    assert response.status_code == 302
    group = LeadingGroup.objects.get()
    url = reverse("services:leading_group_member_new", args=[group.pk])
    member = {"name": "王伟", "role": "leader", "job_title": "村支书", "started_on": "2025-03-01"}
    assert client.post(url, member).status_code == 302
    response = client.post(url, {**member, "name": "李强"})
    assert response.status_code == 200 and response.context["form"].errors["role"]
    response = client.post(url, {**member, "name": "李强", "role": "deputy", "started_on": "2025-01-01"})
    assert response.context["form"].errors["started_on"]
    leader = LeadingGroupMember.objects.get(name="王伟")
    end = reverse("services:leading_group_member_end", args=[leader.pk])
    response = client.post(end, {"ended_on": "2025-02-01", "version": leader.version})
    assert response.context["form"].errors["ended_on"]
    assert client.post(end, {"ended_on": "2025-09-30", "version": leader.version}).status_code == 302
    leader.refresh_from_db()
    assert leader.ended_on == datetime.date(2025, 9, 30) and LeadingGroupMember.objects.count() == 1
    page = client.get(reverse("services:leading_group", args=[group.pk]))
    assert "王伟" in page.content.decode() and page.context["group"].member_history
    response = client.post(reverse("services:leading_group_new"), {**data, "village": other_village.pk})
    assert response.status_code == 200 and "village" in response.context["form"].errors


def test_bad_input_and_a_second_group_come_back_on_the_form(signed_in, town_office, village, groups):
    client = signed_in(town_office)
    response = client.post(reverse("services:leading_group_new"), {"village": village.pk, "name": "",
                                                                   "set_up_on": "not a date"})
    assert set(response.context["form"].errors) >= {"name", "set_up_on"}
    response = client.post(reverse("services:leading_group_new"), {"village": village.pk, "name": "又一个",
                                                                   "set_up_on": "2025-06-01"})
    assert response.status_code == 200 and response.context["form"].errors["set_up_on"]
    assert LeadingGroup.objects.count() == 3


def test_editing_names_the_version_and_dissolving_ends_memberships(signed_in, town_office, groups):
    group = groups["own"]
    client = signed_in(town_office)
    url = reverse("services:leading_group_edit", args=[group.pk])
    data = {"name": "新名", "set_up_on": "2025-02-01", "dissolved_on": "2025-11-30", "note": "",
            "version": group.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "旧名"})
    assert "Someone else changed" in str(response.context["form"].non_field_errors())
    group.refresh_from_db()
    assert group.name == "新名" and group.version == 2
    assert list(group.members.values_list("ended_on", flat=True)) == [datetime.date(2025, 11, 30)]


def test_a_date_in_a_closed_year_needs_a_reason(town, town_office, village, set_today):
    set_today(datetime.date(2026, 3, 1))
    close(town=town, period=Period.parse("2025"), by=town_office)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        actions.set_up_group(town=town, village=village, name="x", set_up_on=datetime.date(2025, 5, 1),
                             by=town_office)
    assert "correction_reason" in refused.value.message_dict
    assert not LeadingGroup.objects.exists()
    actions.set_up_group(town=town, village=village, name="x", set_up_on=datetime.date(2025, 5, 1), by=town_office,
                         correction_reason="漏记")


def test_api_lists_in_scope_and_writes(town_office, specialist, member, village, other_village, groups):
    office = api(town_office)
    names = {row["name"] for row in office.get(API).json()["results"]}
    assert names == {"镇领导小组", "大旗领导小组", "荀子领导小组"}
    client = api(specialist)
    assert {row["name"] for row in client.get(API).json()["results"]} == {"大旗领导小组"}
    assert client.get(f"{API}{groups['other'].pk}/").status_code == 404
    assert client.patch(f"{API}{groups['other'].pk}/", {"name": "x", "version": 1}, format="json").status_code == 404
    assert api(member).get(API).status_code == 404
    pk = groups["own"].pk
    response = client.post(f"{API}{pk}/members/", {"name": "赵敏", "role": "member", "job_title": "计生专干",
                                                   "started_on": "2025-04-01"}, format="json")
    assert response.status_code == 201, response.json()
    added = next(m for m in response.json()["members"] if m["name"] == "赵敏")
    response = client.post(f"{API}{pk}/end-member/", {"member": added["id"], "ended_on": "2025-08-01",
                                                      "version": 1}, format="json")
    assert response.status_code == 200
    response = client.patch(f"{API}{pk}/", {"note": "调整", "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert client.patch(f"{API}{pk}/", {"note": "x", "version": 1}, format="json").status_code == 409
    assert client.delete(f"{API}{pk}/").status_code == 405


def test_api_bad_input_answers_400(town_office, specialist, village, other_village, groups):
    client = api(town_office)
    response = client.post(API, {"village": village.pk, "name": "", "set_up_on": "x"}, format="json")
    assert response.status_code == 400 and {"name", "set_up_on"} <= set(response.json())
    response = client.post(API, {"village": village.pk, "name": "第二个", "set_up_on": "2025-05-01"}, format="json")
    assert response.status_code == 400 and "set_up_on" in response.json()
    response = api(specialist).post(API, {"village": other_village.pk, "name": "x", "set_up_on": "2025-05-01"},
                                    format="json")
    assert response.status_code == 400 and "village" in response.json()
    response = client.post(f"{API}{groups['own'].pk}/members/", {"name": "x", "role": "boss",
                                                                 "started_on": "2025-04-01"}, format="json")
    assert response.status_code == 400 and "role" in response.json()
    assert LeadingGroup.objects.count() == 3


def test_api_list_takes_a_fixed_number_of_queries(town_office, town, groups, django_assert_max_num_queries):
    client = api(town_office)
    for number in range(5):
        make_group(town=town, village=make_village(town=town, number=400 + number),
                   members=[(LeadingGroupMember.Role.LEADER, "村支书")])
    with django_assert_max_num_queries(8):
        assert client.get(API).status_code == 200


def test_admin_is_scoped(client, office_staff, staff_specialist, groups):
    client.force_login(office_staff)
    page = client.get(reverse("admin:services_leadinggroup_changelist"))
    assert {g.name for g in page.context["cl"].result_list} == {"镇领导小组", "大旗领导小组", "荀子领导小组"}
    assert "镇党委书记" in client.get(reverse("admin:services_leadinggroup_change",
                                         args=[groups["town"].pk])).content.decode()
    client.force_login(staff_specialist)
    page = client.get(reverse("admin:services_leadinggroup_changelist"))
    assert {g.name for g in page.context["cl"].result_list} == {"大旗领导小组"}


def test_the_figure_counts_groups_in_place_on_the_last_day(town, village, other_village, groups):
    make_group(town=town, village=make_village(town=town, name="晚村", number=90), set_up_on=datetime.date(2026, 1, 5))
    groups["other"].dissolved_on = datetime.date(2025, 12, 31)
    groups["other"].save()
    values = compute(town.pk, Period.parse("2025"), ["services.leading_groups"])
    assert values.get("services.leading_groups") == 2  # the town's own and 大旗村 (荀子村's ended on the last day)
    assert values.get("services.leading_groups", VILLAGE, village.pk) == 1
    assert values.get("services.leading_groups", VILLAGE, other_village.pk) == 0
    assert compute(town.pk, Period.parse("2025Q3"), ["services.leading_groups"]).get("services.leading_groups") == 3
    assert compute(town.pk, Period.parse("2026"), ["services.leading_groups"]).get("services.leading_groups") == 3


def test_the_demo_town_has_its_groups(db):
    from demo import town as demo_town

    town = demo_town.build()
    services_demo.build(town)
    assert services_demo.build(town) == 0
    own = LeadingGroup.objects.get(town=town, village=None)
    roles = dict(own.members.values_list("job_title", "role"))
    assert roles["镇党委书记"] == "leader" and roles["镇长"] == "deputy" and roles["镇计生办主任"] == "office_head"
    values = compute(town.pk, Period.parse("2025"), ["services.leading_groups"])
    assert values.get("services.leading_groups") == 42
    for group in LeadingGroup.objects.filter(town=town, village__isnull=False):
        current = dict(group.members.filter(ended_on__isnull=True).values_list("role", "job_title"))
        assert current == {"leader": "村支书", "deputy": "村主任", "member": "计生专干"}
