"""villages.roles: a role counts with its jurisdiction, for an active account; the town-office and village guards."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import make_user
from villages.models import User
from villages.roles import (
    is_association_member,
    is_leadership,
    is_specialist,
    is_town_office,
    may_browse_people,
    may_change,
    may_change_village,
    may_read_cases,
    may_see_people,
    require_may_change,
    require_town_office,
    sees_whole_town,
)

PREDICATES = (is_town_office, is_leadership, is_specialist, is_association_member)


def test_each_role_answers_only_its_own_predicate(town_office, leader, specialist, member):
    for user, predicate in zip((town_office, leader, specialist, member), PREDICATES, strict=True):
        assert [check(user) for check in PREDICATES] == [check is predicate for check in PREDICATES]


def test_superuser_counts_as_town_office(db):
    root = make_user(role="", is_superuser=True)
    assert is_town_office(root) and sees_whole_town(root) and may_change(root)


def test_no_role_without_its_jurisdiction_nor_for_an_inactive_account(town_office, specialist):
    specialist.village = None
    town_office.is_active = False
    assert not is_specialist(specialist) and not is_town_office(town_office)
    assert not any(check(AnonymousUser()) for check in PREDICATES)
    assert not any(check(None) for check in PREDICATES)


def test_who_changes_records_and_who_reads_the_whole_town(town_office, leader, specialist, member):
    assert [may_change(u) for u in (town_office, leader, specialist, member)] == [True, False, True, False]
    assert [may_see_people(u) for u in (town_office, leader, specialist, member)] == [True, False, True, False]
    assert [sees_whole_town(u) for u in (town_office, leader, specialist, member)] == [True, True, False, False]


def test_town_office_guard_lets_the_town_office_of_the_town_and_system_work_through(town_office, town):
    require_town_office(town_office)
    require_town_office(town_office, town.pk)
    require_town_office(None, town.pk)


@pytest.mark.parametrize("role", [User.Role.LEADERSHIP, User.Role.SPECIALIST, User.Role.MEMBER])
def test_town_office_guard_refuses_every_other_role(role, village):
    user = make_user(role=role, town=village.town, village=village)
    with pytest.raises(PermissionDenied):
        require_town_office(user)


def test_town_office_guard_refuses_the_office_of_another_town(town_office, other_town):
    with pytest.raises(PermissionDenied):
        require_town_office(town_office, other_town.pk)


def test_town_office_pages_answer_403_to_leadership(client, leader):
    client.force_login(leader)
    assert client.get(reverse("members:access_log")).status_code == 403


def test_the_town_office_of_the_town_and_the_village_specialist_change_its_records(town_office, specialist, village):
    assert may_change_village(town_office, village) and may_change_village(specialist, village)
    require_may_change(town_office, village)
    require_may_change(specialist, village)
    require_may_change(None, village)


def test_village_guard_refuses_readers_another_village_and_another_town(leader, member, specialist, village,
                                                                         other_village, other_town):
    office_elsewhere = make_user(role=User.Role.TOWN_OFFICE, town=other_town, username="office-elsewhere")
    for user, refused in ((leader, village), (member, village), (specialist, other_village),
                          (office_elsewhere, village)):
        assert not may_change_village(user, refused)
        with pytest.raises(PermissionDenied):
            require_may_change(user, refused)


def test_templates_ask_who_the_user_is_with_the_same_predicates(town_office, leader, specialist, member):
    template = Template("{% load roles %}{{ user|sees_whole_town }} {{ user|is_association_member }}")
    answers = [template.render(Context({"user": u})) for u in (town_office, leader, specialist, member)]
    assert answers == ["True False", "True False", "False False", "False True"]


def test_the_menu_gives_a_member_the_contact_card_and_no_documents(rf, leader, member):
    menus = {}
    for user in (leader, member):
        request = rf.get("/")
        request.user = user
        menus[user.role] = render_to_string("includes/nav.html", {"user": user}, request=request)
    assert reverse("association:me") in menus[User.Role.MEMBER]
    assert reverse("reports:document_list") not in menus[User.Role.MEMBER]
    assert reverse("reports:document_list") in menus[User.Role.LEADERSHIP]
    assert reverse("villages:town") in menus[User.Role.LEADERSHIP]
    assert reverse("reports:todo") in menus[User.Role.MEMBER]
    assert reverse("villages:my_group") in menus[User.Role.MEMBER]


@pytest.mark.parametrize("role", ["leader", "specialist", "member"])
def test_the_access_log_answers_every_other_role_with_the_chinese_403_page(client, settings, request, role):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("members:access_log"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 403 and "没有权限" in page.text


def test_only_the_leadership_may_not_browse_people_and_only_members_may_not_read_cases(town_office, leader,
                                                                                         specialist, member):
    users = (town_office, leader, specialist, member)
    assert [may_browse_people(u) for u in users] == [True, False, True, True]
    assert [may_read_cases(u) for u in users] == [True, True, True, False]
