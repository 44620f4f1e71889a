import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from association.actions import members as actions
from association.actions import work
from association.models import AssociationMember, ContactAssignment, MemberReview, MonthlyFeedback
from association.queries.figures import coverage_by
from tests.factories import make_group, make_user
from tests.factories.association import make_card, make_criteria, make_households, make_member, submit
from villages.locking import StaleRecord
from villages.models import User

Role = AssociationMember.Role


def test_recruiting_records_the_recruitment_for_the_year(village, specialist):
    member = make_member(village=village, by=specialist, joined_on=datetime.date(2025, 3, 1))

    review = member.reviews.get()
    assert (review.year, review.outcome) == (2025, MemberReview.Outcome.RECRUITED)
    assert review.recorded_by == specialist


def test_specialist_cannot_recruit_in_another_village(other_village, specialist):
    group = make_group(village=other_village)
    with pytest.raises(PermissionDenied):
        make_member(group=group, by=specialist)
    assert not AssociationMember.objects.exists()


def test_a_village_has_one_current_president(village, specialist):
    make_member(village=village, role=Role.PRESIDENT)
    with pytest.raises(ValidationError) as error:
        make_member(village=village, role=Role.PRESIDENT, by=specialist)
    assert "role" in error.value.message_dict
    assert AssociationMember.objects.count() == 1


def test_database_refuses_two_current_servers_for_one_household(village):
    first, second = make_member(village=village), make_member(village=village)
    household = make_card(first, 1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactAssignment.objects.create(member=second, household=household, served_from=datetime.date(2024, 2, 1))


def test_assigning_a_household_served_by_someone_else_is_refused(village, specialist):
    first, second = make_member(village=village), make_member(village=village)
    household = make_card(first, 1)[0]
    with pytest.raises(ValidationError) as error:
        actions.assign_households(member=second, households=[household], served_from=datetime.date(2024, 3, 1),
                                  by=specialist)
    assert "hand it over" in str(error.value)
    assert ContactAssignment.objects.current().get(household=household).member == first


def test_handover_moves_every_household_and_keeps_coverage(village, specialist):
    leaving, successor = make_member(village=village), make_member(village=village)
    make_card(leaving, 4)
    before = coverage_by(specialist, "village", timezone.localdate())[village.pk]

    actions.hand_over_households(member=leaving, successor=successor, handed_over_on=datetime.date(2025, 6, 1),
                                 by=specialist, leave_reason=AssociationMember.LeaveReason.MOVED_AWAY)

    after = coverage_by(specialist, "village", timezone.localdate())[village.pk]
    assert (after.active, after.covered) == (before.active, before.covered) == (4, 4)
    assert successor.assignments.current().count() == 4
    assert not leaving.assignments.current().exists()
    leaving.refresh_from_db()
    assert leaving.left_on == datetime.date(2025, 6, 1)
    ended = leaving.assignments.first()
    assert (ended.served_until, ended.end_reason) == (datetime.date(2025, 6, 1), "handed_over")
    assert ended.history.count() == 2


def test_handover_to_a_member_of_another_village_changes_nothing(village, other_village, town_office):
    leaving, stranger = make_member(village=village), make_member(village=other_village)
    make_card(leaving, 2)
    with pytest.raises(ValidationError):
        actions.hand_over_households(member=leaving, successor=stranger, handed_over_on=datetime.date(2025, 6, 1),
                                     by=town_office, leave_reason="resigned")
    assert leaving.assignments.current().count() == 2
    assert AssociationMember.objects.get(pk=leaving.pk).left_on is None


def test_leaving_without_successor_leaves_households_uncovered(village, specialist):
    member = make_member(village=village)
    make_card(member, 2)
    actions.leave_association(member=member, left_on=datetime.date(2025, 2, 1), reason="resigned", by=specialist)
    assert coverage_by(specialist, "village", timezone.localdate())[village.pk].covered == 0


def test_leaving_member_login_is_switched_off(village, specialist):
    group = make_group(village=village, number=9)
    login = make_user(role=User.Role.MEMBER, group=group)
    member = make_member(group=group, user=login)
    actions.leave_association(member=member, left_on=datetime.date(2025, 2, 1), reason="resigned", by=specialist)
    login.refresh_from_db()
    assert not login.is_active


def test_recheck_counts_kept_and_left(village, specialist):
    kept, gone = make_member(village=village), make_member(village=village)
    counts = actions.record_recheck(village=village, year=2024, decided_on=datetime.date(2024, 12, 20),
                                    by=specialist, kept=[kept], left=[(gone, "not_kept", "不再担任")])
    assert counts == {"kept": 1, "left": 1}
    gone.refresh_from_db()
    assert gone.leave_reason == "not_kept"
    with pytest.raises(ValidationError):
        actions.record_recheck(village=village, year=2024, decided_on=datetime.date(2024, 12, 21), by=specialist,
                               kept=[kept], left=[])


def test_member_edit_from_a_stale_version_is_refused(village, specialist):
    member = make_member(village=village)
    actions.update_member(member=member, version=1, by=specialist, duties="每月走访")
    with pytest.raises(StaleRecord):
        actions.update_member(member=member, version=1, by=specialist, duties="别的")


def test_login_of_another_village_cannot_be_linked(village, other_village, specialist):
    member = make_member(village=village)
    stranger = make_user(role=User.Role.MEMBER, group=make_group(village=other_village))
    with pytest.raises(ValidationError):
        actions.link_member_login(member=member, user=stranger, by=specialist)
    stranger.refresh_from_db()
    assert stranger.group.village == other_village


# Monthly feedback

def test_feedback_received_by_the_due_day_is_on_time_and_after_it_late(village, settings):
    member = make_member(village=village)
    on_time = submit(member, datetime.date(2025, 3, 1), received_on=datetime.date(2025, 4, 5))
    late = submit(member, datetime.date(2025, 4, 1), received_on=datetime.date(2025, 5, 6))
    assert (on_time.due_on, on_time.is_late) == (datetime.date(2025, 4, 5), False)
    assert late.is_late


def test_town_due_day_applies_and_moves_existing_reports(village, town, town_office):
    member = make_member(village=village)
    feedback = submit(member, datetime.date(2025, 3, 1), received_on=datetime.date(2025, 4, 8))
    assert feedback.is_late
    work.set_year_rules(town=town, year=2025, feedback_due_day=10, by=town_office)
    feedback.refresh_from_db()
    assert (feedback.due_on, feedback.is_late) == (datetime.date(2025, 4, 10), False)


def test_specialist_cannot_set_the_town_rules(town, specialist):
    with pytest.raises(PermissionDenied):
        work.set_year_rules(town=town, year=2025, feedback_due_day=10, by=specialist)


def test_member_reports_for_themselves_only(village):
    group = make_group(village=village, number=5)
    login = make_user(role=User.Role.MEMBER, group=group)
    mine, theirs = make_member(group=group, user=login), make_member(group=group)
    assert submit(mine, datetime.date(2025, 1, 1), by=login).submitted_by == login
    with pytest.raises(PermissionDenied):
        submit(theirs, datetime.date(2025, 1, 1), by=login)


def test_feedback_for_a_month_before_joining_is_refused(village, specialist):
    member = make_member(village=village, joined_on=datetime.date(2025, 5, 10))
    with pytest.raises(ValidationError):
        submit(member, datetime.date(2025, 4, 1), by=specialist)
    assert not MonthlyFeedback.objects.exists()


def test_feedback_corrected_from_a_stale_version_is_refused(village, specialist):
    member = make_member(village=village)
    first = submit(member, datetime.date(2025, 1, 1), by=specialist)
    corrected = submit(member, datetime.date(2025, 1, 1), by=specialist, version=first.version, changes="新添一孙")
    assert corrected.version == first.version + 1
    with pytest.raises(StaleRecord):
        submit(member, datetime.date(2025, 1, 1), by=specialist, version=first.version, changes="别的")
    assert MonthlyFeedback.objects.get().changes == "新添一孙"


def test_household_notes_only_for_households_on_the_card(village, specialist):
    member = make_member(village=village)
    mine = make_card(member, 1)[0]
    stranger = make_households(member.group, 1)[0]
    feedback = submit(member, datetime.date(2025, 1, 1), by=specialist, notes={mine.pk: "新添一孙"})
    assert feedback.notes.get().note == "新添一孙"
    with pytest.raises(ValidationError):
        submit(member, datetime.date(2025, 2, 1), by=specialist, notes={stranger.pk: "?"})
    assert not MonthlyFeedback.objects.filter(month=datetime.date(2025, 2, 1)).exists()


# Meetings and evaluations

def test_meeting_needs_attendance_of_every_member_on_the_roll(village, specialist):
    first, second = make_member(village=village), make_member(village=village)
    with pytest.raises(ValidationError):
        work.record_meeting(village=village, held_on=datetime.date(2025, 3, 20), agenda="一季度例会",
                            attendance={first.pk: "present"}, by=specialist)
    meeting = work.record_meeting(village=village, held_on=datetime.date(2025, 3, 20), agenda="一季度例会",
                                  attendance={first.pk: "present", second.pk: "apologies"}, by=specialist)
    assert meeting.attendance.filter(status="apologies").get().member == second


def test_meeting_and_evaluation_changed_from_a_stale_version_are_refused(village, town, specialist):
    member = make_member(village=village)
    meeting = work.record_meeting(village=village, held_on=datetime.date(2025, 3, 20), agenda="一季度例会",
                                  attendance={member.pk: "present"}, by=specialist)
    assert work.update_meeting(meeting=meeting, version=meeting.version, by=specialist, place="村部").version == 2
    with pytest.raises(StaleRecord):
        work.update_meeting(meeting=meeting, version=meeting.version, by=specialist, place="祠堂")
    first, second = make_criteria(town, 2025)
    evaluation = work.evaluate_member(member=member, year=2025, scores={first.pk: 50, second.pk: 30}, by=specialist)
    work.evaluate_member(member=member, year=2025, scores={first.pk: 55, second.pk: 30}, by=specialist,
                         version=evaluation.version)
    with pytest.raises(StaleRecord):
        work.evaluate_member(member=member, year=2025, scores={first.pk: 20, second.pk: 30}, by=specialist,
                             version=evaluation.version)
    assert member.evaluations.get().total == 85


def test_evaluation_grades_by_the_town_bands_and_awards_only_excellent(village, town, specialist):
    member = make_member(village=village)
    first, second = make_criteria(town, 2025)
    evaluation = work.evaluate_member(member=member, year=2025, scores={first.pk: 58, second.pk: 37},
                                      by=specialist, evaluated_on=datetime.date(2025, 12, 28))
    assert (evaluation.total, evaluation.grade) == (Decimal("95"), "excellent")
    award = work.give_award(evaluation=evaluation, kind="bonus", amount=Decimal(200),
                            awarded_on=datetime.date(2025, 12, 30), by=specialist)
    assert award.amount == 200

    other = make_member(village=village)
    fair = work.evaluate_member(member=other, year=2025, scores={first.pk: 45, second.pk: 33}, by=specialist)
    assert fair.grade == "good"
    with pytest.raises(ValidationError):
        work.give_award(evaluation=fair, kind="keepsake", keepsake="保温杯", awarded_on=datetime.date(2025, 12, 30),
                        by=specialist)


def test_score_above_the_maximum_is_refused(village, town, specialist):
    member = make_member(village=village)
    first, second = make_criteria(town, 2025)
    with pytest.raises(ValidationError) as error:
        work.evaluate_member(member=member, year=2025, scores={first.pk: 61, second.pk: 10}, by=specialist)
    assert "scores" in error.value.message_dict
    assert not member.evaluations.exists()


def test_corrected_scores_keep_their_history(village, town, specialist):
    member = make_member(village=village)
    first, second = make_criteria(town, 2025)
    evaluation = work.evaluate_member(member=member, year=2025, scores={first.pk: 50, second.pk: 30}, by=specialist)
    work.evaluate_member(member=member, year=2025, scores={first.pk: 55, second.pk: 30}, by=specialist,
                         version=evaluation.version)
    score = evaluation.scores.get(criterion=first)
    assert [h.score for h in score.history.order_by("history_date")] == [50, 55]
    assert score.history.first().history_user == specialist
