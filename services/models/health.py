"""Health campaigns: an examination of the women of chosen villages by a team (county experts), the women invited
from the registry as it stood on the campaign's first day, who came, what was found and how each finding was
followed up until it was closed.

Who was invited to or examined at a campaign and every finding are sensitive personal information: only the town
office and the specialist of the woman's village see them (villages.privacy), everyone else sees counts. The
village of an invitation is the woman's village on the campaign's first day (from the registry's ledger), so a
later move does not move her finding. Nothing is deleted: an invitation is withdrawn, a finding closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models import Person
from villages.models import Town, Village


class CampaignKind(models.TextChoices):
    GYNAECOLOGICAL = "gynaecological", _("gynaecological examination")
    HEALTH_CHECK = "health_check", _("health check of women of childbearing age")
    OTHER = "other", _("other health service")


class TargetGroup(models.TextChoices):
    MARRIED_WOMEN = "married_women", _("married women of childbearing age")


class HealthCampaign(models.Model):
    """A campaign of the town, covering the villages named (every village when none is)."""

    Kind = CampaignKind
    Target = TargetGroup

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="health_campaigns")
    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(pgettext_lazy("where something happens", "place"), max_length=100)
    team = models.CharField(_("team"), max_length=100, help_text=_("Who ran it, e.g. county family planning "
                                                                   "technical experts."))
    target = models.CharField(_("target group"), max_length=16, choices=TargetGroup.choices,
                              default=TargetGroup.MARRIED_WOMEN,
                              help_text=_("Read from the registry as it stood on the campaign's first day."))
    villages = models.ManyToManyField(Village, verbose_name=_("villages"), blank=True, related_name="health_campaigns",
                                      help_text=_("Empty for every village of the town."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("health campaign")
        verbose_name_plural = _("health campaigns")
        ordering = ["-starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="health_campaign_ends_after_start")]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("services:campaign", kwargs={"pk": self.pk})


class Attendance(models.TextChoices):
    EXAMINED = "examined", _("examined")
    ABSENT = "absent", _("did not come")


class CampaignInvitation(models.Model):
    """A woman of the target group invited to a campaign, and whether she came (`attendance`, dated)."""

    Attendance = Attendance

    campaign = models.ForeignKey(HealthCampaign, verbose_name=_("health campaign"), on_delete=models.PROTECT,
                                 related_name="invitations")
    person = models.ForeignKey(Person, verbose_name=pgettext_lazy("of an invitation", "woman"),
                               on_delete=models.PROTECT, related_name="health_invitations")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+",
                                help_text=_("Her village on the campaign's first day."))
    invited_on = models.DateField(_("invited on"))
    attendance = models.CharField(pgettext_lazy("health", "attendance"), max_length=10,
                                  choices=Attendance.choices, blank=True)
    attended_on = models.DateField(_("attendance date"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["campaign", "village__code", "pk"]
        indexes = [models.Index(fields=["campaign", "village"], name="invitation_campaign_village")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="one_invitation_per_woman_and_campaign"),
            models.CheckConstraint(condition=Q(attendance="") | Q(attended_on__isnull=False),
                                   name="invitation_attendance_dated"),
        ]

    def __str__(self):
        return f"{self.campaign.title}: {self.person.name}"


class FindingCategory(models.TextChoices):
    UTERINE_FIBROID = "uterine_fibroid", _("uterine fibroid")
    ENDOCRINE = "endocrine", _("endocrine disorder")
    INFLAMMATION = "inflammation", _("gynaecological inflammation")
    OTHER = "other", pgettext_lazy("finding", "other")


class FindingState(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding", "open")
    REFERRED = "referred", _("referred")
    TREATED = "treated", _("treated")
    CLOSED = "closed", pgettext_lazy("finding", "closed")


STATE_ORDER = {state: index for index, state in enumerate(FindingState.values)}


class Finding(models.Model):
    """Something found at an examination, followed up until it is closed. `state` and `state_since` repeat the
    latest follow-up step (`FollowUp`); the figures read the steps' dates."""

    Category = FindingCategory
    State = FindingState

    invitation = models.ForeignKey(CampaignInvitation, verbose_name=_("invitation"), on_delete=models.PROTECT,
                                   related_name="findings")
    category = models.CharField(_("category"), max_length=16, choices=FindingCategory.choices)
    found_on = models.DateField(_("found on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN)
    state_since = models.DateField(_("state since"))
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = pgettext_lazy("health", "finding")
        verbose_name_plural = pgettext_lazy("health", "findings")
        ordering = ["invitation__campaign", "found_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(state_since__gte=models.F("found_on")),
                                              name="finding_state_after_found")]

    def __str__(self):
        return f"{self.get_category_display()} {self.found_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("services:finding", kwargs={"pk": self.pk})


class FollowUp(models.Model):
    """A step of a finding's follow-up: open (when found), referred, treated, closed, each dated."""

    finding = models.ForeignKey(Finding, verbose_name=pgettext_lazy("health", "finding"), on_delete=models.PROTECT,
                                related_name="steps")
    state = models.CharField(_("state"), max_length=10, choices=FindingState.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
        ordering = ["finding", "on", "pk"]
        constraints = [models.UniqueConstraint(fields=["finding", "state"], name="one_follow_up_step_per_state")]

    def __str__(self):
        return f"{self.get_state_display()} {self.on:%Y-%m-%d}"
