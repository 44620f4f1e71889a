"""Each worklist item kind: a test that creates the condition and sees the item, one that resolves it and sees it
gone; the pages, the API, the landing page and the query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.actions import scoring
from association.actions import members as member_actions
from incentives import actions as incentive_actions
from members import actions as member_records
from members.models import Person, Relation
from reports.models import Document
from reports.queries.worklists import KINDS, worklist
from services.actions import health
from services.models import HealthCampaign
from tests.factories import make_group
from tests.factories.assessments import entered, make_scheme, open_assessment
from tests.factories.association import make_card, make_member, submit
from tests.factories.incentives import computed_cycle, make_policy
from tests.factories.members import make_household, person_fields, wife
from tests.factories.reports import make_document
from tests.members.conftest import _english_and_fast_passwords, set_today

__all__ = ["_english_and_fast_passwords", "set_today"]

TODAY = datetime.date(2025, 9, 10)


@pytest.fixture
def today(set_today):
    set_today(TODAY)
    return TODAY


def items(user, code, day=TODAY):
    return list(KINDS[code].items(user, day))


def titles(user, code, day=TODAY):
    return [item.title for item in items(user, code, day)]


@pytest.fixture
def woman(village, today):
    return wife(make_household(village=village))


def reproductive(person, **changes):
    person.refresh_from_db()
    return member_records.update_reproductive_health(person=person, version=person.version, by=None, **changes)


# --- specialist: pregnancy, contraception, births ------------------------------------------------------------------

def test_a_pregnancy_seen_over_a_month_ago_is_due(specialist, woman):
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=40))
    [item] = items(specialist, "pregnancy_follow_up")
    assert item.title == "李芳" and item.overdue and item.url == reverse("members:person_health", args=[woman.pk])


def test_recording_the_pregnancy_again_clears_the_follow_up(specialist, woman):
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=40))
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY)
    assert items(specialist, "pregnancy_follow_up") == []


def test_a_pregnancy_of_another_village_is_not_on_the_specialists_list(specialist, other_village, today):
    elsewhere = wife(make_household(village=other_village))
    reproductive(elsewhere, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=40))
    assert items(specialist, "pregnancy_follow_up") == []


def test_a_short_acting_measure_renewed_a_quarter_ago_is_due(specialist, woman):
    reproductive(woman, contraception=Person.Contraception.INJECTION,
                 contraception_since=TODAY - datetime.timedelta(days=100))
    assert titles(specialist, "contraception_follow_up") == ["李芳"]


def test_renewing_the_measure_clears_the_contraception_follow_up(specialist, woman):
    reproductive(woman, contraception=Person.Contraception.INJECTION,
                 contraception_since=TODAY - datetime.timedelta(days=100))
    reproductive(woman, contraception=Person.Contraception.INJECTION, contraception_since=TODAY)
    assert items(specialist, "contraception_follow_up") == []


def test_an_expected_birth_is_to_register(specialist, woman):
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=285))
    [item] = items(specialist, "birth_to_register")
    assert item.url == reverse("members:record_event", args=[woman.household_id, "birth"])
    assert items(specialist, "pregnancy_follow_up") == []


def test_registering_the_birth_clears_it(specialist, woman):
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=285))
    member_records.record_birth(mother=Person.objects.get(pk=woman.pk), child_name="王小宝", sex="M",
                                born_on=TODAY - datetime.timedelta(days=2), by=specialist)
    assert items(specialist, "birth_to_register") == []


# --- feedback ------------------------------------------------------------------------------------------------------

@pytest.fixture
def association_member(village, member, today):
    return make_member(group=member.group, name="赵会员", user=member)


def test_a_members_missing_feedback_after_its_due_day_is_overdue(specialist, town_office, association_member):
    [item] = items(specialist, "member_feedback_overdue")
    assert item.title.startswith("赵会员") and "2025-08" in item.title and item.overdue
    [late] = items(town_office, "village_feedback_late")
    assert "2025-08" in late.title and late.village == "大旗村"


def test_filing_the_month_clears_the_members_feedback_items(specialist, town_office, association_member):
    submit(association_member, datetime.date(2025, 8, 1))
    assert items(specialist, "member_feedback_overdue") == []
    assert items(town_office, "village_feedback_late") == []


def test_a_member_sees_last_months_feedback_and_from_the_25th_this_months(member, association_member):
    assert titles(member, "own_feedback") == ["Feedback for 2025-08"]
    later = datetime.date(2025, 9, 25)
    assert titles(member, "own_feedback", later) == ["Feedback for 2025-08", "Feedback for 2025-09"]
    assert items(member, "own_feedback")[0].url == reverse("association:my_feedback", args=[2025, 8])


def test_filing_their_feedback_clears_the_members_item(member, association_member):
    submit(association_member, datetime.date(2025, 8, 1))
    assert items(member, "own_feedback") == []


def test_a_member_sees_their_contact_households_linked(member, association_member):
    households = make_card(association_member, 2, served_from=datetime.date(2025, 1, 1))
    urls = {item.url for item in items(member, "contact_household")}
    assert urls == {reverse("members:household", args=[household.pk]) for household in households}


def test_a_household_taken_off_the_card_leaves_the_list(member, association_member):
    [household] = make_card(association_member, 1, served_from=datetime.date(2025, 1, 1))
    assignment = association_member.assignments.get()
    member_actions.take_off_card(assignment=assignment, served_until=TODAY, by=None)
    assert items(member, "contact_household") == []


# --- benefits ------------------------------------------------------------------------------------------------------

@pytest.fixture
def household_policy(town):
    return make_policy(town=town, name="户补贴", beneficiary="household")


def test_a_household_entitled_now_and_not_before_is_newly_eligible(specialist, village, household_policy, today):
    make_household(village=village)
    computed_cycle(household_policy, "2024")
    newcomer = make_household(village=village, registered_on=datetime.date(2025, 3, 1))
    computed_cycle(household_policy, "2025")
    [item] = items(specialist, "eligibility_change")
    assert "newly eligible" in item.title and item.url == reverse("incentives:household", args=[newcomer.pk])


def test_the_village_confirming_it_clears_newly_eligible(specialist, village, household_policy, today):
    make_household(village=village)
    computed_cycle(household_policy, "2024")
    make_household(village=village, registered_on=datetime.date(2025, 3, 1))
    cycle = computed_cycle(household_policy, "2025")
    incentive_actions.confirm_entitlements(cycle=cycle, village=village, by=specialist)
    assert items(specialist, "eligibility_change") == []


# --- health campaigns ----------------------------------------------------------------------------------------------

@pytest.fixture
def finding(town, village, town_office, set_today):
    set_today(datetime.date(2025, 1, 10))
    make_household(group=make_group(village=village, number=11), people=[
        person_fields(), person_fields(name="刘芳", sex="F", relation=Relation.WIFE, born=datetime.date(1988, 6, 15))])
    set_today(TODAY)
    campaign = health.plan_campaign(town=town, kind=HealthCampaign.Kind.GYNAECOLOGICAL, title="妇科病普查",
                                    starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2025, 7, 20),
                                    place="服务室", team="县专家组", villages=[village], by=town_office)
    [invitation] = health.invite_target_group(campaign=campaign, invited_on=datetime.date(2025, 7, 1), by=town_office)
    health.record_attendance(invitation=invitation, attendance="examined", attended_on=datetime.date(2025, 7, 5),
                             version=1, by=town_office)
    return health.record_finding(invitation=invitation, category="inflammation",
                                 found_on=datetime.date(2025, 7, 5), by=town_office)


def test_an_open_finding_waits_for_its_follow_up(specialist, finding):
    [item] = items(specialist, "campaign_follow_up")
    assert item.title.startswith("刘芳") and item.overdue
    assert item.url == reverse("services:finding_follow_up", args=[finding.pk])


def test_closing_the_finding_clears_the_follow_up(specialist, finding):
    health.follow_up(finding=finding, state="closed", on=TODAY, version=finding.version, by=specialist)
    assert items(specialist, "campaign_follow_up") == []


# --- town office ---------------------------------------------------------------------------------------------------

@pytest.fixture
def self_scored(town, village, specialist, today):
    scheme = make_scheme(town=town)
    assessment = open_assessment(scheme=scheme, village=village)
    scoring.self_score(item_score=entered(assessment), points=Decimal("8"), scored_by=specialist)
    return scoring.submit(assessment=assessment, submitted_by=specialist)


def test_a_self_scored_assessment_is_to_review(town_office, self_scored):
    [item] = items(town_office, "assessment_to_review")
    assert item.url == reverse("assessments:detail", args=[self_scored.pk]) and item.village == "大旗村"


def test_returning_the_assessment_clears_it(town_office, self_scored):
    scoring.return_with_reason(assessment=self_scored, reason="证据不全", returned_by=town_office)
    assert items(town_office, "assessment_to_review") == []


def test_a_computed_open_cycle_is_to_approve(town_office, village, household_policy, today):
    make_household(village=village)
    cycle = computed_cycle(household_policy, "2025")
    [item] = items(town_office, "cycle_to_approve_or_pay")
    assert "to approve" in item.title and item.url == reverse("incentives:cycle", args=[cycle.pk])


def test_an_approved_cycle_is_to_pay_and_a_paid_one_is_gone(town_office, specialist, village, household_policy):
    # On the real dates: a payment follows its approval (timezone.now()).
    make_household(village=village)
    cycle = computed_cycle(household_policy, "2025")
    incentive_actions.confirm_entitlements(cycle=cycle, village=village, by=specialist)
    incentive_actions.approve_cycle(cycle=cycle, by=town_office)
    assert "1 to pay" in items(town_office, "cycle_to_approve_or_pay")[0].title
    owed = sum(entitlement.amount for entitlement in cycle.entitlements.filter(status="approved"))
    incentive_actions.record_payment(cycle=cycle, village=village, paid_on=timezone.localdate(), method="bank",
                                     reference="P1",
                                     amount=owed, by=town_office)
    assert items(town_office, "cycle_to_approve_or_pay") == []


def test_a_failed_document_is_on_the_offices_list(town_office, village, today):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED,
                             error="字体缺失")
    [item] = items(town_office, "document_failed")
    assert item.url == reverse("reports:document_detail", args=[document.pk])


def test_a_document_asked_for_again_leaves_the_list(town_office, village, today):
    document = make_document(requested_by=town_office, village=village, status=Document.Status.FAILED,
                             error="字体缺失")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.QUEUED, error="")  # as a retry does
    assert items(town_office, "document_failed") == []


# --- pages, API, landing --------------------------------------------------------------------------------------------

def test_each_role_has_its_own_kinds(specialist, member, town_office, leader):
    assert {section.kind.code for section in worklist(specialist, TODAY)} >= {"pregnancy_follow_up",
                                                                              "campaign_follow_up"}
    assert {section.kind.code for section in worklist(member, TODAY)} == {"own_feedback", "contact_household"}
    assert "document_failed" in {section.kind.code for section in worklist(town_office, TODAY)}
    assert worklist(leader, TODAY) == []


def test_the_specialist_lands_on_the_worklist_and_sees_the_overdue_follow_up(client, specialist, woman):
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=40))
    client.force_login(specialist)
    assert client.get(reverse("villages:home"))["Location"] == reverse("reports:todo")
    page = client.get(reverse("reports:todo")).content.decode()
    assert reverse("members:person_health", args=[woman.pk]) in page
    assert specialist.sensitive_accesses.count() == 1


@pytest.mark.parametrize("role_fixture", ["town_office", "member"])
def test_the_office_and_members_land_on_the_worklist(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("villages:home"))["Location"] == reverse("reports:todo")


def test_the_town_table_stays_at_villages_for_the_office(client, town_office, village):
    client.force_login(town_office)
    assert [row.pk for row in client.get(reverse("villages:town")).context["villages"]] == [village.pk]


def test_the_worklist_page_takes_a_fixed_number_of_queries(client, specialist, village, today,
                                                           django_assert_num_queries):
    def pregnant(days):
        reproductive(wife(make_household(village=village)), pregnancy=Person.Pregnancy.PREGNANT,
                     pregnancy_noted_on=TODAY - datetime.timedelta(days=days))

    pregnant(40)
    client.force_login(specialist)
    client.get(reverse("reports:todo"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("reports:todo"))
    pregnant(41), pregnant(42)
    with django_assert_num_queries(len(first)):  # one or two per kind, none per item
        response = client.get(reverse("reports:todo"))
    assert len(response.context["sections"][0].items) == 3 and len(first) <= 20


def test_the_nav_counts_and_the_api_list_the_same_items(client, specialist, woman):
    reproductive(woman, pregnancy=Person.Pregnancy.PREGNANT, pregnancy_noted_on=TODAY - datetime.timedelta(days=40))
    client.force_login(specialist)
    assert client.get(reverse("reports:nav_counts")).json() == {"todo": 1, "unread": 0}
    api = APIClient()
    api.force_authenticate(specialist)
    [row] = api.get("/api/v1/todo/").json()
    assert row["kind"] == "pregnancy_follow_up" and row["overdue"] is True


def test_the_api_worklist_needs_a_login():
    assert APIClient().get("/api/v1/todo/").status_code in (401, 403)
