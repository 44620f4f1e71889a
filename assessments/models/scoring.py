"""Assessments of a village (or its association) for a period, item by item, with evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models.schemes import POINTS, DeductionRule, GradeBand, Item, PeriodCode, Scheme, Veto
from villages.models import Village
from villages.periods import Period
from villages.uploads import UploadKinds

EVIDENCE_UPLOAD = "assessments/evidence/%Y/"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SELF_SCORED = "self_scored", _("self-scored by the village")
        SCORED = "scored", _("scored by the town")
        RETURNED = "returned", _("returned")
        REOPENED = "reopened", _("item reopened")
        REVIEWED = "reviewed", _("reviewed")
        PUBLISHED = "published", _("published")

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="assessments")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=4, choices=PeriodCode.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField(_("self-assessed total"), **POINTS, null=True, blank=True)
    total = models.DecimalField(_("total"), **POINTS, null=True, blank=True)
    grade = models.ForeignKey(
        GradeBand, verbose_name=_("grade"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank in the town"), null=True, blank=True)
    vetoed = models.BooleanField(_("one-vote veto applied"), default=False)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    submitted_at = models.DateTimeField(_("self-score submitted at"), null=True, blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["scheme", "period", "rank", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "village", "period"], name="one_assessment_per_village_period"),
        ]
        indexes = [models.Index(fields=["scheme", "period", "status"], name="assessment_period_status")]

    def __str__(self):
        return f"{self.village} {self.scheme.year} {self.get_period_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def full_period(self) -> Period:
        """The period in the house's one spelling: 2025Q3, or 2025 for the year end."""
        return PeriodCode(self.period).in_year(self.scheme.year)


class ItemScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="item_scores"
    )
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(_("self-assessed points"), **POINTS, null=True, blank=True)
    self_note = models.TextField(_("village's note"), blank=True)
    points = models.DecimalField(_("points"), **POINTS, null=True, blank=True)
    note = models.TextField(_("assessor's note"), blank=True)
    figure = models.DecimalField(_("computed figure"), max_digits=7, decimal_places=4, null=True, blank=True)
    figure_display = models.CharField(_("figure"), max_length=60, blank=True)
    records = models.TextField(_("records behind the figure"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scored by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    reopened = models.BooleanField(_("reopened"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["assessment", "item__block__order", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=Q(points__gte=0), name="item_points_not_negative"),
            models.CheckConstraint(condition=Q(self_points__gte=0), name="item_self_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.assessment} {self.item}"

    @property
    def lost_points(self):
        if self.points is None:
            return None
        return self.item.max_points - self.points


class Evidence(models.Model):
    """A file uploaded, or a link to the records, that backs a deduction or a veto."""

    evidence_file = models.FileField(_("evidence file"), upload_to=EVIDENCE_UPLOAD, blank=True,
                                     validators=[UploadKinds()])
    evidence_link = models.CharField(_("link to the records"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file) or bool(self.evidence_link)


class Deduction(Evidence):
    item_score = models.ForeignKey(
        ItemScore, verbose_name=_("item score"), on_delete=models.CASCADE, related_name="deductions"
    )
    rule = models.ForeignKey(
        DeductionRule, verbose_name=_("deduction rule"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    points = models.DecimalField(_("points deducted"), **POINTS)
    note = models.TextField(_("reason for the deduction"))
    is_active = models.BooleanField(_("in force"), default=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["item_score", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="deduction_points_positive"),
            models.CheckConstraint(condition=~Q(note=""), name="deduction_states_reason"),
            models.CheckConstraint(
                condition=~Q(evidence_file="") | ~Q(evidence_link=""), name="deduction_has_evidence"
            ),
            models.CheckConstraint(
                condition=Q(is_active=True) | ~Q(withdrawn_reason=""), name="deduction_withdrawal_states_reason"
            ),
        ]

    def __str__(self):
        return f"-{self.points} {self.note[:30]}"


class VetoFinding(Evidence):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="veto_findings"
    )
    veto = models.ForeignKey(Veto, verbose_name=_("one-vote veto"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("finding"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veto finding")
        verbose_name_plural = _("veto findings")
        ordering = ["assessment", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "veto"], name="one_finding_per_veto"),
            models.CheckConstraint(condition=~Q(note=""), name="veto_finding_states_reason"),
            models.CheckConstraint(
                condition=~Q(evidence_file="") | ~Q(evidence_link=""), name="veto_finding_has_evidence"
            ),
        ]

    def __str__(self):
        return f"{self.assessment} {self.veto}"


class AssessmentEvent(models.Model):
    """One step of the workflow, visible to the village and the town alike."""

    class Action(models.TextChoices):
        OPENED = "opened", _("opened")
        SELF_SCORED = "self_scored", _("self-scored an item")
        SUBMITTED = "submitted", _("submitted the self-assessment")
        COMPUTED = "computed", _("computed from the records")
        SCORED = "scored", _("scored")
        DEDUCTION_WITHDRAWN = "deduction_withdrawn", _("withdrew a deduction")
        VETOED = "vetoed", _("applied a one-vote veto")
        RETURNED = "returned", _("returned")
        REOPENED = "reopened", _("reopened an item")
        REVIEWED = "reviewed", _("reviewed")
        PUBLISHED = "published", _("published")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")
        ordering = ["assessment", "at", "pk"]

    def __str__(self):
        return f"{self.assessment} {self.get_action_display()}"
