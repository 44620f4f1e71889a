"""The demo town's family planning association: 462 members in the 469 villager groups.

(On a smaller town, for tests, the same plan gives one member to every group but seven.)

Deterministic (seeded), idempotent (a town that has members is left alone) and fast (bulk
writes, the whole plan made in memory first).

- One member in every villager group but seven: two of Daqi's (the village under key
  management) and five groups of five other villages have none.
- Each village's president, executive vice president and secretary-general are the holders of
  those positions in the three-in-one team; the other members are villagers from the registry.
- Each member's contact card covers their group's active households. Sixteen groups changed
  member: ten at the 2024 re-check, six in 2025, the households handed over the same day.
- A year (DEMO_YEAR) of monthly feedback, due by the 5th of the following month: about 8 % of
  reports late and 4 % missing, more of both in Daqi.
- Four quarterly meetings per village with attendance; the year-end evaluation of every
  member against five criteria, and an award for each village's best member if excellent.
"""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from association.models import (
    AssociationMember,
    AssociationYearRules,
    Award,
    ContactAssignment,
    EvaluationCriterion,
    EvaluationScore,
    FeedbackNote,
    Meeting,
    MeetingAttendance,
    MemberEvaluation,
    MemberReview,
    MonthlyFeedback,
)
from demo.dating import date_history, day_of
from demo.registry import REFERENCE_DATE
from demo.town import DEMO_YEAR, GROUP_COUNT, current_profile
from members.models import Household, Person
from villages.models import Appointment, Position, Town, VillagerGroup
from villages.periods import month_end

MEMBERS = 462
DAQI = "大旗村"
RECHECK_BEFORE = datetime.date(DEMO_YEAR - 1, 12, 20)
RECHECK = datetime.date(DEMO_YEAR, 12, 20)
EVALUATED_ON = datetime.date(DEMO_YEAR, 12, 28)
DUE_DAY = 5
BATCH = 2000
Role = AssociationMember.Role
OFFICERS = {Position.Kind.ASSOCIATION_PRESIDENT: Role.PRESIDENT,
            Position.Kind.EXECUTIVE_VICE_PRESIDENT: Role.EXECUTIVE_VICE_PRESIDENT,
            Position.Kind.SECRETARY_GENERAL: Role.SECRETARY_GENERAL}
CRITERIA = [
    ("联系户走访", 30, "按联系卡每月走访联系户，了解婚育、迁移和生活困难情况。"),
    ("月度信息反馈", 25, "每月按时向村计生协会反馈联系户信息；逾期、缺报相应扣分。"),
    ("季度例会出勤", 15, "按时参加协会季度例会；请假扣一半，缺席全扣。"),
    ("政策宣传与服务", 15, "宣传计划生育奖励扶助政策，帮助联系户办理相关手续。"),
    ("群众评议", 15, "联系户和村民小组对会员工作的评议。"),
]
DUTIES = ("联系本组{n}户农户：每月至少走访一次，了解婚育、出生、迁移变化和生活困难，"
          "宣传计划生育奖励扶助政策，每月{due}日前向村计生协会反馈上月信息，按时参加季度例会。")
CHANGES_QUIET = ["本月所联系农户婚育情况无变化。", "走访联系户，各户情况稳定，无新增婚育变化。",
                 "联系户均已走访，无出生、死亡、迁移情况。", "本月入户宣传奖励扶助政策，各户无变化。"]
CHANGES_EVENTS = ["一户新添一孩，已提醒及时办理出生登记。", "一户儿子结婚，新婚夫妇已登记，已宣传优生优育知识。",
                  "一户老人病故，已告知家属到村委会办理相关手续。", "一户育龄妇女外出务工，已留下联系方式。",
                  "一户全家外出务工，已委托邻居代为联系。", "一户办理了独生子女父母光荣证。"]
HELP = ["", "", "", "", "", "一户双女户申请养老保险补贴，需村里协助办理。", "一户家庭困难，建议列入协会帮扶对象。",
        "一户孩子上学有困难，请协会帮助联系助学金。"]
NOTES = ["新添一孩，已提醒办理出生登记。", "育龄妇女外出务工，已电话联系。", "老人行动不便，需要上门服务。",
         "家庭生活困难，建议帮扶。", "已宣传奖励扶助政策，户主表示理解支持。"]
LEAVE_NOTES = {AssociationMember.LeaveReason.NOT_KEPT: "年度复查未续聘",
               AssociationMember.LeaveReason.MOVED_AWAY: "全家外出务工，无法按月走访联系户",
               AssociationMember.LeaveReason.RESIGNED: "年老体弱，本人申请辞去会员"}
PLACES = ["村委会会议室", "村计生协会活动室", "村人口学校"]
AGENDA = {
    1: "一、传达镇计生协会年度工作要点；二、分解本年度会员联系任务；三、布置春节前后流动人口走访。",
    2: "一、通报一季度会员信息反馈情况；二、学习奖励扶助政策；三、安排双女户养老保险补贴对象核实。",
    3: "一、通报上半年工作；二、布置妇科病普查组织工作；三、组织会员为困难计生家庭子女助学捐款。",
    4: "一、总结全年工作；二、开展会员年终评议；三、评选优秀会员并研究下年度会员复查。",
}
DECISIONS = {
    1: "各会员按联系卡走访到户，每月5日前反馈上月信息。",
    2: "由会员逐户核实双女户名单，月底前报村计生协会。",
    3: "会员自愿捐款，所得款项用于困难计生家庭子女上学。",
    4: "评议结果张榜公示，优秀会员报镇计生协会表彰。",
}


@transaction.atomic
def build(town: Town) -> int:
    """Build the town's association; returns the number of rows written (0 if it already exists)."""
    if AssociationMember.objects.filter(village__town=town).exists():
        return 0
    rng = current_profile().rng(462)
    plan = _plan_members(town, rng)
    written = _write_members(plan)
    written += _write_cards(town, plan)
    AssociationYearRules.objects.create(town=town, year=DEMO_YEAR, feedback_due_day=DUE_DAY)
    written += _write_feedback(plan, rng)
    written += _write_meetings(town, rng)
    written += _write_evaluations(town, rng)
    _date_stamps(town)
    return written + 1


def _date_stamps(town: Town) -> None:
    """Each record created on the day it is dated (reports on the day received, meetings on the day held,
    evaluations on the day decided); members with the history, on the reference date."""
    AssociationMember.objects.filter(village__town=town).update(created_at=_aware(REFERENCE_DATE),
                                                                updated_at=_aware(REFERENCE_DATE))
    for model, field, lookup in ((MonthlyFeedback, "submitted_on", "member__village__town"),
                                 (Meeting, "held_on", "village__town"),
                                 (MemberEvaluation, "evaluated_on", "member__village__town")):
        model.objects.filter(**{lookup: town}).update(created_at=day_of(field), updated_at=day_of(field))
    for model, field, lookup in ((MonthlyFeedback, "submitted_on", "member__village__town"),
                                 (Meeting, "held_on", "village__town")):
        date_history(model, day_of(field), **{lookup: town})
    date_history(AssociationYearRules, _aware(datetime.date(DEMO_YEAR, 1, 10)), town=town)


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _groups_without_member(groups: list[VillagerGroup], rng: random.Random) -> set[int]:
    daqi = [g for g in groups if g.village.name == DAQI]
    others = sorted({g.village_id for g in groups if g.village.name != DAQI})
    chosen = {daqi[-1].pk, daqi[-2].pk}
    for village_id in rng.sample(others, 5):
        chosen.add(rng.choice([g for g in groups if g.village_id == village_id and g.number > 5]).pk)
    return chosen


def _candidates(town: Town) -> dict[int, list[dict]]:
    """Registered villagers aged 28–62 in active households, by villager group."""
    born_after, born_by = datetime.date(REFERENCE_DATE.year - 62, 1, 1), datetime.date(REFERENCE_DATE.year - 28, 1, 1)
    rows = (Person.objects.filter(town=town, status=Person.Status.ACTIVE, household__status=Household.Status.ACTIVE,
                                  birth_date__gt=born_after, birth_date__lte=born_by)
            .order_by("pk").values("pk", "name", "sex", "household__group_id"))
    by_group = defaultdict(list)
    for row in rows:
        by_group[row["household__group_id"]].append(row)
    return by_group


def _officer_names(town: Town) -> dict[tuple[int, str], str]:
    current = (Appointment.objects.filter(position__village__town=town, position__kind__in=OFFICERS,
                                          ended_on__isnull=True)
               .values_list("position__village_id", "position__kind", "holder_name"))
    return {(village_id, OFFICERS[kind]): name for village_id, kind, name in current}


def _plan_members(town: Town, rng: random.Random) -> list[AssociationMember]:
    groups = list(VillagerGroup.objects.filter(village__town=town).select_related("village")
                  .order_by("village__code", "number"))
    empty = _groups_without_member(groups, rng)
    served = [g for g in groups if g.pk not in empty]
    if len(groups) == GROUP_COUNT and len(served) != MEMBERS:
        raise RuntimeError(f"the demo town should have {MEMBERS} members, not {len(served)}")
    candidates = _candidates(town)
    officers = _officer_names(town)
    names = current_profile().names(462)
    changed = rng.sample([g for g in served if g.number > 3], min(16, len([g for g in served if g.number > 3])))
    at_recheck, in_year = set(g.pk for g in changed[:10]), {g.pk: g for g in changed[10:]}
    members = []
    for group in served:
        pool = [c for c in candidates[group.pk] if rng.random() < (0.8 if c["sex"] == "F" else 0.35)] \
            or candidates[group.pk]
        picks = rng.sample(pool, 2) if len(pool) >= 2 else [{"name": names.full("F"), "pk": None} for _ in "ab"]
        role = _role(group.number, rng)
        if (group.village_id, role) in officers:
            current = AssociationMember(village=group.village, group=group, name=officers[(group.village_id, role)],
                                        role=role)
        else:
            current = AssociationMember(village=group.village, group=group, name=picks[0]["name"],
                                        person_id=picks[0]["pk"], role=role)
        current.joined_on = _day(rng, datetime.date(2016, 1, 1), datetime.date(2023, 12, 31))
        if group.pk in at_recheck or group.pk in in_year:
            left_on = RECHECK_BEFORE if group.pk in at_recheck else _day(rng, datetime.date(DEMO_YEAR, 3, 1),
                                                                         datetime.date(DEMO_YEAR, 9, 30))
            reason = AssociationMember.LeaveReason.NOT_KEPT if group.pk in at_recheck else rng.choice(
                [AssociationMember.LeaveReason.MOVED_AWAY, AssociationMember.LeaveReason.RESIGNED])
            note = LEAVE_NOTES[reason]
            before = AssociationMember(village=group.village, group=group, name=picks[1]["name"],
                                       person_id=picks[1]["pk"], role=Role.MEMBER, joined_on=current.joined_on,
                                       left_on=left_on, leave_reason=reason, leave_note=note)
            members.append(before)
            current.joined_on = left_on
        members.append(current)
    return members


def _role(number: int, rng: random.Random) -> str:
    if number <= 3:
        return [Role.PRESIDENT, Role.EXECUTIVE_VICE_PRESIDENT, Role.SECRETARY_GENERAL][number - 1]
    if number <= 5:
        return Role.COUNCIL_MEMBER
    return Role.GROUP_LEADER if rng.random() < 0.6 else Role.MEMBER


def _write_members(members: list[AssociationMember]) -> int:
    bulk_create_with_history(members, AssociationMember, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    reviews = [MemberReview(member=m, year=m.joined_on.year, outcome=MemberReview.Outcome.RECRUITED,
                            decided_on=m.joined_on, note="经村计生协会理事会研究吸收为会员") for m in members]
    for member in members:
        if member.joined_on < RECHECK_BEFORE:
            kept = member.left_on != RECHECK_BEFORE
            reviews.append(MemberReview(
                member=member, year=DEMO_YEAR - 1, decided_on=RECHECK_BEFORE,
                outcome=MemberReview.Outcome.KEPT if kept else MemberReview.Outcome.LEFT,
                note="" if kept else "年度复查未续聘"))
        if member.left_on is None:
            reviews.append(MemberReview(member=member, year=DEMO_YEAR, decided_on=RECHECK,
                                        outcome=MemberReview.Outcome.KEPT))
    MemberReview.objects.bulk_create(reviews, batch_size=BATCH)
    for member in members:
        if member.left_on is None:
            member.duties = ""  # filled in with the card size below
    return len(members) + len(reviews)


def _write_cards(town: Town, members: list[AssociationMember]) -> int:
    households = defaultdict(list)
    for pk, group_id, registered_on in (Household.objects.filter(town=town, status=Household.Status.ACTIVE)
                                        .order_by("number").values_list("pk", "group_id", "registered_on")):
        households[group_id].append((pk, registered_on))
    by_group = defaultdict(list)
    for member in members:
        by_group[member.group_id].append(member)
    rows = []
    for group_id, group_members in by_group.items():
        for member in group_members:
            for pk, registered_on in households[group_id]:
                start = max(member.joined_on, registered_on)
                rows.append(ContactAssignment(
                    member=member, household_id=pk, served_from=start, served_until=member.left_on,
                    end_reason=ContactAssignment.EndReason.HANDED_OVER if member.left_on else ""))
            member.card_size = len(households[group_id])
            if member.left_on is None:
                member.duties = DUTIES.format(n=member.card_size, due=DUE_DAY)
    bulk_create_with_history(rows, ContactAssignment, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    current = [m for m in members if m.left_on is None]
    AssociationMember.objects.bulk_update(current, ["duties"], batch_size=BATCH)
    return len(rows)


def _write_feedback(members: list[AssociationMember], rng: random.Random) -> int:
    reports, notes = [], []
    card = defaultdict(list)
    for member_id, household_id in (ContactAssignment.objects.filter(member__in=members)
                                    .values_list("member_id", "household_id")):
        card[member_id].append(household_id)
    for member in members:
        late_share, missing_share = (0.2, 0.1) if member.village.name == DAQI else (0.083, 0.041)
        for number in range(1, 13):
            month = datetime.date(DEMO_YEAR, number, 1)
            if not member.on_roll(month_end(month)):
                continue
            draw = rng.random()
            if draw < missing_share:
                continue
            due_on = AssociationYearRules.due_on(month, DUE_DAY)
            if draw < missing_share + late_share:
                received = due_on + datetime.timedelta(days=rng.randint(1, 20))
            else:
                received = _day(rng, month_end(month) - datetime.timedelta(days=4), due_on)
            event = rng.random() < 0.35
            report = MonthlyFeedback(
                member=member, month=month, submitted_on=received, due_on=due_on,
                households_contacted=max(1, round(member.card_size * rng.uniform(0.5, 1.0))),
                changes=rng.choice(CHANGES_EVENTS if event else CHANGES_QUIET), help_needed=rng.choice(HELP))
            reports.append(report)
            if event and card[member.pk]:
                notes.append(FeedbackNote(feedback=report, household_id=rng.choice(card[member.pk]),
                                          note=rng.choice(NOTES)))
    bulk_create_with_history(reports, MonthlyFeedback, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    bulk_create_with_history(notes, FeedbackNote, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    return len(reports) + len(notes)


def _write_meetings(town: Town, rng: random.Random) -> int:
    villages = list(town.villages.order_by("code"))
    meetings = []
    for village in villages:
        for quarter in range(1, 5):
            held_on = datetime.date(DEMO_YEAR, quarter * 3, rng.randint(15, 26))
            meetings.append(Meeting(
                village=village, held_on=held_on, place=rng.choice(PLACES), agenda=AGENDA[quarter],
                minutes=f"会议由协会常务副会长主持。{AGENDA[quarter]}与会会员逐项讨论，一致同意。",
                decisions=DECISIONS[quarter]))
    bulk_create_with_history(meetings, Meeting, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    members = defaultdict(list)
    for member in AssociationMember.objects.filter(village__town=town).order_by("pk"):
        members[member.village_id].append(member)
    rows = []
    for meeting in meetings:
        absent_share = 0.1 if meeting.village.name == DAQI else 0.035
        for member in members[meeting.village_id]:
            if not member.on_roll(meeting.held_on):
                continue
            draw = rng.random()
            status = (MeetingAttendance.Status.ABSENT if draw < absent_share else
                      MeetingAttendance.Status.APOLOGIES if draw < absent_share + 0.08 else
                      MeetingAttendance.Status.PRESENT)
            rows.append(MeetingAttendance(meeting=meeting, member=member, status=status))
    bulk_create_with_history(rows, MeetingAttendance, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    return len(meetings) + len(rows)


def _write_evaluations(town: Town, rng: random.Random) -> int:
    criteria = bulk_create_with_history([
        EvaluationCriterion(town=town, year=DEMO_YEAR, order=i, name=name, max_score=Decimal(top), description=text)
        for i, (name, top, text) in enumerate(CRITERIA, start=1)], EvaluationCriterion,
        default_date=_aware(datetime.date(DEMO_YEAR, 1, 10)))
    rules = AssociationYearRules.objects.get(town=town, year=DEMO_YEAR)
    members = list(AssociationMember.objects.filter(village__town=town, left_on__isnull=True)
                   .select_related("village").order_by("pk"))
    feedback, attendance = _member_records(town)
    evaluations, scores = [], []
    for member in members:
        on_time, expected = feedback.get(member.pk, (0, 0))
        present, apologies, recorded = attendance.get(member.pk, (0, 0, 0))
        shares = [rng.uniform(0.72, 1.0), on_time / expected if expected else 1,
                  (present + apologies / 2) / recorded if recorded else 1, rng.uniform(0.6, 1.0),
                  rng.uniform(0.65, 1.0)]
        values = [(Decimal(c.max_score) * Decimal(s)).quantize(Decimal("0.5"), rounding=ROUND_HALF_UP)
                  for c, s in zip(criteria, shares, strict=True)]
        total, maximum = sum(values), sum(c.max_score for c in criteria)
        evaluation = MemberEvaluation(member=member, year=DEMO_YEAR, total=total, max_total=maximum,
                                      grade=rules.grade_for(total * 100 / maximum), evaluated_on=EVALUATED_ON,
                                      comment="")
        evaluations.append(evaluation)
        scores.append(values)
    bulk_create_with_history(evaluations, MemberEvaluation, batch_size=BATCH, default_date=_aware(EVALUATED_ON))
    bulk_create_with_history([
        EvaluationScore(evaluation=e, criterion=c, score=v)
        for e, values in zip(evaluations, scores, strict=True)
        for c, v in zip(criteria, values, strict=True)], EvaluationScore, batch_size=BATCH,
        default_date=_aware(EVALUATED_ON))
    awards = _awards(evaluations)
    bulk_create_with_history(awards, Award, batch_size=BATCH, default_date=_aware(EVALUATED_ON))
    return len(criteria) + len(evaluations) * (1 + len(criteria)) + len(awards)


def _member_records(town: Town) -> tuple[dict, dict]:
    feedback = defaultdict(lambda: [0, 0])
    for member_id, submitted_on, due_on in (MonthlyFeedback.objects.filter(member__village__town=town,
                                                                           month__year=DEMO_YEAR)
                                            .values_list("member_id", "submitted_on", "due_on")):
        feedback[member_id][0] += submitted_on <= due_on
    for member in AssociationMember.objects.filter(village__town=town, left_on__isnull=True):
        feedback[member.pk][1] = sum(1 for n in range(1, 13)
                                     if member.on_roll(month_end(datetime.date(DEMO_YEAR, n, 1))))
    attendance = defaultdict(lambda: [0, 0, 0])
    for member_id, status in (MeetingAttendance.objects.filter(meeting__village__town=town)
                              .values_list("member_id", "status")):
        attendance[member_id][0] += status == MeetingAttendance.Status.PRESENT
        attendance[member_id][1] += status == MeetingAttendance.Status.APOLOGIES
        attendance[member_id][2] += 1
    return dict(feedback), dict(attendance)


def _awards(evaluations: list[MemberEvaluation]) -> list[Award]:
    """Each village's best member, if graded excellent: a 200-yuan bonus, or a keepsake below 95 points."""
    best = {}
    for evaluation in evaluations:
        village_id = evaluation.member.village_id
        if evaluation.grade == MemberEvaluation.Grade.EXCELLENT and (
                village_id not in best or evaluation.total > best[village_id].total):
            best[village_id] = evaluation
    awards = []
    for evaluation in best.values():
        if evaluation.total >= 95:
            awards.append(Award(evaluation=evaluation, kind=Award.Kind.BONUS, amount=Decimal(200),
                                awarded_on=EVALUATED_ON, note="年度优秀会员奖金"))
        else:
            awards.append(Award(evaluation=evaluation, kind=Award.Kind.KEEPSAKE, keepsake="荣誉证书和保温杯",
                                awarded_on=EVALUATED_ON, note="年度优秀会员纪念品"))
    return awards
