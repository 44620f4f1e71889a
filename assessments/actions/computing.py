"""Scoring the computed items of a period for the whole town at once (set-based)."""

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from assessments.actions.schemes import freeze_scheme
from assessments.actions.scoring import open_period
from assessments.models import Assessment, AssessmentEvent, ItemScore, PeriodCode, Scheme, band_for
from assessments.queries.indicators import read_town
from villages.models import Village
from villages.roles import require_town_office

Status = Assessment.Status
SETTLED = (Status.REVIEWED, Status.PUBLISHED, Status.REOPENED)


@transaction.atomic
def compute_indicators_for_period(*, scheme: Scheme, period: str, computed_by) -> int:
    """Read every computed item's indicator for all villages and score it; returns the item scores written.

    Reviewed and published results are left as they are: a correction goes through reopening an item.
    """
    require_town_office(computed_by)
    open_period(scheme=scheme, period=period)
    items = {item.pk: item for item in scheme.items.all() if item.is_computed}
    if not items:
        return 0
    span = PeriodCode(period).in_year(scheme.year)
    villages = Village.objects.filter(town=scheme.town, is_active=True)
    readings = {key: read_town(key, villages, span) for key in {item.indicator_key for item in items.values()}}
    scores = list(
        ItemScore.objects.filter(assessment__scheme=scheme, assessment__period=period, item_id__in=items)
        .exclude(assessment__status__in=SETTLED)
        .select_related("assessment").only("pk", "item_id", "assessment__village_id")
    )
    now = timezone.now()
    for score in scores:
        item = items[score.item_id]
        reading = readings[item.indicator_key][score.assessment.village_id]
        score.figure, score.figure_display, score.records = reading.figure, reading.shown, reading.records
        score.points = reading.points(item.max_points)
        score.scored_at, score.scored_by = now, computed_by
    ItemScore.objects.bulk_update(
        scores, ["figure", "figure_display", "records", "points", "scored_at", "scored_by"], batch_size=500)
    _refresh_period_totals(scheme, {score.assessment_id for score in scores}, computed_by, now)
    freeze_scheme(scheme)
    return len(scores)


def _refresh_period_totals(scheme: Scheme, assessment_ids: set[int], computed_by, now) -> None:
    sums = {
        row["assessment_id"]: row
        for row in ItemScore.objects.filter(assessment_id__in=assessment_ids)
        .values("assessment_id")
        .annotate(total=Sum("points"), self_total=Sum("self_points"),
                  missing=Count("pk", filter=Q(points__isnull=True)))
    }
    bands = list(scheme.bands.all())
    assessments = list(Assessment.objects.filter(pk__in=assessment_ids))
    for assessment in assessments:
        row = sums[assessment.pk]
        assessment.total, assessment.self_total = row["total"], row["self_total"]
        assessment.grade = band_for(bands, row["total"], vetoed=assessment.vetoed) if row["total"] is not None \
            else None
        if row["missing"] == 0 and assessment.status != Status.SCORED:
            assessment.status, assessment.scored_at = Status.SCORED, now
        assessment.version += 1
    Assessment.objects.bulk_update(
        assessments, ["total", "self_total", "grade", "status", "scored_at", "version"], batch_size=500)
    AssessmentEvent.objects.bulk_create(
        [AssessmentEvent(assessment=a, action=AssessmentEvent.Action.COMPUTED, actor=computed_by)
         for a in assessments], batch_size=500)
