"""The association's year: the town's rules and criteria, monthly feedback, meetings, evaluations, awards."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

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
    MonthlyFeedback,
)
from association.queries import year_rules
from villages.locking import claim
from villages.models import Town, User, Village
from villages.periods import LAST_YEAR, month_end
from villages.roles import may_change_village, require_may_change, require_town_office

RULE_FIELDS = ("feedback_due_day", "excellent_from", "good_from", "pass_from", "excellent_coverage",
               "excellent_on_time", "excellent_attendance", "excellent_meetings")


@transaction.atomic
def set_year_rules(*, town: Town, year: int, by: User | None, **fields) -> AssociationYearRules:
    """The town's rules for a year; a new due day moves the due dates of that year's feedback with it."""
    require_town_office(by, town.pk)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not a rule: {sorted(unknown)}")
    if year >= LAST_YEAR:  # December's feedback is due in the January after: a date the year after must exist
        raise ValidationError({"year": MaxValueValidator(LAST_YEAR - 1).message % {"limit_value": LAST_YEAR - 1}})
    rules = AssociationYearRules.objects.select_for_update().filter(town=town, year=year).first()
    rules = rules or AssociationYearRules(town=town, year=year)
    old_due_day = rules.feedback_due_day if rules.pk else None
    for field, value in fields.items():
        setattr(rules, field, value)
    rules._history_user = by
    rules.full_clean()
    if not rules.pass_from <= rules.good_from <= rules.excellent_from:
        raise ValidationError({"good_from": _("The grade bands must rise: pass ≤ good ≤ excellent.")})
    rules.save()
    if rules.feedback_due_day != (old_due_day or AssociationYearRules.DEFAULT_DUE_DAY):
        for number in range(1, 13):
            month = datetime.date(year, number, 1)
            MonthlyFeedback.objects.filter(member__village__town=town, month=month).update(
                due_on=AssociationYearRules.due_on(month, rules.feedback_due_day))
    return rules


@transaction.atomic
def save_criteria(*, town: Town, year: int, rows: list[dict], by: User | None) -> list[EvaluationCriterion]:
    """Add, change or remove the year's evaluation criteria (a criterion already scored stays).

    Each row is a criterion's fields, with `pk` to change an existing one and `delete` to remove it.
    """
    require_town_office(by, town.pk)
    existing = {c.pk: c for c in EvaluationCriterion.objects.select_for_update().filter(town=town, year=year)}
    saved, removed = [], set()
    for row in rows:
        criterion = existing.get(row.get("pk")) or EvaluationCriterion(town=town, year=year)
        if row.get("delete"):
            if criterion.pk:
                _delete_criterion(criterion)
                removed.add(criterion.pk)
            continue
        for field in ("name", "max_score", "description", "order"):
            if field in row:
                setattr(criterion, field, row[field])
        criterion.full_clean(validate_constraints=False)
        saved.append(criterion)
    untouched = [c for pk, c in existing.items() if pk not in removed and pk not in {c.pk for c in saved}]
    names = [c.name for c in saved + untouched]
    if len(set(names)) != len(names):
        raise ValidationError({"name": _("Two criteria of the year have the same name.")})
    for criterion in saved:
        criterion.save()
    return saved


def _delete_criterion(criterion: EvaluationCriterion) -> None:
    try:
        with transaction.atomic():
            criterion.delete()
    except ProtectedError:
        raise ValidationError({"name": _("“%(name)s” has been used in evaluations and cannot be removed.")
                               % {"name": criterion.name}}) from None


def _may_report_for(by: User | None, member: AssociationMember) -> bool:
    """A member reports for themselves; the village's specialist and the town office on their behalf."""
    if by is None:
        return True
    if member.user_id and member.user_id == by.pk and by.is_active:
        return True
    return may_change_village(by, member.village)


@transaction.atomic
def submit_feedback(*, member: AssociationMember, month: datetime.date, households_contacted: int, changes: str,
                    by: User | None, help_needed: str = "", notes: dict[int, str] | None = None,
                    received_on: datetime.date | None = None, version: int | None = None) -> MonthlyFeedback:
    """A member's monthly report, new or corrected.

    Due by the town's due day of the following month; a report received later counts as late. A
    member may correct their own report until it is due; the specialist corrects it afterwards.
    The date received is the day it reached the village (the specialist may enter a paper report's date).
    """
    if not _may_report_for(by, member):
        raise PermissionDenied(_("You may not report for this member."))
    today = timezone.localdate()
    month = month.replace(day=1)
    by_member = by is not None and member.user_id == by.pk
    received_on = today if by_member or received_on is None else received_on
    _check_month(member, month, today, received_on)
    feedback = MonthlyFeedback.objects.filter(member=member, month=month).first()
    if feedback is not None:
        feedback = claim(feedback, version)
        if by_member and today > feedback.due_on:
            raise ValidationError(_("This report was due on %(date)s and can no longer be changed here; "
                                    "ask your specialist to correct it.") % {"date": feedback.due_on.isoformat()})
    else:
        rules = year_rules(member.village.town_id, month.year)
        feedback = MonthlyFeedback(member=member, month=month, submitted_on=received_on, submitted_by=by,
                                   due_on=AssociationYearRules.due_on(month, rules.feedback_due_day))
    feedback.households_contacted, feedback.changes, feedback.help_needed = households_contacted, changes, help_needed
    feedback._history_user = by
    feedback.full_clean(validate_constraints=False)
    feedback.save()
    if notes is not None:
        _replace_notes(feedback, notes, by)
    return feedback


def _check_month(member: AssociationMember, month: datetime.date, today: datetime.date, received_on) -> None:
    if month > today:
        raise ValidationError({"month": _("This month has not begun yet.")})
    if received_on > today:
        raise ValidationError({"received_on": _("This date is in the future.")})
    if received_on < month:
        raise ValidationError({"received_on": _("A report cannot arrive before its month began.")})
    last_day = min(month_end(month), today)
    if not member.on_roll(last_day):
        raise ValidationError({"month": _("%(name)s was not on the association's roll at the end of this month.")
                               % {"name": member.name}})


def _replace_notes(feedback: MonthlyFeedback, notes: dict[int, str], by: User | None) -> None:
    notes = {int(pk): text.strip() for pk, text in notes.items() if text and text.strip()}
    served = set(ContactAssignment.objects.filter(member=feedback.member, served_from__lte=month_end(feedback.month))
                 .exclude(served_until__lt=feedback.month).values_list("household_id", flat=True))
    strangers = set(notes) - served
    if strangers:
        raise ValidationError({"notes": _("Notes can only be about households on the member's card that month.")})
    _keep_rows(feedback.notes.all(), "household_id", notes, "note",
               lambda pk, text: FeedbackNote(feedback=feedback, household_id=pk, note=text), by)


def _keep_rows(existing, key: str, wanted: dict, field: str, make, by: User | None) -> None:
    """Bring child rows to `wanted` ({key: value}) one by one, so their history shows every change."""
    rows = {getattr(row, key): row for row in existing}
    for pk, value in wanted.items():
        row = rows.pop(pk, None) or make(pk, value)
        if row.pk is None or getattr(row, field) != value:
            setattr(row, field, value)
            row._history_user = by
            row.save()
    for row in rows.values():
        row._history_user = by
        row.delete()


@transaction.atomic
def record_meeting(*, village: Village, held_on: datetime.date, agenda: str, attendance: dict[int, str],
                   by: User | None, place: str = "", minutes: str = "", decisions: str = "") -> Meeting:
    """A meeting of the village's association, with the attendance of every member on the roll that day."""
    require_may_change(by, village)
    meeting = Meeting(village=village, held_on=held_on, place=place, agenda=agenda, minutes=minutes,
                      decisions=decisions, recorded_by=by)
    _check_meeting(meeting)
    meeting._history_user = by
    meeting.save()
    _write_attendance(meeting, attendance, by)
    return meeting


def _check_meeting(meeting: Meeting) -> None:
    if meeting.held_on and meeting.held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record a meeting once it has been held.")})
    meeting.full_clean()


@transaction.atomic
def update_meeting(*, meeting: Meeting, version: int | None, by: User | None, attendance: dict[int, str] | None = None,
                   **fields) -> Meeting:
    require_may_change(by, meeting.village)
    unknown = set(fields) - {"held_on", "place", "agenda", "minutes", "decisions"}
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(meeting, version)
    for field, value in fields.items():
        setattr(current, field, value)
    _check_meeting(current)
    current._history_user = by
    current.save()
    if attendance is not None or "held_on" in fields:
        if attendance is None:
            attendance = dict(current.attendance.values_list("member_id", "status"))
        _write_attendance(current, attendance, by)
    return current


def _write_attendance(meeting: Meeting, attendance: dict[int, str], by: User | None) -> None:
    expected = dict(AssociationMember.objects.filter(village=meeting.village).current(meeting.held_on)
                    .values_list("pk", "name"))
    attendance = {int(pk): status for pk, status in attendance.items()}
    errors = []
    if set(attendance) - set(expected):
        errors.append(_("Attendance can only be recorded for members on the roll on the day of the meeting."))
    missing = [expected[pk] for pk in expected if pk not in attendance]
    if missing:
        errors.append(_("Record the attendance of every member: %(names)s.") % {"names": "、".join(missing)})
    if set(attendance.values()) - set(MeetingAttendance.Status.values):
        errors.append(_("Attendance is present, sent apologies or absent."))
    if errors:
        raise ValidationError({"attendance": errors})
    _keep_rows(meeting.attendance.all(), "member_id", attendance, "status",
               lambda pk, status: MeetingAttendance(meeting=meeting, member_id=pk, status=status), by)


@transaction.atomic
def evaluate_member(*, member: AssociationMember, year: int, scores: dict[int, Decimal], by: User | None,
                    comment: str = "", evaluated_on: datetime.date | None = None,
                    version: int | None = None) -> MemberEvaluation:
    """Score a member against every criterion the town set for the year; the grade follows the town's bands."""
    require_may_change(by, member.village)
    town_id = member.village.town_id
    criteria = {c.pk: c for c in EvaluationCriterion.objects.filter(town_id=town_id, year=year)}
    if not criteria:
        raise ValidationError(_("The town has not set the evaluation criteria for %(year)s yet.") % {"year": year})
    if member.joined_on.year > year or (member.left_on and member.left_on.year < year):
        raise ValidationError(_("%(name)s was not a member in %(year)s.") % {"name": member.name, "year": year})
    scores = {int(pk): Decimal(str(value)) for pk, value in scores.items()}
    _check_scores(criteria, scores)
    evaluated_on = evaluated_on or timezone.localdate()
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("This date is in the future.")})
    evaluation = MemberEvaluation.objects.filter(member=member, year=year).first()
    evaluation = claim(evaluation, version) if evaluation else MemberEvaluation(member=member, year=year)
    evaluation.total = sum(scores.values(), Decimal(0))
    evaluation.max_total = sum((c.max_score for c in criteria.values()), Decimal(0))
    evaluation.grade = year_rules(town_id, year).grade_for(evaluation.total * 100 / evaluation.max_total)
    awarded = evaluation.pk and Award.objects.filter(evaluation_id=evaluation.pk).exists()
    if awarded and evaluation.grade != MemberEvaluation.Grade.EXCELLENT:
        raise ValidationError(_("This member has an award for %(year)s; an awarded member stays excellent.")
                              % {"year": year})
    evaluation.comment, evaluation.evaluated_on, evaluation.evaluated_by = comment, evaluated_on, by
    evaluation._history_user = by
    evaluation.save()
    _keep_rows(evaluation.scores.all(), "criterion_id", scores, "score",
               lambda pk, score: EvaluationScore(evaluation=evaluation, criterion_id=pk, score=score), by)
    return evaluation


def _check_scores(criteria: dict, scores: dict[int, Decimal]) -> None:
    errors = []
    if set(scores) - set(criteria):
        errors.append(_("Score only the criteria the town set for the year."))
    missing = [c.name for pk, c in criteria.items() if pk not in scores]
    if missing:
        errors.append(_("Score every criterion: %(names)s.") % {"names": "、".join(missing)})
    for pk, score in scores.items():
        if pk in criteria and not Decimal(0) <= score <= criteria[pk].max_score:
            errors.append(_("%(criterion)s is scored from 0 to %(max)s.")
                          % {"criterion": criteria[pk].name, "max": criteria[pk].max_score})
    if errors:
        raise ValidationError({"scores": errors})


@transaction.atomic
def give_award(*, evaluation: MemberEvaluation, kind: str, awarded_on: datetime.date, by: User | None,
               amount: Decimal = Decimal(0), keepsake: str = "", note: str = "") -> Award:
    """Recognise an outstanding member of the year with a bonus or a keepsake."""
    require_may_change(by, evaluation.member.village)
    if evaluation.grade != MemberEvaluation.Grade.EXCELLENT:
        raise ValidationError(_("Awards go to members graded excellent for the year."))
    if Award.objects.filter(evaluation=evaluation).exists():
        raise ValidationError(_("This member already has an award for %(year)s.") % {"year": evaluation.year})
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": _("This date is in the future.")})
    award = Award(evaluation=evaluation, kind=kind, amount=amount or Decimal(0), keepsake=keepsake.strip(),
                  awarded_on=awarded_on, note=note, recorded_by=by)
    if kind == Award.Kind.BONUS and award.amount <= 0:
        raise ValidationError({"amount": _("Enter the bonus in yuan.")})
    if kind == Award.Kind.KEEPSAKE and not award.keepsake:
        raise ValidationError({"keepsake": _("Say which keepsake was given.")})
    award.full_clean(validate_constraints=False)
    award._history_user = by
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:
        raise ValidationError(_("This member already has an award for %(year)s.") % {"year": evaluation.year}) \
            from None
    return award
