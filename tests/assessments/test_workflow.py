from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import actions
from assessments.models import Assessment, AssessmentEvent, Deduction
from tests.factories.assessments import adopt_regulations, deduction, entered, open_assessment, publish_scored
from villages.locking import StaleRecord

Status = Assessment.Status


@pytest.fixture
def assessment(scheme, village):
    return open_assessment(scheme=scheme, village=village)


def test_opening_a_period_creates_a_score_per_item_and_is_idempotent(scheme, village, other_village):
    assert actions.open_period(scheme=scheme, period="Q1") == 2
    assert actions.open_period(scheme=scheme, period="Q1") == 0
    assert Assessment.objects.get(village=village, period="Q1").item_scores.count() == 2


def test_village_self_scores_and_submits(assessment, specialist):
    actions.self_score(item_score=entered(assessment), points=Decimal("9"), note="已按月更新", scored_by=specialist)

    submitted = actions.submit(assessment=assessment, submitted_by=specialist)

    assert submitted.status == Status.SELF_SCORED
    assert submitted.self_total == Decimal("9")


def test_self_score_above_the_maximum_is_refused(assessment, specialist):
    with pytest.raises(ValidationError):
        actions.self_score(item_score=entered(assessment), points=Decimal("11"), scored_by=specialist)
    assert entered(assessment).self_points is None


def test_specialist_of_another_village_cannot_self_score(scheme, other_village, specialist):
    other = open_assessment(scheme=scheme, village=other_village)
    with pytest.raises(PermissionDenied):
        actions.self_score(item_score=entered(other), points=Decimal(5), scored_by=specialist)


def test_deduction_lowers_the_item_and_keeps_note_and_evidence(assessment, town_office):
    score = actions.score_item(item_score=entered(assessment), deductions=[deduction("2.5")], scored_by=town_office)

    assert score.points == Decimal("7.5")
    stored = Deduction.objects.get()
    assert (stored.note, stored.evidence_link) == ("公开栏未更新", "督查记录第1号")


@pytest.mark.parametrize("bad", [
    {"note": ""}, {"link": ""}, {"points": "0"}, {"points": "11"},
])
def test_deduction_without_note_evidence_or_within_bounds_saves_nothing(assessment, town_office, bad):
    with pytest.raises(ValidationError):
        actions.score_item(item_score=entered(assessment), deductions=[deduction(**bad)], scored_by=town_office)
    assert not Deduction.objects.exists()
    assert entered(assessment).points is None


def test_specialist_cannot_score_for_the_town(assessment, specialist):
    with pytest.raises(PermissionDenied):
        actions.score_item(item_score=entered(assessment), scored_by=specialist)


def test_scoring_every_item_marks_the_assessment_scored_and_freezes_the_scheme(scheme, assessment, town_office):
    adopt_regulations(assessment.village)
    actions.compute_indicators_for_period(scheme=scheme, period="Q1", computed_by=town_office)
    actions.score_item(item_score=entered(assessment), scored_by=town_office)

    assessment.refresh_from_db()
    scheme.refresh_from_db()
    assert assessment.status == Status.SCORED
    assert assessment.total == Decimal(15)
    assert scheme.is_frozen


def test_stale_version_is_refused(assessment, town_office):
    actions.score_item(item_score=entered(assessment), scored_by=town_office, version=assessment.version)
    with pytest.raises(StaleRecord):
        actions.score_item(item_score=entered(assessment), scored_by=town_office, version=assessment.version)


def test_return_needs_a_reason_and_sends_the_assessment_back(assessment, specialist, town_office):
    actions.self_score(item_score=entered(assessment), points=Decimal(10), scored_by=specialist)
    actions.submit(assessment=assessment, submitted_by=specialist)
    with pytest.raises(ValidationError):
        actions.return_with_reason(assessment=assessment, reason=" ", returned_by=town_office)

    returned = actions.return_with_reason(assessment=assessment, reason="自评依据不足", returned_by=town_office)

    assert returned.status == Status.RETURNED
    assert returned.return_reason == "自评依据不足"


def test_reopening_one_item_allows_only_that_item_and_republishing(scheme, village, town_office):
    published = publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    item_score = entered(published)

    actions.reopen_item(item_score=item_score, reason="复核发现漏扣", reopened_by=town_office)
    actions.score_item(item_score=entered(published), deductions=[deduction("3")], scored_by=town_office)
    actions.review(assessment=published, reviewed_by=town_office)
    actions.publish(scheme=scheme, period="Q1", published_by=town_office)

    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert published.total == Decimal(7)
    assert published.rank == 1


def test_history_records_each_step_for_both_sides(scheme, village, town_office):
    published = publish_scored(scheme=scheme, village=village, period="Q1", by=town_office)
    actions_seen = list(published.events.values_list("action", flat=True))
    for step in ("opened", "computed", "scored", "reviewed", "published"):
        assert step in actions_seen
    assert AssessmentEvent.objects.filter(assessment=published, actor=town_office).exists()


def test_publishing_ranks_the_town_with_shared_ranks(scheme, village, other_village, town_office):
    first = publish_scored(scheme=scheme, village=village, period="Q1", by=town_office, lost="1")
    second = publish_scored(scheme=scheme, village=other_village, period="Q1", by=town_office)
    first.refresh_from_db()
    assert (second.rank, first.rank) == (1, 2)


def test_publish_with_nothing_reviewed_is_refused(scheme, town_office):
    with pytest.raises(ValidationError):
        actions.publish(scheme=scheme, period="Q1", published_by=town_office)


def test_veto_drops_the_result_to_the_lowest_grade(scheme, village, town_office):
    adopt_regulations(village)
    vetoed = publish_scored(scheme=scheme, village=village, period="Q1", by=town_office, vetoed=True)
    assert vetoed.total == Decimal(15)
    assert vetoed.grade.code == "fail"


def test_withdrawn_deduction_gives_the_points_back(assessment, town_office):
    actions.score_item(item_score=entered(assessment), deductions=[deduction("4")], scored_by=town_office)
    actions.withdraw_deduction(deduction=Deduction.objects.get(), reason="证据不足", withdrawn_by=town_office)
    assert entered(assessment).points == Decimal(10)
    assert Deduction.objects.get().is_active is False
