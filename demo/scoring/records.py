"""The demo town's cases, ledger, supervision visits and rectification follow-ups (see the package doc)."""

import datetime
from decimal import Decimal

from django.db.models.functions import Coalesce

from assessments import actions
from assessments.models import Assessment, Case, LedgerEntry, RectificationFollowUp, Scheme, SupervisionVisit
from demo.dating import by_value, date_history, day_of
from demo.town import current_profile
from villages.models import Appointment, Designation, Position, Town, User, Village

DAQI, SHIQIAO = "大旗村", "石桥村"
INVESTIGATED = [DAQI, SHIQIAO, "柳林村", "周家村", "黄土村"]
DEMONSTRATION = ["荀子村", "永中村", "前塘村", "红山村", "桃园村", "新河村", "花园村", "光明村"]
QUALIFIED = ["东湾村", "南坪村", "杨店村", "高岭村", "竹林村", "青山村", "双河村", "幸福村"]
PARTY_COMMITTEE = "镇党委"
TOWN = "镇党委、镇政府"
TOP_TEN = "十佳村干部"
PENALTIES = [
    (Position.Kind.PARTY_SECRETARY, Decimal(800)),
    (Position.Kind.COMMITTEE_DIRECTOR, Decimal(500)),
    (Position.Kind.SPECIALIST, Decimal(500)),
    (Position.Kind.EXECUTIVE_VICE_PRESIDENT, Decimal(300)),
    (Position.Kind.GROUP_LEADER, Decimal(200)),
    (Position.Kind.GROUP_LEADER, Decimal(200)),
]


def _appointment(village: Village, kind: str, day: datetime.date, *, number: int = 0) -> Appointment:
    rows = Appointment.objects.filter(position__village=village, position__kind=kind, started_on__lte=day) \
        .select_related("position__group").order_by("position__group__number", "started_on")
    held = [a for a in rows if a.ended_on is None or a.ended_on >= day]
    return held[number]


def cases(villages: dict[str, Village], year: int, assessor: User) -> dict[str, Case]:
    daqi, shiqiao = villages[DAQI], villages[SHIQIAO]
    opened = {}
    daqi_secretary = _appointment(daqi, Position.Kind.PARTY_SECRETARY, datetime.date(year, 6, 1))
    opened[DAQI] = _case(
        daqi, Case.Kind.CONCEALMENT, "大旗村党支部书记隐瞒村民违法生育情况", daqi_secretary,
        "群众来信反映，村党支部书记对本村违法生育情况隐瞒不报。", datetime.date(year, 4, 18), "群众来信",
        "经查，该村党支部书记对两起违法生育隐瞒不报，村计生专干信息登记严重不实。",
        "免去村党支部书记职务并给予党内严重警告处分；免去村计生专干职务；该村年度考核一票否决。",
        datetime.date(year, 6, 28), assessor)
    shiqiao_secretary = _appointment(shiqiao, Position.Kind.PARTY_SECRETARY, datetime.date(year, 8, 1))
    opened[SHIQIAO] = _case(
        shiqiao, Case.Kind.CONCEALMENT, "石桥村党支部书记隐瞒村民违法生育", shiqiao_secretary,
        "县计生局交办：石桥村有违法生育未上报。", datetime.date(year, 8, 6), "县计生局",
        "经查属实，该村党支部书记明知村民违法生育而隐瞒不报。",
        "取消其“十佳村干部”资格，收回荣誉证书，追回奖金；给予党内警告处分；全镇通报。",
        datetime.date(year, 9, 20), assessor)
    for number, name in enumerate(INVESTIGATED[2:], start=1):
        opened[name] = _case(
            villages[name], Case.Kind.MANAGEMENT, f"{name}发生违法生育，管理责任追究", None,
            "年终核查发现该村发生违法生育，信息上报滞后。", datetime.date(year, 10, 8 + number), "镇计生办年终核查",
            "村级管理责任落实不到位，信息上报滞后。", "对负有管理责任的镇、村责任人给予经济处理。",
            datetime.date(year, 12, 20), assessor)
    return opened


def _case(village, kind, title, appointment, description, reported_on, reported_by, finding, decision, decided_on,
          assessor) -> Case:
    case = actions.open_case(village=village, kind=kind, title=title, description=description,
                             reported_on=reported_on, reported_by=reported_by, appointment=appointment,
                             recorded_by=assessor)
    actions.start_investigation(case=case, started_by=assessor)
    return actions.decide_case(case=case, founded=True, finding=finding, decision=decision, decided_on=decided_on,
                               decided_by=PARTY_COMMITTEE, recorded_by=assessor)


def ledger(scheme: Scheme, villages: dict[str, Village], opened: dict[str, Case], year: int, assessor: User) -> None:
    honours = _top_ten_last_year(villages, year, assessor)
    shiqiao_case, daqi_case = opened[SHIQIAO], opened[DAQI]
    actions.withdraw_honour(
        honour=honours[SHIQIAO], reason="隐瞒村民违法生育，弄虚作假。", decision=shiqiao_case.decision,
        decided_on=shiqiao_case.decided_on, decided_by=TOWN, recorded_by=assessor, certificate_recovered=True,
        amount_recovered=honours[SHIQIAO].amount, case=shiqiao_case, notify_town=True)
    for case, note in ((daqi_case, "党内严重警告"), (shiqiao_case, "党内警告")):
        _entry(case.village, LedgerEntry.Kind.PARTY_DISCIPLINE, f"给予{note}处分", case.finding, case.decision,
               case.decided_on, assessor, appointment=case.appointment, case=case, decided_by=PARTY_COMMITTEE)
    for kind in (Position.Kind.PARTY_SECRETARY, Position.Kind.SPECIALIST):
        dismissed = Appointment.objects.get(position__village=villages[DAQI], position__kind=kind,
                                            end_reason=Appointment.EndReason.DISMISSAL)
        _entry(villages[DAQI], LedgerEntry.Kind.DISMISSAL, "免职", dismissed.end_note, daqi_case.decision,
               daqi_case.decided_on, assessor, appointment=dismissed, case=daqi_case, decided_by=PARTY_COMMITTEE)
    _election_dismissals(villages, assessor)
    _economic_penalties(villages, opened, year, assessor)
    _year_end_rewards(scheme, villages, year, assessor)


def _election_dismissals(villages: dict[str, Village], assessor: User) -> None:
    """The specialists dismissed in the village-level change: in the ledger too, so that it holds every
    dismissal of the year."""
    rows = (Appointment.objects.filter(position__village__in=villages.values(), position__kind=Position.Kind.SPECIALIST,
                                       end_reason=Appointment.EndReason.DISMISSAL)
            .exclude(position__village=villages[DAQI]).select_related("position__village").order_by("ended_on", "pk"))
    for dismissed in rows:
        _entry(dismissed.position.village, LedgerEntry.Kind.DISMISSAL, "免职", dismissed.end_note,
               "免去村计生专干职务。", dismissed.ended_on, assessor, appointment=dismissed)


def _entry(village, kind, title, reason, decision, decided_on, assessor, *, decided_by=TOWN, **links) -> LedgerEntry:
    return actions.record_ledger_entry(village=village, kind=kind, title=title, reason=reason, decision=decision,
                                       decided_on=decided_on, decided_by=decided_by, recorded_by=assessor, **links)


def _in_post(villages: list[Village], day: datetime.date) -> dict[tuple[int, str], list[Appointment]]:
    """Who held each post on a day, per (village, kind), group leaders in group order: one query."""
    rows = Appointment.objects.filter(position__village__in=villages, started_on__lte=day).select_related(
        "position__group").order_by("position__group__number", "started_on")
    held: dict[tuple[int, str], list[Appointment]] = {}
    for appointment in rows:
        if appointment.ended_on is None or appointment.ended_on >= day:
            held.setdefault((appointment.position.village_id, appointment.position.kind), []).append(appointment)
    return held


def _bulk_entry(village, kind, title, reason, decision, decided_on, assessor, *, appointment=None, **fields):
    """A ledger row built for bulk_create (the demo writes dozens at once; the rules are those of the action)."""
    if appointment is not None:
        fields.setdefault("person_name", appointment.holder_name)
        fields.setdefault("person_role", str(appointment.position.get_kind_display()))
    return LedgerEntry(village=village, kind=kind, title=title, reason=reason, decision=decision,
                       decided_on=decided_on, decided_by=fields.pop("decided_by", TOWN), recorded_by=assessor,
                       appointment=appointment, **fields)


def _top_ten_last_year(villages: dict[str, Village], year: int, assessor: User) -> dict[str, LedgerEntry]:
    day = datetime.date(year - 1, 12, 30)
    honoured = [SHIQIAO, *DEMONSTRATION[:6], *QUALIFIED[:3]]
    held = _in_post([villages[name] for name in honoured], day)
    entries = LedgerEntry.objects.bulk_create([
        _bulk_entry(villages[name], LedgerEntry.Kind.HONOUR, f"{year - 1}年度“{TOP_TEN}”",
                    "村民自治工作成绩突出，年度考核优秀。", f"授予“{TOP_TEN}”称号，颁发荣誉证书，奖励1000元。", day,
                    assessor,
                    appointment=held[(villages[name].pk, Position.Kind.PARTY_SECRETARY)][0], amount=Decimal(1000))
        for name in honoured
    ])
    return dict(zip(honoured, entries, strict=True))


def _economic_penalties(villages: dict[str, Village], opened: dict[str, Case], year: int, assessor: User) -> None:
    """35 responsible people, town and village, in the five villages investigated."""
    day = datetime.date(year, 12, 30)
    names = current_profile().names(35)
    held = _in_post([villages[name] for name in INVESTIGATED], day)
    entries = []
    for name in INVESTIGATED:
        village, case = villages[name], opened[name]
        group_leaders = 0
        for kind, amount in PENALTIES:
            number = 0
            if kind == Position.Kind.GROUP_LEADER:
                number, group_leaders = group_leaders, group_leaders + 1
            entries.append(_bulk_entry(village, LedgerEntry.Kind.ECONOMIC_PENALTY, "经济处理", case.finding,
                                       f"扣减年度绩效补贴{amount}元。", day, assessor,
                                       appointment=held[(village.pk, kind)][number], amount=amount, case=case))
        entries.append(_bulk_entry(village, LedgerEntry.Kind.ECONOMIC_PENALTY, "经济处理", case.finding,
                                   "扣减年度目标奖600元。", day, assessor, person_name=names.full("M"),
                                   person_role=f"镇包村干部（{name}）", amount=Decimal(600), case=case))
    LedgerEntry.objects.bulk_create(entries)


def _year_end_rewards(scheme: Scheme, villages: dict[str, Village], year: int, assessor: User) -> None:
    results = {a.village_id: a for a in Assessment.objects.filter(scheme=scheme, period="YEAR")}
    day = datetime.date(year, 12, 30)
    entries = []
    for names, label, amount in ((DEMONSTRATION, "村民自治示范村", 5000), (QUALIFIED, "村民自治合格村", 2000)):
        for name in names:
            village = villages[name]
            entries.append(_bulk_entry(village, LedgerEntry.Kind.COMMENDATION, f"{year}年度{label}", "年终考核结果",
                                       f"命名为{year}年度{label}，通报表彰，奖励{amount}元。", day, assessor,
                                       amount=Decimal(amount), assessment=results[village.pk]))
    LedgerEntry.objects.bulk_create(entries)


def supervision(villages: dict[str, Village], year: int, assessor: User) -> None:
    visits = [
        (DAQI, datetime.date(year, 3, 20), SupervisionVisit.Kind.ROUTINE, "班子不团结，村务公开栏未更新。",
         "一个月内更新公开栏，每月向镇计生办报告整改情况。", datetime.date(year, 4, 20)),
        (DAQI, datetime.date(year, 7, 15), SupervisionVisit.Kind.SPECIAL, "新班子已到位，正在重新核查全村婚育信息。",
         "9月底前完成信息核查。", datetime.date(year, 9, 30)),
        ("荀子村", datetime.date(year, 5, 12), SupervisionVisit.Kind.ON_SITE_MEETING,
         "协会办花卉苗木基地，带动贫困户脱贫，经验在全镇推广。", "", None),
        ("永中村", datetime.date(year, 8, 26), SupervisionVisit.Kind.ON_SITE_MEETING,
         "孕情监测补助、双女户养老保险落实到户。", "", None),
        ("前塘村", datetime.date(year, 11, 5), SupervisionVisit.Kind.ON_SITE_MEETING,
         "计生专干、协会风险工资制度运行良好。", "", None),
    ]
    visits += [(name, datetime.date(year, 10, 25), SupervisionVisit.Kind.SPECIAL, "核查违法生育及信息上报情况。",
                "补报信息，落实管理责任。", datetime.date(year, 11, 30)) for name in INVESTIGATED[1:]]
    for name, day, kind, findings, follow_up, due in visits:
        visit = actions.record_supervision_visit(
            village=villages[name], visited_on=day, kind=kind, visitors="镇计生办、镇包村干部", findings=findings,
            follow_up=follow_up, follow_up_due=due, recorded_by=assessor)
        if due:
            actions.record_supervision_follow_up(visit=visit, done_on=due, result="已按要求整改。",
                                                 recorded_by=assessor)


def follow_ups(daqi: Village, year: int, assessor: User) -> None:
    designation = Designation.objects.get(village=daqi, year=year - 1)
    behind, on_track = RectificationFollowUp.Progress.BEHIND, RectificationFollowUp.Progress.ON_TRACK
    steps = [
        (datetime.date(year, 3, 31), behind, "班子仍不健全，信息核查未开展。"),
        (datetime.date(year, 6, 30), behind, "查实隐瞒违法生育，村党支部书记、计生专干被免职。"),
        (datetime.date(year, 9, 30), on_track, "新班子到位，完成全村婚育信息核查。"),
        (datetime.date(year, 12, 20), behind, "年终考核仍不合格，继续列为重点管理村。"),
    ]
    for day, progress, note in steps:
        actions.record_rectification_follow_up(designation=designation, followed_up_on=day, progress=progress,
                                               note=note, recorded_by=assessor)


def date_records(town: Town) -> None:
    """Cases, ledger entries, visits, follow-ups and designations, recorded on the days they are dated."""
    date_history(Case, by_value("status", {Case.Status.DECIDED: day_of("decided_on")}, default=day_of("reported_on")),
                 village__town=town)
    LedgerEntry.objects.filter(village__town=town).update(recorded_at=day_of("decided_on"))
    LedgerEntry.history.filter(village__town=town).update(history_date=day_of("decided_on"),
                                                          recorded_at=day_of("decided_on"))
    date_history(SupervisionVisit, Coalesce(day_of("follow_up_done_on"), day_of("visited_on")), village__town=town)
    date_history(SupervisionVisit, day_of("visited_on"), village__town=town, history_type="+")
    date_history(RectificationFollowUp, day_of("followed_up_on"), designation__village__town=town)
    date_history(Designation, day_of("decided_on"), village__town=town)
