from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.rules import validation
from villages.models import Town, Village, VillagerGroup


class HouseholdQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Household.Status.ACTIVE)


class Household(models.Model):
    """A registered household (户) of a village, in one villager group."""

    class HukouType(models.TextChoices):
        RURAL = "rural", _("rural")
        URBAN = "urban", _("urban")

    class Poverty(models.TextChoices):
        NONE = "none", _("not poor")
        POOR = "poor", _("poor household")
        LIFTED = "lifted", _("lifted out of poverty")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("household status", "active")
        MOVED_OUT = "moved_out", _("moved out")
        DISSOLVED = "dissolved", _("dissolved")

    # Denormalised from the village so the database can keep household numbers unique in a town.
    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="households"
    )
    group = models.ForeignKey(
        VillagerGroup, verbose_name=_("villager group"), on_delete=models.PROTECT, related_name="households"
    )
    number = models.CharField(_("household number"), max_length=20)
    address = models.CharField(_("address"), max_length=200, blank=True)
    hukou_type = models.CharField(
        _("hukou type"), max_length=10, choices=HukouType.choices, default=HukouType.RURAL
    )
    poverty = models.CharField(
        _("poverty status"), max_length=10, choices=Poverty.choices, default=Poverty.NONE
    )
    poverty_since = models.DateField(_("poverty status since"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    registered_on = models.DateField(_("registered on"))
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    # Optimistic concurrency: a save must name the version it was edited from.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["town", "number"], name="household_number_unique_in_town"),
            models.CheckConstraint(
                condition=Q(status="active") | (Q(status_changed_on__isnull=False) & ~Q(status_reason="")),
                name="inactive_household_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(poverty="none") | Q(poverty_since__isnull=False),
                name="poverty_status_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["village", "status", "number"], name="household_village_list"),
            models.Index(fields=["group", "status"], name="household_group_status"),
        ]

    def __str__(self):
        return f"{self.number}"

    def clean(self):
        super().clean()
        validation.refuse(*(validation.in_the_past(field, getattr(self, field))
                            for field in ("registered_on", "poverty_since", "status_changed_on")))

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
