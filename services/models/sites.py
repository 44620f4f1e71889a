"""The places of family services: the town's service centre, the villages' service rooms, population schools,
association activity rooms and the three notice columns, with their state through time and the money put in.

A site's state is dated (`SiteStateChange`): the figures read the state a site was in on a day from those
changes, never from its state today. `state` and `state_since` on the site repeat its latest change.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from villages.models import Town, Village

MONEY = {"max_digits": 12, "decimal_places": 2}


class SiteKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("town service centre")
    SERVICE_ROOM = "service_room", _("village service room")
    POPULATION_SCHOOL = "population_school", _("population school")
    ACTIVITY_ROOM = "activity_room", _("association activity room")
    NOTICE_ASSOCIATION = "notice_association", _("notice column: association activities")
    NOTICE_POLICY = "notice_policy", _("notice column: policy publicity")
    NOTICE_AFFAIRS = "notice_affairs", _("notice column: village affairs")


TOWN_KINDS = (SiteKind.SERVICE_CENTRE,)
VILLAGE_KINDS = tuple(kind for kind in SiteKind if kind not in TOWN_KINDS)


class SiteState(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_USE = "in_use", _("in use")
    NEEDS_REPAIR = "needs_repair", _("needs repair")
    CLOSED = "closed", _("closed")


class ServiceSite(models.Model):
    """A service site of the town (village empty) or of a village."""

    Kind = SiteKind
    State = SiteState

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="service_sites")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="service_sites", help_text=_("Empty for the town's own site."))
    kind = models.CharField(_("kind"), max_length=24, choices=SiteKind.choices)
    name = models.CharField(pgettext_lazy("of a place", "name"), max_length=100)
    state = models.CharField(_("state"), max_length=16, choices=SiteState.choices, default=SiteState.IN_USE)
    state_since = models.DateField(_("state since"))
    equipment = models.TextField(_("equipment"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("service site")
        verbose_name_plural = _("service sites")
        ordering = ["town__code", "village__code", "kind", "name", "pk"]
        indexes = [models.Index(fields=["town", "village", "kind"], name="site_town_village_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:site", kwargs={"pk": self.pk})


class SiteStateChange(models.Model):
    """A site's state from a day on: planned, in use, needs repair, closed."""

    site = models.ForeignKey(ServiceSite, verbose_name=_("site"), on_delete=models.PROTECT, related_name="changes")
    state = models.CharField(_("state"), max_length=16, choices=SiteState.choices)
    changed_on = models.DateField(_("changed on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site state change")
        verbose_name_plural = _("site state changes")
        ordering = ["site", "changed_on", "pk"]

    def __str__(self):
        return f"{self.site} {self.get_state_display()} {self.changed_on}"


class InvestmentSource(models.TextChoices):
    TOWN_BUDGET = "town_budget", _("town budget")
    GRANT = "grant", _("county or provincial grant")
    VILLAGE_COLLECTIVE = "village_collective", _("village collective share for self-government")
    ASSOCIATION_FUND = "association_fund", _("association fund")
    DONATION = "donation", _("donation")


class SiteInvestment(models.Model):
    """Money put into a site: building, repairs, equipment."""

    Source = InvestmentSource

    site = models.ForeignKey(ServiceSite, verbose_name=_("site"), on_delete=models.PROTECT, related_name="investments")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=24, choices=InvestmentSource.choices)
    invested_on = models.DateField(_("invested on"))
    purpose = models.CharField(_("purpose"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("site investment")
        verbose_name_plural = _("site investments")
        ordering = ["-invested_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="site_investment_amount_positive")]

    def __str__(self):
        return f"{self.site} {self.amount} {self.invested_on}"

    def get_absolute_url(self) -> str:
        return reverse("services:site", kwargs={"pk": self.site_id})
