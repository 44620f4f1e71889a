"""The data of the quarterly assessment report, for the town and for one village.

Self-contained and fast (a fixed handful of queries) and not scoped: the report's document contract,
assessments.queries.documents.quarterly_assessment_context, scopes the request and calls
`quarterly_report_context(town, period, village=None)`, whose context fills
templates/pdf/assessments/quarterly_town.html or quarterly_village.html.
"""

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import Assessment, Deduction, ItemScore, LedgerEntry, PeriodCode, Scheme, VetoFinding
from assessments.queries.results import (
    PUBLISHED,
    grade_distribution,
    lagging_two_years,
    movers,
    results_with_changes,
    trend,
)
from villages.models import Designation, Town, Village
from villages.periods import Period

TOWN_TEMPLATE = "pdf/assessments/quarterly_town.html"
VILLAGE_TEMPLATE = "pdf/assessments/quarterly_village.html"


def quarterly_report_context(town: Town, period: Period, village: Village | None = None,
                             subject: str = Scheme.Subject.VILLAGE) -> dict:
    """The report of a quarter (2025Q3) or of the year end (2025)."""
    code = PeriodCode.of(period)
    scheme = Scheme.objects.filter(town=town, year=period.year, subject=subject).first()
    context = {
        "town": town, "year": period.year, "period": code,
        "period_label": code.label, "periods": PeriodCode.labels, "scheme": scheme,
        "generated_at": timezone.now(),
    }
    if scheme is None:
        return context | {"results": [], "assessment": None}
    if village is not None:
        return context | _village_context(scheme, period, code, village)
    return context | _town_context(scheme, period, code)


def _town_context(scheme: Scheme, dates: Period, code: PeriodCode) -> dict:
    assessments = list(Assessment.objects.filter(scheme=scheme, period=code, status=PUBLISHED)
                       .select_related("village", "grade").order_by("rank", "village__code"))
    results = results_with_changes(scheme, code, assessments)
    designations = list(Designation.objects.filter(village__town=scheme.town, year=dates.year)
                        .select_related("village").order_by("kind", "village__code"))
    two_years = lagging_two_years(scheme.town_id, dates.year)
    for designation in designations:
        designation.two_years_running = designation.village_id in two_years
    sanctions = list(
        LedgerEntry.objects.filter(village__town=scheme.town, decided_on__range=(dates.starts_on, dates.ends_on))
        .exclude(kind__in=LedgerEntry.REWARDS).select_related("village").order_by("decided_on", "pk"))
    rewards = list(
        LedgerEntry.objects.filter(village__town=scheme.town, decided_on__range=(dates.starts_on, dates.ends_on),
                                   kind__in=LedgerEntry.REWARDS).select_related("village").order_by("decided_on"))
    return {
        "results": results,
        "distribution": grade_distribution(scheme, assessments),
        "movers": movers(results),
        "designations": designations if code in ("Q4", "YEAR") else [],
        "sanctions": sanctions,
        "rewards": rewards,
        "average": (sum(a.total for a in assessments) / len(assessments)).quantize(assessments[0].total)
        if assessments else None,
    }


def _village_context(scheme: Scheme, dates: Period, code: PeriodCode, village: Village) -> dict:
    assessment = (
        Assessment.objects.filter(scheme=scheme, period=code, village=village, status=PUBLISHED)
        .select_related("grade", "village")
        .prefetch_related(
            Prefetch("item_scores", ItemScore.objects.select_related("item__block").prefetch_related(
                Prefetch("deductions", Deduction.objects.filter(is_active=True).select_related("rule")))),
            Prefetch("veto_findings", VetoFinding.objects.select_related("veto")),
        )
        .first()
    )
    if assessment is None:
        return {"assessment": None, "village": village}
    result = results_with_changes(scheme, code, [assessment])[0]
    blocks = []
    for score in assessment.item_scores.all():
        if not blocks or blocks[-1]["block"].pk != score.item.block_id:
            blocks.append({"block": score.item.block, "scores": [], "points": 0, "max_points": 0})
        blocks[-1]["scores"].append(score)
        blocks[-1]["points"] += score.points or 0
        blocks[-1]["max_points"] += score.item.max_points
    town_size = Assessment.objects.filter(scheme=scheme, period=code, status=PUBLISHED).count()
    return {
        "village": village, "assessment": assessment, "result": result, "blocks": blocks,
        "town_size": town_size, "trend": trend(village, scheme),
        "ledger": list(LedgerEntry.objects.filter(village=village, decided_on__range=(dates.starts_on, dates.ends_on))
                      .order_by("decided_on")),
    }
