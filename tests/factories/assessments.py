"""Builders for assessments tests: a small scheme with one entered and one computed item."""

import datetime
from decimal import Decimal

from assessments import actions
from assessments.models import Assessment, Block, GradeBand, Item, ItemScore, Scheme, Veto
from villages.models import Designation


def make_scheme(*, town, year=2025, subject=Scheme.Subject.VILLAGE, entered_max=10, computed_max=5) -> Scheme:
    scheme = Scheme.objects.create(town=town, year=year, subject=subject, title=f"{year}年考核办法",
                                   default_rectification_plan="一年赶上，两年上水平，三年创一流。")
    block = Block.objects.create(scheme=scheme, order=1, title="村民自治")
    Item.objects.create(scheme=scheme, block=block, code="disclosure", order=1, title="村务公开",
                        max_points=entered_max)
    Item.objects.create(scheme=scheme, block=block, code="regulations", order=2, title="自治章程",
                        max_points=computed_max, method=Item.Method.COMPUTED, indicator_key="regulations_adopted")
    Veto.objects.create(scheme=scheme, code="concealment", title="隐瞒信息")
    GradeBand.objects.bulk_create([
        GradeBand(scheme=scheme, code="excellent", label="优秀", min_total=13,
                  designation=Designation.Kind.DEMONSTRATION),
        GradeBand(scheme=scheme, code="good", label="良好", min_total=10, designation=Designation.Kind.QUALIFIED),
        GradeBand(scheme=scheme, code="pass", label="合格", min_total=6),
        GradeBand(scheme=scheme, code="fail", label="不合格", min_total=0, designation=Designation.Kind.LAGGING),
    ])
    return scheme


def open_assessment(*, scheme, village, period="Q1") -> Assessment:
    actions.open_period(scheme=scheme, period=period, villages=[village])
    return Assessment.objects.get(scheme=scheme, village=village, period=period)


def entered(assessment) -> ItemScore:
    return assessment.item_scores.select_related("item").get(item__code="disclosure")


def deduction(points="2", note="公开栏未更新", link="督查记录第1号") -> actions.DeductionInput:
    return actions.DeductionInput(points=Decimal(points), note=note, evidence_link=link)


def publish_scored(*, scheme, village, period, by, lost="0", vetoed=False) -> Assessment:
    """An assessment scored (regulations computed from the village), reviewed and published."""
    assessment = open_assessment(scheme=scheme, village=village, period=period)
    actions.compute_indicators_for_period(scheme=scheme, period=period, computed_by=by)
    if vetoed:
        actions.apply_veto(assessment=assessment, veto=scheme.vetoes.get(), note="查实隐瞒", evidence_link="调查报告",
                           recorded_by=by)
    actions.score_item(item_score=entered(assessment), deductions=[deduction(lost)] if Decimal(lost) else [],
                       scored_by=by)
    actions.review(assessment=assessment, reviewed_by=by)
    actions.publish(scheme=scheme, period=period, published_by=by)
    assessment.refresh_from_db()
    return assessment


def adopt_regulations(village, day=datetime.date(2025, 2, 1)) -> None:
    village.regulations_adopted_on = day
    village.save(update_fields=["regulations_adopted_on"])
