"""Help for families in difficulty: school fees, hardship grants, the pairing of a cadre or association member
with a family, and the families taking part in an assistance project (such as a village's seedling base).

A family's way out of poverty is not kept here: it is the household's poverty status in the registry
(members.Household.poverty and poverty_since, with their history), which recording the outcome sets. A record
given by mistake is voided (a date and a reason), never deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from services.models.funding import Fundraising
from services.models.sites import MONEY
from villages.models import Appointment, Town, Village


class AssistanceKind(models.TextChoices):
    SCHOOL_FEES = "school_fees", _("school fees")
    HARDSHIP_GRANT = "hardship_grant", _("hardship grant")
    PAIRING = "pairing", _("pairing with a family")
    PROJECT = "project", _("taking part in a project")


# Kinds given as money on a day; a pairing and a project's participation run from a day until another.
MONEY_KINDS = (AssistanceKind.SCHOOL_FEES, AssistanceKind.HARDSHIP_GRANT)


class AssistanceProject(models.Model):
    """A village's project that helps families out of difficulty (a seedling base, a breeding cooperative), with
    the households taking part (Assistance records of kind `project`)."""

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="assistance_projects")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="assistance_projects")
    name = models.CharField(_("name of the project"), max_length=100)
    started_on = models.DateField(pgettext_lazy("of a project", "started on"))
    ended_on = models.DateField(pgettext_lazy("of a project", "ended on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("assistance project")
        verbose_name_plural = _("assistance projects")
        ordering = ["village__code", "-started_on", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            name="assistance_project_ends_after_start")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:assistance_project", kwargs={"pk": self.pk})


class Assistance(models.Model):
    """Help given to a household: money for school fees (with the children it kept in school) or a hardship grant
    on a day, possibly paid from a fundraising drive; a pairing with a cadre or member from a day until another;
    or taking part in a project from the day the household joined until it left."""

    Kind = AssistanceKind

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    # Denormalised from the household, so the records are scoped like the other services' records.
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="assistance")
    household = models.ForeignKey("members.Household", verbose_name=_("household"), on_delete=models.PROTECT,
                                  related_name="assistance")
    kind = models.CharField(_("kind of assistance"), max_length=16, choices=AssistanceKind.choices)
    given_on = models.DateField(_("date"), help_text=_("The day the money was given, or the pairing or the "
                                                       "participation began."))
    until = models.DateField(pgettext_lazy("last day", "until"), null=True, blank=True,
                             help_text=_("The last day of a pairing or of the participation in a project."))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, null=True, blank=True)
    project = models.ForeignKey(AssistanceProject, verbose_name=_("project"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="participants")
    fundraising = models.ForeignKey(Fundraising, verbose_name=_("paid from the fundraising"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="assistance")
    helper_name = models.CharField(_("who helped"), max_length=100, blank=True,
                                   help_text=_("The cadre, member or unit that helped."))
    helper_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("helper's account"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    helper_appointment = models.ForeignKey(Appointment, verbose_name=_("helper's post"), on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    children = models.ManyToManyField("members.Person", verbose_name=_("children kept in school"), blank=True,
                                      related_name="school_fee_assistance")
    note = models.CharField(_("note"), max_length=200, blank=True)
    voided_on = models.DateField(_("voided on"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["-given_on", "pk"]
        indexes = [models.Index(fields=["town", "given_on"], name="assistance_town_date")]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=models.F("given_on")),
                                   name="assistance_until_after_start"),
            models.CheckConstraint(condition=Q(kind="project", project__isnull=False)
                                   | (~Q(kind="project") & Q(project__isnull=True)),
                                   name="assistance_project_for_its_kind"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0),
                                   name="assistance_amount_positive"),
            models.CheckConstraint(condition=Q(voided_on__isnull=True) | ~Q(void_reason=""),
                                   name="assistance_void_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.given_on}"

    def get_absolute_url(self) -> str:
        return reverse("services:assistance_household", kwargs={"pk": self.household_id})

    @property
    def is_voided(self) -> bool:
        return self.voided_on is not None
