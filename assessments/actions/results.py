"""What year-end results decide: designations, responsibility targets, rectification follow-ups."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment, RectificationFollowUp, ResponsibilityBook, ResponsibilityTarget, Scheme
from assessments.queries import designation_outcomes
from villages.models import Designation
from villages.roles import require_town_office

DESIGNATED = {Designation.Kind.DEMONSTRATION, Designation.Kind.QUALIFIED}


@transaction.atomic
def decide_designations_for_year(*, scheme: Scheme, decided_by, decided_on: datetime.date | None = None
                                 ) -> list[Designation]:
    """Write the year's designations from the published year-end results and the scheme's rules.

    A village designated already keeps its row (and its rectification plan); a village whose result
    no longer leads to a designation loses the row for that year.
    """
    require_town_office(decided_by)
    outcomes = designation_outcomes(scheme)
    if not outcomes:
        raise ValidationError(_("No year-end result of %(year)s is published yet.") % {"year": scheme.year})
    decided_on = decided_on or timezone.localdate()
    existing = {d.village_id: d for d in Designation.objects.filter(year=scheme.year,
                                                                     village__town=scheme.town)}
    written = []
    for outcome in outcomes:
        row = existing.pop(outcome.village.pk, None)
        if not outcome.kind:
            if row is not None:
                row.delete()
            continue
        reason = outcome.reason()
        if row is None:
            row = Designation(village=outcome.village, year=scheme.year, decided_on=decided_on, reason=reason)
        if row.kind != outcome.kind or not row.reason:
            row.kind, row.reason = outcome.kind, row.reason or reason
        if outcome.kind == Designation.Kind.LAGGING and not row.rectification_plan:
            row.rectification_plan = scheme.default_rectification_plan or _(
                "Rectify within one year under the town's key management.")
        row.full_clean()
        row.save()
        written.append(row)
    return written


def _target_result(target: ResponsibilityTarget, assessment: Assessment | None, designation: str | None,
                   item_points: dict) -> tuple[bool | None, str]:
    if assessment is None:
        return None, ""
    if target.measure == ResponsibilityTarget.Measure.TOTAL_AT_LEAST:
        return assessment.total >= target.threshold, str(assessment.total)
    if target.measure == ResponsibilityTarget.Measure.ITEM_AT_LEAST:
        points = item_points.get((assessment.pk, target.item.code))
        return (points is not None and points >= target.threshold), str(points if points is not None else "—")
    if target.measure == ResponsibilityTarget.Measure.NO_VETO:
        return not assessment.vetoed, _("veto applied") if assessment.vetoed else _("no veto")
    grade = assessment.grade
    designated = grade is not None and grade.designation in DESIGNATED and not assessment.vetoed
    return designated, grade.label if grade else ""


@transaction.atomic
def check_responsibility_targets(*, scheme: Scheme) -> int:
    """Check every target of the year's responsibility books against the published year-end result."""
    from assessments.models import ItemScore

    results = {a.village_id: a for a in Assessment.objects.filter(
        scheme=scheme, period="YEAR", status=Assessment.Status.PUBLISHED).select_related("grade")}
    item_points = {
        (row[0], row[1]): row[2] or Decimal(0)
        for row in ItemScore.objects.filter(assessment__in=results.values()).values_list(
            "assessment_id", "item__code", "points")
    }
    targets = list(ResponsibilityTarget.objects.filter(book__year=scheme.year, book__village__town=scheme.town)
                   .select_related("book", "item"))
    for target in targets:
        target.met, target.checked_figure = _target_result(target, results.get(target.book.village_id), None,
                                                           item_points)
    ResponsibilityTarget.objects.bulk_update(targets, ["met", "checked_figure"], batch_size=500)
    ResponsibilityBook.objects.filter(year=scheme.year, village__town=scheme.town,
                                      village_id__in=results).update(checked_at=timezone.now())
    return len(targets)


@transaction.atomic
def record_rectification_follow_up(*, designation: Designation, followed_up_on: datetime.date, progress: str,
                                   note: str, next_steps: str = "", recorded_by) -> RectificationFollowUp:
    require_town_office(recorded_by)
    if designation.kind != Designation.Kind.LAGGING:
        raise ValidationError(_("Only a lagging village has a rectification plan to follow up."))
    follow_up = RectificationFollowUp(designation=designation, followed_up_on=followed_up_on, progress=progress,
                                      note=note.strip(), next_steps=next_steps.strip(), recorded_by=recorded_by)
    follow_up.full_clean()
    follow_up.save()
    return follow_up
