"""The demo town's assessments: last year's and this year's schemes, four quarters and the year end.

Consistent with the seed: at the end of DEMO_YEAR 8 demonstration and 8 qualified villages, Daqi
lagging two years running; 5 villages investigated, two cadres under party discipline, 35
responsible people with economic consequences, one party secretary's "Top Ten Village Cadres"
honour withdrawn (certificate and bonus recovered, town-wide notice) for concealing records; a
responsibility book per village; the association assessments. Deterministic and idempotent: the
entered items are written set-based, the computed ones through the same action the town uses.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import translation

from assessments import actions
from assessments.models import (
    Assessment,
    AssessmentEvent,
    Block,
    Deduction,
    GradeBand,
    Item,
    ItemScore,
    PeriodCode,
    ResponsibilityBook,
    ResponsibilityTarget,
    Scheme,
    Veto,
    VetoFinding,
    band_for,
)
from assessments.queries.indicators import read_town
from demo.dating import aware, by_value, date_history
from demo.scoring.records import DAQI, DEMONSTRATION, QUALIFIED, cases, date_records, follow_ups, ledger, supervision
from demo.town import DEMO_YEAR, current_profile
from villages.models import Appointment, Designation, Position, Town, User, Village

POINT = Decimal("0.5")
# Items once scored by hand and now read from records: the town's targets and the random draws were made with
# their deductions spread by hand, so they are still planned (keeping every other score as it was) and read.
PLANNED = {"training"}
Action = AssessmentEvent.Action
STEPS = (Action.OPENED, Action.SUBMITTED, Action.COMPUTED, Action.SCORED, Action.REVIEWED, Action.PUBLISHED)
PERIOD_NAMES = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度", "YEAR": "年终"}

VILLAGE_SCHEME = [
    ("组织建设", [
        ("team", "“三位一体”班子健全，人员在岗", 8, "team_complete"),
        ("no_dismissal", "考核期内无村干部因计生工作被免职", 4, "no_dismissals"),
        ("network", "村计生协会会员联系到户，网络健全", 8, ""),
        ("training", "参加镇组织的业务培训，持证上岗", 5, ""),
    ]),
    ("村民自治", [
        ("declared", "申报实行计划生育村民自治", 6, "self_government_declared"),
        ("regulations", "制定《村民自治章程》计生条款", 8, "regulations_adopted"),
        ("disclosure", "村务公开栏按时公布婚育、奖扶情况", 8, ""),
        ("democracy", "重大事项经村民代表大会民主决策", 8, ""),
    ]),
    ("管理服务", [
        ("registry", "计生信息准确、及时，无瞒报漏报", 10, ""),
        ("benefits", "奖励扶助、优先优惠政策落实到户", 10, ""),
        ("service_room", "村服务室正常开放，服务到位", 10, ""),
    ]),
    ("群众满意", [
        ("feedback", "协会会员每月反馈信息，按时率高", 8, ""),
        ("satisfaction", "群众对计生工作满意", 7, ""),
    ]),
]
ASSOCIATION_SCHEME = [
    ("协会工作", [
        ("contact", "会员联系户覆盖率", 30, ""),
        ("monthly", "每月信息反馈及时准确", 25, ""),
        ("meetings", "每季度召开会员例会，有记录", 20, ""),
        ("evaluation", "年终评议，评选优秀会员", 15, ""),
        ("help", "开展帮扶、助学活动", 10, ""),
    ]),
]
REASONS = {
    "network": "部分村民小组会员未联系到户，联系卡填写不全",
    "training": "计生专干未参加本季度业务培训",
    "disclosure": "村务公开栏未按时更新婚育和奖扶对象名单",
    "democracy": "优惠措施调整未经村民代表大会讨论，缺会议记录",
    "registry": "抽查发现出生、迁入信息登记不及时",
    "benefits": "奖励扶助对象公示材料不全",
    "service_room": "服务室开放时间不足，药具发放登记不全",
    "feedback": "协会会员月度反馈迟报",
    "satisfaction": "入户走访群众满意度偏低",
    "contact": "部分会员联系户未走访到位",
    "monthly": "月度信息反馈迟报、漏报",
    "meetings": "季度例会记录不全",
    "evaluation": "年终评议材料不全",
    "help": "帮扶活动开展较少",
}


def build(town: Town, *, year: int = DEMO_YEAR) -> Scheme:
    # The demo is Chinese whatever language the command runs in: the records behind computed items are text.
    with translation.override("zh-hans"):
        return _build(town, year)


@transaction.atomic
def _build(town: Town, year: int) -> Scheme:
    existing = Scheme.objects.filter(town=town, year=year, subject=Scheme.Subject.VILLAGE).first()
    if existing is not None:
        return existing
    assessor = _assessor(town)
    villages = {v.name: v for v in Village.objects.filter(town=town).order_by("code")}
    rng = current_profile().rng(6)
    targets = _year_end_targets(villages, rng)

    last_year = _scheme(town, year - 1, Scheme.Subject.VILLAGE, "年度计划生育村民自治工作考核办法", VILLAGE_SCHEME)
    _score(last_year, "YEAR", {pk: max(Decimal(45), t - rng.randint(2, 8)) for pk, t in targets.items()},
           assessor, rng, vetoed=set())
    scheme = actions.copy_scheme_to_year(scheme=last_year, year=year, copied_by=assessor)
    _training_read_from_attendance(scheme)
    daqi = villages[DAQI]
    for period, drift in (("Q1", 5), ("Q2", 3), ("Q3", 2), ("Q4", 1), ("YEAR", 0)):
        quarter_targets = {pk: min(Decimal(99), t - drift + rng.randint(-2, 2) * POINT) if period != "YEAR" else t
                           for pk, t in targets.items()}
        vetoed = {daqi.pk} if period in ("Q2", "Q3", "Q4", "YEAR") else set()
        _score(scheme, period, quarter_targets, assessor, rng, vetoed=vetoed)
    actions.decide_designations_for_year(scheme=scheme, decided_by=assessor,
                                         decided_on=datetime.date(year, 12, 28))
    association = _scheme(town, year, Scheme.Subject.ASSOCIATION, "村计生协会工作考核办法", ASSOCIATION_SCHEME)
    for period in PeriodCode.values:
        _score(association, period, {pk: Decimal(rng.randint(140, 196)) / 2 for pk in targets}, assessor, rng,
               vetoed=set())
    _books(scheme, villages, assessor)
    actions.check_responsibility_targets(scheme=scheme)
    ResponsibilityBook.objects.filter(scheme=scheme).update(checked_at=schedule(year, "YEAR")[Action.PUBLISHED])
    opened = cases(villages, year, assessor)
    ledger(scheme, villages, opened, year, assessor)
    supervision(villages, year, assessor)
    follow_ups(daqi, year, assessor)
    for each in (last_year, scheme, association):
        _date_scheme(each)
    date_records(town)
    return scheme


def schedule(year: int, period: str) -> dict[str, datetime.datetime]:
    """When each step of a period's assessment happened: a quarter's in the weeks after it ended; the fourth
    quarter's and the year end's in December, before the designations are decided (28 December)."""
    if period == "Q4":
        first = datetime.date(year, 12, 1)
    elif period == "YEAR":
        first = datetime.date(year, 12, 4)
    else:
        first = PeriodCode(period).in_year(year).ends_on + datetime.timedelta(days=5)
    return {step: aware(first + datetime.timedelta(days=gap)) for step, gap in zip(STEPS, (0, 5, 7, 9, 12, 14),
                                                                                   strict=True)}


def _date_period(scheme: Scheme, period: str, at: dict) -> None:
    """The workflow of a period on its days: events, publication, deductions and vetoes recorded."""
    assessments = Assessment.objects.filter(scheme=scheme, period=period)
    AssessmentEvent.objects.filter(assessment__in=assessments).update(
        at=by_value("action", at, default=F("at")))
    assessments.update(published_at=at[Action.PUBLISHED])
    Deduction.objects.filter(item_score__assessment__in=assessments).update(recorded_at=at[Action.SCORED])
    VetoFinding.objects.filter(assessment__in=assessments).update(recorded_at=at[Action.SCORED])
    Scheme.objects.filter(pk=scheme.pk, frozen_at__gt=at[Action.SCORED]).update(frozen_at=at[Action.SCORED])


def _date_scheme(scheme: Scheme) -> None:
    """A scheme drawn up (or copied) in the first days of its year, frozen when its first period was scored."""
    drawn_up = aware(datetime.date(scheme.year, 1, 8))
    scheme.refresh_from_db(fields=["frozen_at"])
    date_history(Scheme, by_value("history_type", {"+": drawn_up}, default=scheme.frozen_at or drawn_up),
                 id=scheme.pk)
    Scheme.history.filter(id=scheme.pk, frozen_at__isnull=False).update(frozen_at=scheme.frozen_at)
    for model in (Block, Item, Veto, GradeBand):
        date_history(model, drawn_up, scheme=scheme)


def _assessor(town: Town) -> User:
    user, created = User.objects.get_or_create(
        username=current_profile().username("town-assessor"),
        defaults={"role": User.Role.TOWN_OFFICE, "town": town, "first_name": "镇考核组"})
    if created:
        user.set_unusable_password()
        user.date_joined = aware(datetime.date(DEMO_YEAR - 1, 1, 6))
        user.save(update_fields=["password", "date_joined"])
    return user


def _year_end_targets(villages: dict[str, Village], rng: random.Random) -> dict[int, Decimal]:
    targets = {}
    for name, village in villages.items():
        if name in DEMONSTRATION:
            points = rng.randint(181, 194)
        elif name in QUALIFIED:
            points = rng.randint(161, 178)
        elif name == DAQI:
            points = 104
        else:
            points = rng.randint(124, 158)
        targets[village.pk] = Decimal(points) * POINT
    return targets


def _scheme(town: Town, year: int, subject: str, title: str, blocks: list) -> Scheme:
    scheme = Scheme.objects.create(
        town=town, year=year, subject=subject, title=f"{town.name}{year}{title}",
        default_rectification_plan="按照“一年赶上、两年上水平、三年创一流”的要求，调整充实班子，建立健全制度，每季度接受镇督查。",
    )
    for order, (title_, items) in enumerate(blocks, start=1):
        block = Block.objects.create(scheme=scheme, order=order, title=title_)
        for item_order, (code, item_title, points, key) in enumerate(items, start=1):
            Item.objects.create(
                scheme=scheme, block=block, code=code, order=item_order, title=item_title, max_points=points,
                method=Item.Method.COMPUTED if key else Item.Method.ENTERED, indicator_key=key)
    if subject == Scheme.Subject.VILLAGE:
        Veto.objects.create(scheme=scheme, code="concealment", title="隐瞒、虚报计划生育信息",
                            description="经查实村干部隐瞒村民违法生育或虚报统计数据的，实行一票否决。")
        Veto.objects.create(scheme=scheme, code="cadre_violation", title="村干部本人违反计划生育政策")
    GradeBand.objects.bulk_create([
        GradeBand(scheme=scheme, code="excellent", label="优秀", min_total=90,
                  designation=Designation.Kind.DEMONSTRATION if subject == Scheme.Subject.VILLAGE else ""),
        GradeBand(scheme=scheme, code="good", label="良好", min_total=80,
                  designation=Designation.Kind.QUALIFIED if subject == Scheme.Subject.VILLAGE else ""),
        GradeBand(scheme=scheme, code="pass", label="合格", min_total=60),
        GradeBand(scheme=scheme, code="fail", label="不合格", min_total=0,
                  designation=Designation.Kind.LAGGING if subject == Scheme.Subject.VILLAGE else ""),
    ])
    return scheme


def _score(scheme: Scheme, period: str, targets: dict[int, Decimal], assessor: User, rng: random.Random,
           *, vetoed: set[int]) -> None:
    """Score a whole period, written set-based: computed items from the indicators, entered items with
    deductions (note and evidence) that bring the village to its target; then published by the action."""
    span, at = PeriodCode(period).in_year(scheme.year), schedule(scheme.year, period)
    villages = list(Village.objects.filter(town=scheme.town, is_active=True).order_by("code"))
    items = list(scheme.items.order_by("block__order", "order"))
    readings = {item.indicator_key: read_town(item.indicator_key, Village.objects.filter(town=scheme.town), span)
                for item in items if item.is_computed}
    bands = list(scheme.bands.all())
    evidence = f"镇计生办{scheme.year}年{PERIOD_NAMES[period]}考核记录"
    assessments, planned = [], []
    for village in villages:
        scores, lost_points = [], {}
        for item in items:
            score = ItemScore(item=item, scored_by=assessor, scored_at=at[Action.SCORED])
            if item.is_computed:
                reading = readings[item.indicator_key][village.pk]
                score.figure, score.figure_display, score.records = reading.figure, reading.shown, reading.records
                score.points = score.self_points = reading.points(item.max_points)
            scores.append(score)
        computed = sum((s.points for s in scores if s.item.is_computed and s.item.code not in PLANNED), Decimal(0))
        planned_items = [s for s in scores if not s.item.is_computed or s.item.code in PLANNED]
        entered = [s for s in scores if not s.item.is_computed]
        loss = max(Decimal(0), sum((s.item.max_points for s in planned_items), Decimal(0)) + computed
                   - targets[village.pk])
        lost_points = _spread(loss, planned_items, rng)
        bonus = {id(score): rng.randint(0, 2) * POINT for score in planned_items}
        _settle(lost_points, planned_items, entered)
        for score in entered:
            score.points = score.item.max_points - lost_points[id(score)]
            score.self_points = min(score.item.max_points, score.points + bonus[id(score)])
        total = sum((s.points for s in scores), Decimal(0))
        assessment = Assessment(
            scheme=scheme, village=village, period=period, status=Assessment.Status.REVIEWED, total=total,
            self_total=sum((s.self_points for s in scores), Decimal(0)), vetoed=village.pk in vetoed,
            grade=band_for(bands, total, vetoed=village.pk in vetoed), submitted_at=at[Action.SUBMITTED],
            scored_at=at[Action.SCORED], reviewed_at=at[Action.REVIEWED], reviewed_by=assessor)
        assessments.append(assessment)
        planned.append((scores, lost_points))
    Assessment.objects.bulk_create(assessments, batch_size=500)
    all_scores, deductions, events = [], [], []
    for assessment, (scores, _lost) in zip(assessments, planned, strict=True):
        for score in scores:
            score.assessment = assessment
        all_scores += scores
        events += [AssessmentEvent(assessment=assessment, action=action, actor=assessor) for action in STEPS[:-1]]
    ItemScore.objects.bulk_create(all_scores, batch_size=500)
    for assessment, (scores, lost_points) in zip(assessments, planned, strict=True):
        for number, score in enumerate(scores, start=1):
            if lost_points.get(id(score)) and not score.item.is_computed:
                deductions.append(Deduction(
                    item_score=score, points=lost_points[id(score)], note=REASONS[score.item.code],
                    evidence_link=f"{evidence}第{assessment.village.code[-3:]}-{number:02d}号", recorded_by=assessor))
    Deduction.objects.bulk_create(deductions, batch_size=500)
    AssessmentEvent.objects.bulk_create(events, batch_size=500)
    veto = scheme.vetoes.filter(code="concealment").first()
    VetoFinding.objects.bulk_create([
        VetoFinding(assessment=a, veto=veto, recorded_by=assessor,
                    note="村党支部书记隐瞒村民违法生育情况，经镇纪委调查属实。",
                    evidence_link=f"镇纪委调查报告（{scheme.year}）第3号")
        for a in assessments if a.vetoed])
    actions.freeze_scheme(scheme)
    actions.publish(scheme=scheme, period=period, published_by=assessor)
    _date_period(scheme, period, at)


def _training_read_from_attendance(scheme: Scheme) -> None:
    """From the demo year the training item reads the attendance at the town's training (demo.training) instead
    of being scored by hand; the year before it was scored by hand."""
    item = scheme.items.get(code="training")
    item.method, item.indicator_key = Item.Method.COMPUTED, "training_attendance"
    item.guidance = "每缺席镇组织的业务培训一人次扣0.5分，扣完为止（按培训签到记录计算）。"
    item.full_clean()
    item.save()


def _settle(lost: dict[int, Decimal], planned: list[ItemScore], entered: list[ItemScore]) -> None:
    """The points the planned computed items read from their records, against the points planned for them: what
    the records took more (or less) is given back to (or taken from) the entered items, in order, so the village's
    total stays its target. The demo's attendance reproduces the quarters' plan, so nothing moves there."""
    difference = sum((score.item.max_points - score.points - lost[id(score)] for score in planned
                      if score.item.is_computed), Decimal(0))
    for score in entered:
        if difference > 0:
            step = min(difference, lost[id(score)])
        else:
            step = max(difference, lost[id(score)] - score.item.max_points)
        lost[id(score)] -= step
        difference -= step


def _spread(loss: Decimal, entered: list[ItemScore], rng: random.Random) -> dict[int, Decimal]:
    lost = {id(score): Decimal(0) for score in entered}
    while loss > 0:
        open_items = [s for s in entered if lost[id(s)] < s.item.max_points]
        if not open_items:
            break
        score = rng.choice(open_items)
        step = min(loss, rng.choice([POINT, 1, 1, 2, 3]) * 1, score.item.max_points - lost[id(score)])
        lost[id(score)] += step
        loss -= step
    return lost


def _books(scheme: Scheme, villages: dict[str, Village], assessor: User) -> None:
    signed_on = datetime.date(scheme.year, 1, 15)
    secretaries = _holders(villages.values(), Position.Kind.PARTY_SECRETARY, signed_on)
    regulations = scheme.items.get(code="regulations")
    books = ResponsibilityBook.objects.bulk_create([
        ResponsibilityBook(
            village=village, year=scheme.year, scheme=scheme, title=f"{scheme.year}年计划生育村民自治目标管理责任书",
            rewards_agreed="评为村民自治示范村的奖励5000元，合格村奖励2000元；村干部优先参评“十佳村干部”。",
            penalties_agreed="考核不合格或被一票否决的，取消村干部年度评优资格，扣减绩效补贴，列为重点管理村。",
            town_signatory="镇长 陈建国", village_signatory=secretaries[village.pk].holder_name,
            signed_on=signed_on, status=ResponsibilityBook.Status.SIGNED)
        for village in villages.values()
    ])
    targets = []
    for book in books:
        targets += [
            ResponsibilityTarget(book=book, order=1, title="年终考核达到80分以上", measure="total_at_least",
                                 threshold=80),
            ResponsibilityTarget(book=book, order=2, title="8月底前制定《村民自治章程》计生条款",
                                 measure="item_at_least", item=regulations, threshold=8),
            ResponsibilityTarget(book=book, order=3, title="不发生隐瞒、虚报计生信息等一票否决事项",
                                 measure="no_veto"),
            ResponsibilityTarget(book=book, order=4, title="争创村民自治示范村或合格村", measure="designated"),
        ]
    ResponsibilityTarget.objects.bulk_create(targets, batch_size=500)


def _holders(villages, kind: str, day: datetime.date) -> dict[int, Appointment]:
    rows = Appointment.objects.filter(position__village__in=list(villages), position__kind=kind,
                                      position__group__isnull=True, started_on__lte=day).select_related("position")
    holders = {}
    for appointment in rows.order_by("started_on"):
        if appointment.ended_on is None or appointment.ended_on >= day:
            holders[appointment.position.village_id] = appointment
    return holders
