"""The association's API: same scoping as the pages, 400 with field errors, fixed query counts on lists."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from association.actions import work
from association.models import (
    AssociationMember,
    AssociationYearRules,
    Award,
    EvaluationCriterion,
    Meeting,
    MemberEvaluation,
    MemberReview,
    MonthlyFeedback,
)
from tests.factories import make_group
from tests.factories.association import make_card, make_criteria, make_households, make_member, submit
from villages.models import SensitiveAccess

API = "/api/v1/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def fixed_count(client, url, add_rows) -> None:
    before = count_queries(client, url)
    add_rows()
    assert count_queries(client, url) == before


# Members

def test_specialist_lists_own_village_members_only(specialist, village, other_village):
    mine = make_member(village=village)
    make_member(village=other_village)
    response = api(specialist).get(f"{API}association-members/")
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_member_list_query_count_is_fixed(specialist, village):
    make_card(make_member(village=village), 1)
    fixed_count(api(specialist), f"{API}association-members/",
                lambda: [make_card(make_member(village=village), 2) for _ in range(3)])


def test_recruit_through_the_api(specialist, village):
    group = make_group(village=village, number=4)
    response = api(specialist).post(f"{API}association-members/", {
        "group": group.pk, "name": "周红", "role": "group_leader", "joined_on": "2025-03-01"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["village"] == village.pk
    assert AssociationMember.objects.get().reviews.get().outcome == MemberReview.Outcome.RECRUITED


def test_recruit_in_another_village_is_a_field_error(specialist, other_village):
    group = make_group(village=other_village)
    response = api(specialist).post(f"{API}association-members/", {
        "group": group.pk, "name": "周红", "joined_on": "2025-03-01"}, format="json")
    assert response.status_code == 400 and "group" in response.json()
    assert not AssociationMember.objects.exists()


def test_second_president_is_a_field_error(specialist, village):
    make_member(village=village, role="president")
    group = make_group(village=village, number=4)
    response = api(specialist).post(f"{API}association-members/", {
        "group": group.pk, "name": "周红", "role": "president", "joined_on": "2025-03-01"}, format="json")
    assert response.status_code == 400 and "role" in response.json()
    assert AssociationMember.objects.count() == 1


def test_stale_edit_is_refused_with_409(specialist, village):
    member = make_member(village=village)
    client = api(specialist)
    assert client.patch(f"{API}association-members/{member.pk}/", {"version": 1, "duties": "a"},
                        format="json").status_code == 200
    response = client.patch(f"{API}association-members/{member.pk}/", {"version": 1, "duties": "b"}, format="json")
    assert response.status_code == 409


def test_members_are_not_deleted(specialist, village):
    member = make_member(village=village)
    assert api(specialist).delete(f"{API}association-members/{member.pk}/").status_code == 405
    assert AssociationMember.objects.filter(pk=member.pk).exists()


def test_other_village_member_answers_404(specialist, other_village):
    member = make_member(village=other_village)
    client = api(specialist)
    assert client.get(f"{API}association-members/{member.pk}/").status_code == 404
    assert client.get(f"{API}association-members/{member.pk}/card/").status_code == 404
    assert client.post(f"{API}association-members/{member.pk}/handover/", {}, format="json").status_code == 404


def test_handover_through_the_api_keeps_coverage(specialist, village):
    leaving, successor = make_member(village=village), make_member(village=village)
    make_card(leaving, 3)
    client = api(specialist)
    before = client.get(f"{API}association-figures/?year=2025").json()["results"][0]["coverage"]
    response = client.post(f"{API}association-members/{leaving.pk}/handover/", {
        "successor": successor.pk, "handed_over_on": timezone.localdate().isoformat(), "leave_reason": "moved_away"},
        format="json")
    assert response.status_code == 200 and len(response.json()) == 3
    after = client.get(f"{API}association-figures/?year=2025").json()["results"][0]["coverage"]
    assert after == before == {"active": 3, "covered": 3, "rate": "100.0"}


def test_handover_with_bad_date_is_a_field_error(specialist, village):
    leaving, successor = make_member(village=village), make_member(village=village)
    make_card(leaving, 1)
    response = api(specialist).post(f"{API}association-members/{leaving.pk}/handover/", {
        "successor": successor.pk, "handed_over_on": "2099-01-01"}, format="json")
    assert response.status_code == 400 and "handed_over_on" in response.json()
    assert leaving.assignments.current().count() == 1


def test_assign_and_end_card_lines(specialist, village):
    member = make_member(village=village)
    households = make_households(member.group, 2)
    client = api(specialist)
    response = client.post(f"{API}association-members/{member.pk}/assign/", {
        "households": [h.pk for h in households], "served_from": "2025-01-01"}, format="json")
    assert response.status_code == 201
    line = response.json()[0]["id"]
    assert client.post(f"{API}association-card-lines/{line}/end/", {"served_until": "2025-05-01"},
                       format="json").status_code == 200
    assert member.assignments.current().count() == 1


def test_member_login_sees_own_card_lines_only(member, village):
    mine = make_member(group=member.group, user=member)
    neighbour = make_member(group=member.group)
    make_card(mine, 2)
    make_card(neighbour, 1)
    client = api(member)
    rows = client.get(f"{API}association-card-lines/").json()["results"]
    assert {row["member"] for row in rows} == {mine.pk}
    assert client.get(f"{API}association-members/{neighbour.pk}/card/").status_code == 404
    assert client.get(f"{API}association-members/{mine.pk}/card/").status_code == 200


def test_card_lines_query_count_is_fixed(specialist, village):
    member = make_member(village=village)
    make_card(member, 1)
    fixed_count(api(specialist), f"{API}association-card-lines/", lambda: make_card(member, 4))


def test_uncovered_households_of_the_village(specialist, village, other_village):
    member = make_member(village=village)
    make_card(member, 1)
    lonely = make_households(member.group, 1)[0]
    client = api(specialist)
    rows = client.get(f"{API}association-uncovered-households/?village={village.pk}").json()["results"]
    assert [row["id"] for row in rows] == [lonely.pk]
    assert client.get(f"{API}association-uncovered-households/?village={other_village.pk}").json()["count"] == 0
    assert client.get(f"{API}association-uncovered-households/?village=x").status_code == 400
    fixed_count(client, f"{API}association-uncovered-households/?village={village.pk}",
                lambda: make_households(member.group, 3))


# Feedback

def test_member_submits_own_feedback_through_the_api(member):
    mine = make_member(group=member.group, user=member)
    households = make_card(mine, 1)
    month = timezone.localdate().replace(day=1)
    response = api(member).post(f"{API}association-feedback/", {
        "member": mine.pk, "month": month.isoformat(), "households_contacted": 1, "changes": "无变化",
        "notes": [{"household": households[0].pk, "note": "已走访"}]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["is_late"] is False and response.json()["notes"][0]["note"] == "已走访"


def test_member_cannot_report_for_someone_else(member):
    other = make_member(group=member.group)
    make_member(group=member.group, user=member)
    response = api(member).post(f"{API}association-feedback/", {
        "member": other.pk, "month": "2025-03-01", "households_contacted": 1, "changes": "x"}, format="json")
    assert response.status_code == 400 and "member" in response.json()
    assert not MonthlyFeedback.objects.exists()


def test_bad_feedback_is_a_field_error(specialist, village):
    member = make_member(village=village)
    response = api(specialist).post(f"{API}association-feedback/", {
        "member": member.pk, "month": "2099-01-01", "households_contacted": -2, "changes": ""}, format="json")
    assert response.status_code == 400
    assert {"households_contacted", "changes"} <= set(response.json())
    assert not MonthlyFeedback.objects.exists()


def test_leadership_reads_feedback_counts_without_text(leader, specialist, village):
    submit(make_member(village=village), datetime.date(2025, 3, 1), changes="某户怀孕")
    row = api(leader).get(f"{API}association-feedback/?month=2025-03").json()["results"][0]
    assert row["changes"] is None and row["households_contacted"] == 3
    row = api(specialist).get(f"{API}association-feedback/?month=2025-03").json()["results"][0]
    assert row["changes"] == "某户怀孕"
    assert SensitiveAccess.objects.get().action == SensitiveAccess.Action.API


def test_feedback_filters_and_query_count(specialist, village):
    member = make_member(village=village)
    submit(member, datetime.date(2025, 3, 1), received_on=datetime.date(2025, 4, 20))
    submit(member, datetime.date(2025, 4, 1), received_on=datetime.date(2025, 5, 1))
    client = api(specialist)
    assert client.get(f"{API}association-feedback/?late=true").json()["count"] == 1
    assert client.get(f"{API}association-feedback/?month=2025-04").json()["count"] == 1
    fixed_count(client, f"{API}association-feedback/?year=2025",
                lambda: [submit(make_member(village=village), datetime.date(2025, 3, 1)) for _ in range(3)])


def test_town_office_reads_feedback_of_many_members_in_a_fixed_number_of_queries(town_office, village,
                                                                                  other_village):
    submit(make_member(village=village), datetime.date(2025, 3, 1), changes="某户怀孕")
    client = api(town_office)
    fixed_count(client, f"{API}association-feedback/?year=2025",
                lambda: [submit(make_member(village=place), datetime.date(2025, 3, 1), changes="某户怀孕")
                         for place in (village, other_village, other_village)])
    rows = client.get(f"{API}association-feedback/?year=2025").json()["results"]
    assert [row["changes"] for row in rows] == ["某户怀孕"] * 4
    last = SensitiveAccess.objects.filter(user=town_office).order_by("-pk")[:2]  # one row for each village shown
    assert sorted((access.village_id, access.count) for access in last) == sorted([(village.pk, 2),
                                                                                  (other_village.pk, 2)])


def test_other_village_feedback_answers_404(specialist, other_village):
    feedback = submit(make_member(village=other_village), datetime.date(2025, 3, 1))
    assert api(specialist).get(f"{API}association-feedback/{feedback.pk}/").status_code == 404


# Meetings, evaluations, criteria, rules, re-checks

def test_meeting_through_the_api(specialist, village, other_village):
    member = make_member(village=village)
    client = api(specialist)
    response = client.post(f"{API}association-meetings/", {
        "village": village.pk, "held_on": "2025-06-20", "agenda": "二季度例会",
        "attendance": [{"member": member.pk, "attendance": "present"}]}, format="json")
    assert response.status_code == 201, response.json()
    bad = client.post(f"{API}association-meetings/", {
        "village": other_village.pk, "held_on": "2025-06-20", "agenda": "x", "attendance": []}, format="json")
    assert bad.status_code == 400 and "village" in bad.json()
    missing = client.post(f"{API}association-meetings/", {
        "village": village.pk, "held_on": "2025-06-21", "agenda": "x", "attendance": []}, format="json")
    assert missing.status_code == 400 and "attendance" in missing.json()
    assert Meeting.objects.count() == 1


def test_meeting_list_query_count_is_fixed(specialist, village):
    member = make_member(village=village)

    def meet():
        work.record_meeting(village=village, held_on=datetime.date(2025, 6, 20), agenda="例会", by=None,
                            attendance={member.pk: "present"})

    meet()
    fixed_count(api(specialist), f"{API}association-meetings/?year=2025", lambda: [meet() for _ in range(3)])


def test_evaluation_and_award_through_the_api(specialist, village, town):
    member = make_member(village=village)
    first, second = make_criteria(town, 2025)
    client = api(specialist)
    response = client.post(f"{API}association-evaluations/", {
        "member": member.pk, "year": 2025, "evaluated_on": "2025-12-28",
        "scores": [{"criterion": first.pk, "score": "60"}, {"criterion": second.pk, "score": "38"}]}, format="json")
    assert response.status_code == 201 and response.json()["grade"] == "excellent"
    evaluation = response.json()["id"]
    bad = client.post(f"{API}association-evaluations/{evaluation}/award/", {
        "kind": "bonus", "amount": "0", "awarded_on": "2025-12-30"}, format="json")
    assert bad.status_code == 400 and "amount" in bad.json()
    good = client.post(f"{API}association-evaluations/{evaluation}/award/", {
        "kind": "bonus", "amount": "200", "awarded_on": "2025-12-30"}, format="json")
    assert good.status_code == 201 and Award.objects.get().amount == 200


def test_missing_score_is_a_field_error(specialist, village, town):
    member = make_member(village=village)
    first, _second = make_criteria(town, 2025)
    response = api(specialist).post(f"{API}association-evaluations/", {
        "member": member.pk, "year": 2025, "scores": [{"criterion": first.pk, "score": "60"}]}, format="json")
    assert response.status_code == 400 and "scores" in response.json()
    assert not MemberEvaluation.objects.exists()


def test_evaluation_list_query_count_is_fixed(specialist, village, town):
    criteria = make_criteria(town, 2025)

    def evaluated():
        work.evaluate_member(member=make_member(village=village), year=2025, by=None,
                             scores={c.pk: c.max_score for c in criteria})

    evaluated()
    fixed_count(api(specialist), f"{API}association-evaluations/?year=2025", lambda: [evaluated() for _ in range(3)])


def test_only_the_town_office_sets_criteria_and_rules(town_office, specialist, town):
    response = api(town_office).post(f"{API}association-criteria/", {
        "year": 2025, "order": 1, "name": "走访", "max_score": "40"}, format="json")
    assert response.status_code == 201, response.json()
    duplicate = api(town_office).post(f"{API}association-criteria/", {
        "year": 2025, "order": 2, "name": "走访", "max_score": "40"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    assert api(specialist).post(f"{API}association-criteria/", {
        "year": 2025, "order": 1, "name": "宣传", "max_score": "10"}, format="json").status_code == 403
    assert EvaluationCriterion.objects.count() == 1
    rules = api(town_office).post(f"{API}association-rules/", {"year": 2025, "feedback_due_day": 8}, format="json")
    assert rules.status_code == 201 and AssociationYearRules.objects.get().feedback_due_day == 8
    bad = api(town_office).post(f"{API}association-rules/", {"year": 2025, "feedback_due_day": 30}, format="json")
    assert bad.status_code == 400 and "feedback_due_day" in bad.json()


def test_rules_of_the_last_year_refused(town_office, town):
    """December's feedback of 9999 would be due in 10000, a date out of range, a 500 (schemathesis found it): 400."""
    bad = api(town_office).post(f"{API}association-rules/", {"year": 9999, "feedback_due_day": 8}, format="json")
    assert bad.status_code == 400 and "year" in bad.json()
    with pytest.raises(ValidationError) as refused:
        work.set_year_rules(town=town, year=9999, by=town_office, feedback_due_day=8)
    assert "year" in refused.value.message_dict
    assert not AssociationYearRules.objects.exists()


def test_recheck_through_the_api(specialist, village, other_village):
    kept, gone = make_member(village=village), make_member(village=village)
    stranger = make_member(village=other_village)
    client = api(specialist)
    bad = client.post(f"{API}association-reviews/recheck/", {
        "village": village.pk, "year": 2025, "decided_on": "2025-12-20", "kept": [stranger.pk]}, format="json")
    assert bad.status_code == 400
    response = client.post(f"{API}association-reviews/recheck/", {
        "village": village.pk, "year": 2025, "decided_on": "2025-12-20", "kept": [kept.pk],
        "left": [{"member": gone.pk, "leave_reason": "not_kept"}]}, format="json")
    assert response.json() == {"kept": 1, "left": 1}


# Figures

def test_figures_for_dashboards(specialist, leader, member, village, other_village):
    first = make_member(village=village)
    make_card(first, 2)
    submit(first, datetime.date(2025, 1, 1), received_on=datetime.date(2025, 2, 1))
    rows = api(leader).get(f"{API}association-figures/?year=2025").json()["results"]
    assert {row["village_name"] for row in rows} == {village.name, other_village.name}
    row = api(specialist).get(f"{API}association-figures/?year=2025").json()["results"][0]
    assert (row["members"], row["coverage"]["covered"], row["feedback"]["on_time"]) == (1, 2, 1)
    months = api(specialist).get(f"{API}association-figures/months/?year=2025&village={village.pk}").json()
    assert months[0]["on_time"] == 1 and months[1]["missing"] == 1
    groups = api(specialist).get(f"{API}association-figures/groups/?year=2025&village={village.pk}").json()
    assert {g["members"] for g in groups} >= {1}
    assert api(specialist).get(f"{API}association-figures/?village={other_village.pk}").status_code == 404
    assert api(member).get(f"{API}association-figures/").status_code == 403


@pytest.mark.parametrize("year", ["0", "10000", "twenty"])
def test_figures_for_a_year_out_of_range_answer_400(town_office, village, year):
    client = api(town_office)
    for path in ("", "months/", f"groups/?village={village.pk}&"):
        response = client.get(f"{API}association-figures/{path}{'' if '?' in path else '?'}year={year}")
        assert response.status_code == 400 and "year" in response.json()


def test_figures_query_count_is_fixed(town_office, village, other_village):
    make_member(village=village)
    fixed_count(api(town_office), f"{API}association-figures/?year=2025",
                lambda: [make_card(make_member(village=v), 2) for v in (village, other_village)])


@pytest.mark.django_db
def test_schema_has_no_warnings():
    call_command("spectacular", "--fail-on-warn", "--file", "/dev/null")
