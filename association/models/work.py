"""The association's work through the year: monthly feedback, quarterly meetings, year-end evaluation.

The town sets, per year, the day of the following month by which a month's feedback is due,
the criteria members are scored against, the grade bands and what makes a village's
association "excellent" (`AssociationYearRules`, `EvaluationCriterion`).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from association.models.members import AssociationMember
from members.models import Household
from villages.models import Town, Village

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class AssociationYearRules(models.Model):
    """What the town sets for its associations' year."""

    DEFAULT_DUE_DAY = 5

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    feedback_due_day = models.PositiveSmallIntegerField(
        _("monthly feedback due by this day of the following month"), default=DEFAULT_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    excellent_from = models.PositiveSmallIntegerField(_("grade excellent from (percent of the maximum)"), default=90,
                                                      validators=PERCENT)
    good_from = models.PositiveSmallIntegerField(_("grade good from (percent of the maximum)"), default=75,
                                                 validators=PERCENT)
    pass_from = models.PositiveSmallIntegerField(_("grade pass from (percent of the maximum)"), default=60,
                                                 validators=PERCENT)
    excellent_coverage = models.PositiveSmallIntegerField(
        _("excellent association: households with a contact member at least (%)"), default=95, validators=PERCENT)
    excellent_on_time = models.PositiveSmallIntegerField(
        _("excellent association: feedback on time at least (%)"), default=85, validators=PERCENT)
    excellent_attendance = models.PositiveSmallIntegerField(
        _("excellent association: meeting attendance at least (%)"), default=80, validators=PERCENT)
    excellent_meetings = models.PositiveSmallIntegerField(
        _("excellent association: meetings held at least"), default=4, validators=[MaxValueValidator(12)])
    history = HistoricalRecords(table_name="members_historicalassociationyearrules")

    class Meta:
        db_table = "members_associationyearrules"
        verbose_name = _("association rules for a year")
        verbose_name_plural = _("association rules for a year")
        ordering = ["town__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="one_rules_row_per_town_and_year"),
            models.CheckConstraint(condition=Q(feedback_due_day__gte=1, feedback_due_day__lte=28),
                                   name="feedback_due_day_in_month"),
            models.CheckConstraint(
                condition=Q(pass_from__lte=F("good_from"), good_from__lte=F("excellent_from"),
                            excellent_from__lte=100),
                name="grade_bands_ascend",
            ),
        ]

    def __str__(self):
        return f"{self.town} {self.year}"

    @staticmethod
    def due_on(month: datetime.date, due_day: int) -> datetime.date:
        """The day a month's feedback is due: `due_day` of the following month."""
        year, number = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
        return datetime.date(year, number, due_day)

    def grade_for(self, percent: Decimal) -> str:
        if percent >= self.excellent_from:
            return MemberEvaluation.Grade.EXCELLENT
        if percent >= self.good_from:
            return MemberEvaluation.Grade.GOOD
        if percent >= self.pass_from:
            return MemberEvaluation.Grade.PASS
        return MemberEvaluation.Grade.FAIL


class EvaluationCriterion(models.Model):
    """One item of the year-end evaluation the town sets for the year, with its maximum score."""

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("criterion"), max_length=100)
    description = models.TextField(_("how it is scored"), blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=5, decimal_places=1,
                                    validators=[MinValueValidator(Decimal("0.5"))])
    history = HistoricalRecords(table_name="members_historicalevaluationcriterion")

    class Meta:
        db_table = "members_evaluationcriterion"
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["town__code", "-year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year", "name"], name="criterion_name_unique_in_year"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_score_positive"),
        ]

    def __str__(self):
        return f"{self.year} {self.name} ({self.max_score})"


class MonthlyFeedback(models.Model):
    """A member's report for a month on the households they contact (会员信息反馈).

    `due_on` is fixed from the town's rules when the report is made (and moved with them if the
    town changes its due day); a report received after it is late.
    """

    member = models.ForeignKey(
        AssociationMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="feedback"
    )
    month = models.DateField(_("month"))
    households_contacted = models.PositiveSmallIntegerField(_("households contacted"))
    changes = models.TextField(_("what changed in the households"))
    help_needed = models.TextField(_("help needed"), blank=True)
    submitted_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"],
                                table_name="members_historicalmonthlyfeedback")

    class Meta:
        db_table = "members_monthlyfeedback"
        verbose_name = _("monthly feedback")
        verbose_name_plural = _("monthly feedback")
        ordering = ["-month", "member__village__code", "member__group__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="one_feedback_per_member_and_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="feedback_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["month", "member"], name="feedback_month_member")]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m}"

    @property
    def is_late(self) -> bool:
        return self.submitted_on > self.due_on


class FeedbackNote(models.Model):
    """An optional note on one household in a month's feedback."""

    feedback = models.ForeignKey(
        MonthlyFeedback, verbose_name=_("monthly feedback"), on_delete=models.CASCADE, related_name="notes"
    )
    household = models.ForeignKey(Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"))
    history = HistoricalRecords(table_name="members_historicalfeedbacknote")

    class Meta:
        db_table = "members_feedbacknote"
        verbose_name = _("household note")
        verbose_name_plural = _("household notes")
        ordering = ["household__number"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "household"], name="one_note_per_household_in_feedback"),
        ]

    def __str__(self):
        return f"{self.feedback} {self.household}"


class Meeting(models.Model):
    """A quarterly (or extra) meeting of a village's association."""

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="association_meetings"
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"],
                                table_name="members_historicalmeeting")

    class Meta:
        db_table = "members_meeting"
        verbose_name = _("association meeting")
        verbose_name_plural = _("association meetings")
        ordering = ["-held_on", "village__code", "pk"]
        indexes = [models.Index(fields=["village", "held_on"], name="meeting_village_date")]

    def __str__(self):
        return f"{self.village} {self.held_on}"

    @property
    def quarter(self) -> int:
        return (self.held_on.month - 1) // 3 + 1


class MeetingAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        APOLOGIES = "apologies", _("sent apologies")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        AssociationMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    history = HistoricalRecords(table_name="members_historicalmeetingattendance")

    class Meta:
        db_table = "members_meetingattendance"
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        ordering = ["member__group__number", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member_and_meeting"),
        ]

    def __str__(self):
        return f"{self.meeting} {self.member} {self.get_status_display()}"


class MemberEvaluation(models.Model):
    """A member's year-end evaluation: scores against the town's criteria for the year, and a grade."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        GOOD = "good", _("good")
        PASS = "pass", _("pass")
        FAIL = "fail", _("fail")

    member = models.ForeignKey(
        AssociationMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=1)
    max_total = models.DecimalField(_("maximum total"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"))
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"],
                                table_name="members_historicalmemberevaluation")

    class Meta:
        db_table = "members_memberevaluation"
        verbose_name = _("member evaluation")
        verbose_name_plural = _("member evaluations")
        ordering = ["-year", "member__village__code", "member__group__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_evaluation_per_member_and_year"),
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=F("max_total")),
                                   name="evaluation_total_within_maximum"),
        ]

    def __str__(self):
        return f"{self.member} {self.year} {self.get_grade_display()}"

    @property
    def percent(self) -> Decimal:
        return (self.total * 100 / self.max_total).quantize(Decimal("0.1")) if self.max_total else Decimal(0)


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(
        MemberEvaluation, verbose_name=_("member evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        EvaluationCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    history = HistoricalRecords(table_name="members_historicalevaluationscore")

    class Meta:
        db_table = "members_evaluationscore"
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion.name} {self.score}"


class Award(models.Model):
    """The recognition of an outstanding member for a year: a bonus or a keepsake."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("bonus")
        KEEPSAKE = "keepsake", _("keepsake")

    evaluation = models.OneToOneField(
        MemberEvaluation, verbose_name=_("member evaluation"), on_delete=models.PROTECT, related_name="award"
    )
    kind = models.CharField(_("award"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("bonus (yuan)"), max_digits=8, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    keepsake = models.CharField(_("keepsake given"), max_length=100, blank=True)
    awarded_on = models.DateField(_("awarded on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    history = HistoricalRecords(table_name="members_historicalaward")

    class Meta:
        db_table = "members_award"
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="bonus") & Q(amount__gt=0)) | (Q(kind="keepsake") & ~Q(keepsake="")),
                name="award_names_bonus_or_keepsake",
            ),
        ]

    def __str__(self):
        return f"{self.evaluation.member} {self.get_kind_display()}"
