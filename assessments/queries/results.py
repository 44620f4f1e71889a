"""Results of a period: ranking, changes against last quarter and last year, grades, movers, designations."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from assessments.models import Assessment, GradeBand, PeriodCode, Scheme, band_for
from villages.models import Designation, Village

PUBLISHED = Assessment.Status.PUBLISHED
PERIODS = PeriodCode.values


@dataclass
class Result:
    assessment: Assessment
    change_quarter: Decimal | None = None
    change_year: Decimal | None = None

    @property
    def village(self) -> Village:
        return self.assessment.village


def published_totals(town_id: int, subject: str, keys: list[tuple[int, str]]) -> dict[tuple[int, str, int], Decimal]:
    """Published totals per (year, period, village) for the given (year, period) pairs, in one query."""
    condition = Q()
    for year, period in keys:
        condition |= Q(scheme__year=year, period=period)
    rows = Assessment.objects.filter(condition, scheme__town_id=town_id, scheme__subject=subject, status=PUBLISHED)
    return {(year, period, village): total for year, period, village, total in
            rows.values_list("scheme__year", "period", "village_id", "total")}


def results_with_changes(scheme: Scheme, period: str, assessments: list[Assessment]) -> list[Result]:
    """Each result with its change against the period before and the same period last year."""
    earlier = PeriodCode(period).in_year(scheme.year).previous()
    before = (earlier.year, PeriodCode.of(earlier))
    last_year = (scheme.year - 1, period)
    totals = published_totals(scheme.town_id, scheme.subject, [before, last_year])
    results = []
    for assessment in assessments:
        result = Result(assessment)
        if assessment.total is not None:
            for attribute, key in (("change_quarter", before), ("change_year", last_year)):
                earlier = totals.get((*key, assessment.village_id))
                if earlier is not None:
                    setattr(result, attribute, assessment.total - earlier)
        results.append(result)
    return results


def grade_distribution(scheme: Scheme, assessments: list[Assessment]) -> list[tuple[GradeBand, int]]:
    counts = Counter(a.grade_id for a in assessments if a.grade_id)
    return [(band, counts.get(band.pk, 0)) for band in scheme.bands.all()]


def movers(results: list[Result], count: int = 5) -> dict[str, list[Result]]:
    moved = [r for r in results if r.change_quarter]
    moved.sort(key=lambda r: r.change_quarter, reverse=True)
    return {
        "up": [r for r in moved if r.change_quarter > 0][:count],
        "down": [r for r in reversed(moved) if r.change_quarter < 0][:count],
    }


@dataclass
class Outcome:
    village: Village
    assessment: Assessment
    total: Decimal
    grade: GradeBand | None
    kind: str
    lagging_year_before: bool

    @property
    def lagging_two_years_running(self) -> bool:
        return self.kind == Designation.Kind.LAGGING and self.lagging_year_before

    def reason(self) -> str:
        text = _("Year-end assessment %(year)s: %(total)s points, grade %(grade)s.") % {
            "year": self.assessment.scheme.year, "total": self.total, "grade": self.grade.label if self.grade else "—"}
        if self.assessment.vetoed:
            text += " " + _("One-vote veto applied.")
        if self.lagging_two_years_running:
            text += " " + _("Lagging two years running.")
        return text


def designation_outcomes(scheme: Scheme) -> list[Outcome]:
    """Recompute the year's designations from the frozen scheme and the published year-end item scores."""
    assessments = list(
        Assessment.objects.filter(scheme=scheme, period="YEAR", status=PUBLISHED)
        .select_related("village", "scheme").annotate(recomputed=Sum("item_scores__points"))
        .order_by("village__code")
    )
    bands = list(scheme.bands.all())
    lagging_before = set(Designation.objects.filter(
        year=scheme.year - 1, kind=Designation.Kind.LAGGING, village__town=scheme.town).values_list(
        "village_id", flat=True))
    outcomes = []
    for assessment in assessments:
        total = assessment.recomputed or Decimal(0)
        grade = band_for(bands, total, vetoed=assessment.vetoed)
        kind = grade.designation if grade else ""
        if assessment.vetoed and scheme.veto_means_lagging:
            kind = Designation.Kind.LAGGING
        outcomes.append(Outcome(assessment.village, assessment, total, grade, kind,
                                assessment.village_id in lagging_before))
    return outcomes


def lagging_two_years(town_id: int, year: int) -> set[int]:
    """Villages under key management in this year and the year before."""
    rows = Designation.objects.filter(village__town_id=town_id, kind=Designation.Kind.LAGGING,
                                      year__in=[year - 1, year]).values_list("village_id", "year")
    years = {}
    for village_id, designation_year in rows:
        years.setdefault(village_id, set()).add(designation_year)
    return {village_id for village_id, seen in years.items() if len(seen) == 2}


def trend(village: Village, scheme: Scheme) -> list[tuple[int, str, Decimal | None]]:
    """The village's published totals over this year and last, period by period."""
    totals = published_totals(scheme.town_id, scheme.subject,
                              [(y, p) for y in (scheme.year - 1, scheme.year) for p in PERIODS])
    return [(y, p, totals.get((y, p, village.pk))) for y in (scheme.year - 1, scheme.year) for p in PERIODS]
