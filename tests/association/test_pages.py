"""The association's pages for the specialist, the town office and the leadership."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from association.actions import work
from association.models import (
    AssociationMember,
    AssociationYearRules,
    ContactAssignment,
    EvaluationCriterion,
    Meeting,
    MemberEvaluation,
    MemberReview,
    MonthlyFeedback,
)
from tests.factories import make_group
from tests.factories.association import make_card, make_criteria, make_households, make_member, submit
from tests.factories.members import make_household, person_fields
from villages.models import SensitiveAccess

TODAY = timezone.localdate


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def same_count_for_more_rows(client, url, add_rows) -> int:
    first = queries_for(client, url)
    add_rows()
    assert queries_for(client, url) == first
    return first


# The village's association page and lists

def test_specialist_sees_the_village_association(client, specialist, village):
    member = make_member(village=village, name="王秀英")
    client.force_login(specialist)
    response = client.get(f"/association/villages/{village.pk}/")
    assert response.status_code == 200
    assert "王秀英" in response.content.decode()
    assert client.get("/association/").url == f"/association/villages/{village.pk}/"
    assert member.pk


@pytest.mark.parametrize("page", ["", "members/", "uncovered/", "feedback/", "meetings/", "evaluations/",
                                  "recheck/", "roster/", "members/new/", "meetings/new/"])
def test_specialist_cannot_open_another_village_association(client, specialist, other_village, page):
    client.force_login(specialist)
    assert client.get(f"/association/villages/{other_village.pk}/{page}").status_code == 404


def test_leadership_reads_the_town_but_changes_nothing(client, leader, village):
    member = make_member(village=village)
    client.force_login(leader)
    assert client.get("/association/").status_code == 200
    assert client.get(f"/association/villages/{village.pk}/").status_code == 200
    assert client.get(f"/association/villages/{village.pk}/members/new/").status_code == 403
    assert client.post(f"/association/members/{member.pk}/handover/", {}).status_code == 403


def test_member_list_query_count_is_fixed(client, specialist, village):
    make_member(village=village)
    client.force_login(specialist)
    url = f"/association/villages/{village.pk}/members/"
    count = same_count_for_more_rows(client, url, lambda: [make_card(make_member(village=village), 2)
                                                           for _ in range(4)])
    assert count <= 8


def test_member_list_pages_keep_the_filters(client, specialist, village):
    for number in range(12):
        make_member(village=village, name=f"王{number:02d}")
    client.force_login(specialist)
    response = client.get(f"/association/villages/{village.pk}/members/?q=王&per_page=10")
    assert len(response.context["page"]) == 10
    assert "?q=%E7%8E%8B&amp;per_page=10&amp;page=2" in response.content.decode()


def test_town_page_query_count_is_fixed(client, town_office, village, other_village):
    make_member(village=village)
    client.force_login(town_office)
    same_count_for_more_rows(client, "/association/?year=2025",
                             lambda: [make_card(make_member(village=v), 1) for v in (village, other_village)])


def test_uncovered_households_list_and_query_count(client, specialist, village):
    member = make_member(village=village)
    served = make_card(member, 1)[0]
    lonely = make_households(member.group, 1)[0]
    client.force_login(specialist)
    url = f"/association/villages/{village.pk}/uncovered/"
    page = client.get(url)
    numbers = [h.number for h in page.context["page"]]
    assert numbers == [lonely.number] and served.number not in numbers
    same_count_for_more_rows(client, url, lambda: make_households(member.group, 3))


def test_feedback_month_shows_on_time_late_and_missing(client, specialist, village):
    on_time, late, missing = (make_member(village=village, name=n) for n in ("甲", "乙", "丙"))
    submit(on_time, datetime.date(2025, 3, 1), received_on=datetime.date(2025, 4, 2))
    submit(late, datetime.date(2025, 3, 1), received_on=datetime.date(2025, 4, 9))
    client.force_login(specialist)
    url = f"/association/villages/{village.pk}/feedback/?month=2025-03"
    html = client.get(url).content.decode()
    assert html.count('badge ok">') >= 1 and html.count('badge bad">') >= 2
    same_count_for_more_rows(client, url, lambda: [submit(make_member(village=village), datetime.date(2025, 3, 1))
                                                   for _ in range(3)])
    assert missing.pk


# Recruiting, editing, the card and the handover

def test_specialist_recruits_a_member_linked_to_the_registry(client, specialist, village):
    group = make_group(village=village, number=7)
    household = make_household(group=group, number="H7001", people=[person_fields(name="赵敏", sex="F")])
    client.force_login(specialist)
    response = client.post(f"/association/villages/{village.pk}/members/new/", {
        "group": group.pk, "name": "赵敏", "household_number": "H7001", "role": "member",
        "joined_on": "2025-02-01", "duties": "联系本组农户"})
    member = AssociationMember.objects.get()
    assert response.status_code == 302
    assert member.person.household == household
    assert member.reviews.get().outcome == MemberReview.Outcome.RECRUITED


def test_recruiting_with_an_unknown_household_shows_the_error_and_saves_nothing(client, specialist, village):
    group = make_group(village=village, number=7)
    client.force_login(specialist)
    response = client.post(f"/association/villages/{village.pk}/members/new/", {
        "group": group.pk, "name": "赵敏", "household_number": "NOPE", "role": "member", "joined_on": "2025-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["household_number"]
    assert not AssociationMember.objects.exists()


def test_edit_from_a_stale_version_shows_an_error(client, specialist, village):
    member = make_member(village=village)
    client.force_login(specialist)
    data = {"version": member.version, "name": member.name, "group": member.group_id, "role": "group_leader",
            "duties": "每月走访"}
    assert client.post(f"/association/members/{member.pk}/edit/", data).status_code == 302
    response = client.post(f"/association/members/{member.pk}/edit/", {**data, "duties": "别的"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    member.refresh_from_db()
    assert member.duties == "每月走访"


def test_specialist_cannot_open_another_village_member(client, specialist, other_village):
    member = make_member(village=other_village)
    client.force_login(specialist)
    for page in ("", "edit/", "card/", "card/print/", "handover/", "feedback/2025/3/", "evaluation/2025/"):
        assert client.get(f"/association/members/{member.pk}/{page}").status_code == 404


def test_households_are_put_on_the_card_and_taken_off(client, specialist, village):
    member = make_member(village=village)
    first, second = make_households(member.group, 2)
    client.force_login(specialist)
    url = f"/association/members/{member.pk}/card/"
    response = client.post(url, {"assign": "1", "households": [first.pk, second.pk], "served_from": "2025-01-01"})
    assert response.status_code == 302
    assert member.assignments.current().count() == 2
    row = member.assignments.get(household=first)
    client.post(url, {"take_off": "1", "assignment": row.pk, "served_until": TODAY().isoformat()})
    assert list(member.assignments.current().values_list("household", flat=True)) == [second.pk]


def test_assigning_nothing_shows_an_error(client, specialist, village):
    member = make_member(village=village)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/card/", {"assign": "1", "served_from": "2025-01-01"})
    assert response.status_code == 200 and response.context["assign"].errors["households"]


def test_handover_without_successor_or_leaving_changes_nothing(client, specialist, village):
    member = make_member(village=village)
    make_card(member, 2)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/handover/", {"on": TODAY().isoformat()})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert member.assignments.current().count() == 2


def test_handover_to_a_member_of_another_village_is_refused(client, specialist, village, other_village):
    member, stranger = make_member(village=village), make_member(village=other_village)
    make_card(member, 1)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/handover/", {
        "successor": stranger.pk, "on": TODAY().isoformat()})
    assert response.status_code == 200 and response.context["form"].errors["successor"]
    assert not stranger.assignments.exists()


def test_yearly_recheck_keeps_and_lets_go(client, specialist, village):
    kept, gone = make_member(village=village), make_member(village=village)
    client.force_login(specialist)
    url = f"/association/villages/{village.pk}/recheck/?year={TODAY().year}"
    bad = client.post(url, {"decided_on": TODAY().isoformat(), f"outcome_{kept.pk}": "kept",
                            f"outcome_{gone.pk}": "left"})
    assert bad.status_code == 200 and bad.context["form"].errors[f"reason_{gone.pk}"]
    assert not MemberReview.objects.exclude(outcome="recruited").exists()
    client.post(url, {"decided_on": TODAY().isoformat(), f"outcome_{kept.pk}": "kept", f"outcome_{gone.pk}": "left",
                      f"reason_{gone.pk}": "not_kept"})
    gone.refresh_from_db()
    assert gone.leave_reason == "not_kept"
    assert MemberReview.objects.filter(outcome="kept").get().member == kept


# Feedback entered by the specialist

def test_specialist_enters_a_paper_report_received_late(client, specialist, village):
    member = make_member(village=village)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/feedback/2025/3/", {
        "households_contacted": 4, "changes": "无变化", "received_on": "2025-04-20"})
    assert response.status_code == 302
    feedback = MonthlyFeedback.objects.get()
    assert feedback.is_late and feedback.submitted_by == specialist


def test_bad_feedback_input_saves_nothing(client, specialist, village):
    member = make_member(village=village)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/feedback/2025/3/", {
        "households_contacted": -1, "changes": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"households_contacted", "changes"}
    assert not MonthlyFeedback.objects.exists()


def test_leadership_sees_counts_not_what_members_wrote(client, leader, specialist, village):
    feedback = submit(make_member(village=village), datetime.date(2025, 3, 1), changes="某户妇女怀孕三个月")
    client.force_login(leader)
    assert "怀孕" not in client.get(f"/association/feedback/{feedback.pk}/").content.decode()
    assert not SensitiveAccess.objects.exists()
    client.force_login(specialist)
    assert "怀孕" in client.get(f"/association/feedback/{feedback.pk}/").content.decode()
    assert SensitiveAccess.objects.get().record_id == feedback.pk


def test_specialist_cannot_read_another_village_feedback(client, specialist, other_village):
    feedback = submit(make_member(village=other_village), datetime.date(2025, 3, 1))
    client.force_login(specialist)
    assert client.get(f"/association/feedback/{feedback.pk}/").status_code == 404


# Meetings

def test_meeting_is_recorded_with_attendance(client, specialist, village):
    first, second = make_member(village=village), make_member(village=village)
    client.force_login(specialist)
    response = client.post(f"/association/villages/{village.pk}/meetings/new/", {
        "held_on": "2025-03-20", "agenda": "一季度例会", f"attendance_{first.pk}": "present",
        f"attendance_{second.pk}": "absent"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert dict(meeting.attendance.values_list("member", "status")) == {first.pk: "present", second.pk: "absent"}


def test_meeting_without_agenda_saves_nothing(client, specialist, village):
    member = make_member(village=village)
    client.force_login(specialist)
    response = client.post(f"/association/villages/{village.pk}/meetings/new/", {
        "held_on": "2025-03-20", f"attendance_{member.pk}": "present"})
    assert response.status_code == 200 and response.context["form"].errors["agenda"]
    assert not Meeting.objects.exists()


def test_meeting_list_query_count_is_fixed(client, specialist, village):
    member = make_member(village=village)

    def meet():
        work.record_meeting(village=village, held_on=datetime.date(2025, 6, 20), agenda="例会", by=specialist,
                            attendance={member.pk: "present"})

    meet()
    client.force_login(specialist)
    same_count_for_more_rows(client, f"/association/villages/{village.pk}/meetings/?year=2025",
                             lambda: [meet() for _ in range(3)])


def test_specialist_cannot_open_another_village_meeting(client, specialist, other_village):
    member = make_member(village=other_village)
    meeting = work.record_meeting(village=other_village, held_on=datetime.date(2025, 3, 1), agenda="例会", by=None,
                                  attendance={member.pk: "present"})
    client.force_login(specialist)
    assert client.get(f"/association/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/association/meetings/{meeting.pk}/edit/").status_code == 404


# Evaluations, awards and the town's rules

def test_member_is_evaluated_and_awarded(client, specialist, village, town):
    member = make_member(village=village)
    first, second = make_criteria(town, 2025)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/evaluation/2025/", {
        f"score_{first.pk}": "58", f"score_{second.pk}": "39", "evaluated_on": "2025-12-28"})
    evaluation = MemberEvaluation.objects.get()
    assert response.status_code == 302 and evaluation.grade == "excellent"
    response = client.post(f"/association/evaluations/{evaluation.pk}/award/", {
        "kind": "keepsake", "keepsake": "荣誉证书", "amount": "0", "awarded_on": "2025-12-30"})
    assert response.status_code == 302 and evaluation.award.keepsake == "荣誉证书"


def test_score_above_maximum_shows_the_error(client, specialist, village, town):
    member = make_member(village=village)
    first, second = make_criteria(town, 2025)
    client.force_login(specialist)
    response = client.post(f"/association/members/{member.pk}/evaluation/2025/", {
        f"score_{first.pk}": "61", f"score_{second.pk}": "39", "evaluated_on": "2025-12-28"})
    assert response.status_code == 200 and response.context["form"].errors[f"score_{first.pk}"]
    assert not MemberEvaluation.objects.exists()


def test_evaluation_list_query_count_is_fixed(client, specialist, village, town):
    criteria = make_criteria(town, 2025)

    def evaluated():
        work.evaluate_member(member=make_member(village=village), year=2025, by=None,
                             scores={c.pk: c.max_score for c in criteria})

    evaluated()
    client.force_login(specialist)
    same_count_for_more_rows(client, f"/association/villages/{village.pk}/evaluations/?year=2025",
                             lambda: [evaluated() for _ in range(3)])


def test_town_office_sets_the_rules_and_criteria(client, town_office, town):
    client.force_login(town_office)
    response = client.post("/association/rules/2025/", {
        "feedback_due_day": 10, "pass_from": 60, "good_from": 75, "excellent_from": 90, "excellent_coverage": 95,
        "excellent_on_time": 85, "excellent_attendance": 80, "excellent_meetings": 4,
        "criteria-TOTAL_FORMS": 1, "criteria-INITIAL_FORMS": 0, "criteria-0-order": 1, "criteria-0-name": "走访",
        "criteria-0-max_score": "50"})
    assert response.status_code == 302
    assert AssociationYearRules.objects.get(year=2025).feedback_due_day == 10
    assert EvaluationCriterion.objects.get().name == "走访"


def test_bad_due_day_saves_nothing(client, town_office):
    client.force_login(town_office)
    response = client.post("/association/rules/2025/", {
        "feedback_due_day": 31, "pass_from": 60, "good_from": 75, "excellent_from": 90, "excellent_coverage": 95,
        "excellent_on_time": 85, "excellent_attendance": 80, "excellent_meetings": 4,
        "criteria-TOTAL_FORMS": 0, "criteria-INITIAL_FORMS": 0})
    assert response.status_code == 200 and response.context["form"].errors["feedback_due_day"]
    assert not AssociationYearRules.objects.exists()


def test_rules_of_a_year_out_of_range_are_not_found(client, town_office):
    client.force_login(town_office)
    assert client.get("/association/rules/0/").status_code == 404
    assert client.get("/association/rules/99999/").status_code == 404


def test_specialist_reads_the_rules_but_cannot_set_them(client, specialist):
    client.force_login(specialist)
    assert client.get("/association/rules/2025/").status_code == 200
    assert client.post("/association/rules/2025/", {"feedback_due_day": 9}).status_code == 403


# Printouts

def test_printable_card_and_roster(client, specialist, village):
    member = make_member(village=village, name="孙丽")
    make_card(member, 2)
    client.force_login(specialist)
    card = client.get(f"/association/members/{member.pk}/card/print/").content.decode()
    roster = client.get(f"/association/villages/{village.pk}/roster/").content.decode()
    assert "孙丽" in card and "@page" in card
    assert "孙丽" in roster


def test_assignment_rows_stay_when_member_leaves(client, specialist, village):
    member = make_member(village=village)
    make_card(member, 2)
    client.force_login(specialist)
    client.post(f"/association/members/{member.pk}/handover/", {"on": TODAY().isoformat(), "leaves": "on",
                                                                 "leave_reason": "resigned"})
    assert ContactAssignment.objects.filter(member=member).count() == 2
    assert not ContactAssignment.objects.current().exists()
