"""The data of the quarterly assessment report, for the town and for one village.

Self-contained and fast (a fixed handful of queries): the document pipeline's renderer calls
`quarterly_report_context(town, period, village=None)` and renders
templates/pdf/assessments/quarterly_town.html or quarterly_village.html with it.
"""

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import Assessment, Deduction, ItemScore, LedgerEntry, Period, Scheme, VetoFinding
from assessments.queries.indicators import Span
from assessments.queries.results import (
    PUBLISHED,
    grade_distribution,
    lagging_two_years,
    movers,
    results_with_changes,
    trend,
)
from villages.models import Designation, Town, Village

TOWN_TEMPLATE = "pdf/assessments/quarterly_town.html"
VILLAGE_TEMPLATE = "pdf/assessments/quarterly_village.html"


def parse_period(period) -> Span:
    """A Span, or text such as "2025-Q4", "2025Q4" or "2025-YEAR"."""
    if isinstance(period, Span):
        return period
    text = str(period).upper().replace("-", "").replace(" ", "")
    year, code = int(text[:4]), text[4:]
    if code not in Period.values:
        raise ValueError(f"unknown period {period!r}")
    return Span(year, code)


def quarterly_report_context(town: Town, period, village: Village | None = None,
                             subject: str = Scheme.Subject.VILLAGE) -> dict:
    span = parse_period(period)
    scheme = Scheme.objects.filter(town=town, year=span.year, subject=subject).first()
    context = {
        "town": town, "span": span, "year": span.year, "period": span.period,
        "period_label": Period(span.period).label, "periods": Period.labels, "scheme": scheme,
        "generated_at": timezone.now(),
        "template": VILLAGE_TEMPLATE if village else TOWN_TEMPLATE,
    }
    if scheme is None:
        return context | {"results": [], "assessment": None}
    if village is not None:
        return context | _village_context(scheme, span, village)
    return context | _town_context(scheme, span)


def _town_context(scheme: Scheme, span: Span) -> dict:
    assessments = list(Assessment.objects.filter(scheme=scheme, period=span.period, status=PUBLISHED)
                       .select_related("village", "grade").order_by("rank", "village__code"))
    results = results_with_changes(scheme, span.period, assessments)
    designations = list(Designation.objects.filter(village__town=scheme.town, year=span.year)
                        .select_related("village").order_by("kind", "village__code"))
    two_years = lagging_two_years(scheme.town_id, span.year)
    for designation in designations:
        designation.two_years_running = designation.village_id in two_years
    sanctions = list(
        LedgerEntry.objects.filter(village__town=scheme.town, decided_on__gte=span.start, decided_on__lte=span.end)
        .exclude(kind__in=LedgerEntry.REWARDS).select_related("village").order_by("decided_on", "pk"))
    rewards = list(
        LedgerEntry.objects.filter(village__town=scheme.town, decided_on__gte=span.start, decided_on__lte=span.end,
                                   kind__in=LedgerEntry.REWARDS).select_related("village").order_by("decided_on"))
    return {
        "results": results,
        "distribution": grade_distribution(scheme, assessments),
        "movers": movers(results),
        "designations": designations if span.period in ("Q4", "YEAR") else [],
        "sanctions": sanctions,
        "rewards": rewards,
        "average": (sum(a.total for a in assessments) / len(assessments)).quantize(assessments[0].total)
        if assessments else None,
    }


def _village_context(scheme: Scheme, span: Span, village: Village) -> dict:
    assessment = (
        Assessment.objects.filter(scheme=scheme, period=span.period, village=village, status=PUBLISHED)
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
    result = results_with_changes(scheme, span.period, [assessment])[0]
    blocks = []
    for score in assessment.item_scores.all():
        if not blocks or blocks[-1]["block"].pk != score.item.block_id:
            blocks.append({"block": score.item.block, "scores": [], "points": 0, "max_points": 0})
        blocks[-1]["scores"].append(score)
        blocks[-1]["points"] += score.points or 0
        blocks[-1]["max_points"] += score.item.max_points
    town_size = Assessment.objects.filter(scheme=scheme, period=span.period, status=PUBLISHED).count()
    return {
        "village": village, "assessment": assessment, "result": result, "blocks": blocks,
        "town_size": town_size, "trend": trend(village, scheme),
        "ledger": list(LedgerEntry.objects.filter(village=village, decided_on__gte=span.start,
                                                  decided_on__lte=span.end).order_by("decided_on")),
    }
