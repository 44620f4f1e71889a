"""What follows from results: responsibility books, rectification follow-ups, supervision visits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models.schemes import POINTS, Item, Scheme
from assessments.models.scoring import Assessment
from villages.models import Designation, Village


class ResponsibilityBook(models.Model):
    """The target responsibility book a village signs with the town for a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")

    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    rewards_agreed = models.TextField(_("rewards agreed"), blank=True)
    penalties_agreed = models.TextField(_("penalties agreed"), blank=True)
    town_signatory = models.CharField(_("signed for the town by"), max_length=50, blank=True)
    village_signatory = models.CharField(_("signed for the village by"), max_length=50, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    checked_at = models.DateTimeField(_("targets checked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target responsibility book")
        verbose_name_plural = _("target responsibility books")
        ordering = ["-year", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="one_responsibility_book_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(signed_on__isnull=False) & ~Q(town_signatory="") & ~Q(village_signatory="")),
                name="signed_book_names_signatories",
            ),
        ]

    def __str__(self):
        return f"{self.village} {self.year} {self.title}"


class ResponsibilityTarget(models.Model):
    class Measure(models.TextChoices):
        TOTAL_AT_LEAST = "total_at_least", _("year-end total at least")
        ITEM_AT_LEAST = "item_at_least", _("year-end points of an item at least")
        NO_VETO = "no_veto", _("no one-vote veto")
        DESIGNATED = "designated", _("designated demonstration or qualified village")

    book = models.ForeignKey(
        ResponsibilityBook, verbose_name=_("responsibility book"), on_delete=models.CASCADE, related_name="targets"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("target"), max_length=300)
    measure = models.CharField(_("checked by"), max_length=20, choices=Measure.choices)
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    threshold = models.DecimalField(_("threshold"), **POINTS, null=True, blank=True)
    met = models.BooleanField(_("met"), null=True, blank=True)
    checked_figure = models.CharField(_("year-end figure"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility target")
        verbose_name_plural = _("responsibility targets")
        ordering = ["book", "order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure__in=["total_at_least", "item_at_least"]) | Q(threshold__isnull=False),
                name="target_threshold_given",
            ),
            models.CheckConstraint(
                condition=~Q(measure="item_at_least") | Q(item__isnull=False), name="item_target_names_item"
            ),
        ]

    def __str__(self):
        return self.title


class RectificationFollowUp(models.Model):
    """A follow-up of a lagging village's rectification plan and its one-two-three-year targets."""

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("on track")
        BEHIND = "behind", _("behind")
        MET = "met", _("target met")

    designation = models.ForeignKey(
        Designation, verbose_name=_("designation"), on_delete=models.PROTECT, related_name="+"
    )
    followed_up_on = models.DateField(_("followed up on"))
    progress = models.CharField(_("progress"), max_length=10, choices=Progress.choices)
    note = models.TextField(_("what was found"))
    next_steps = models.TextField(_("next steps"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification follow-up")
        verbose_name_plural = _("rectification follow-ups")
        ordering = ["designation", "followed_up_on"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="follow_up_states_finding")]

    def __str__(self):
        return f"{self.designation} {self.followed_up_on}"


class SupervisionVisit(models.Model):
    class Kind(models.TextChoices):
        ROUTINE = "routine", _("routine supervision")
        ON_SITE_MEETING = "on_site_meeting", _("on-site supervision meeting")
        SPECIAL = "special", _("special inspection")

    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited on"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ROUTINE)
    visitors = models.CharField(_("visitors"), max_length=200)
    findings = models.TextField(_("findings"))
    follow_up = models.TextField(_("follow-up required"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    follow_up_result = models.TextField(_("result of the follow-up"), blank=True)
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(findings=""), name="visit_states_findings"),
            models.CheckConstraint(
                condition=Q(follow_up_done_on__isnull=True) | ~Q(follow_up_result=""),
                name="follow_up_done_states_result",
            ),
        ]

    def __str__(self):
        return f"{self.village} {self.visited_on}"
