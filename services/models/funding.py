"""Money for self-government and services: a village's (or the town's) income and spending, and the
association's fundraising drives with their donations and what they paid for."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from services.models.sites import MONEY
from villages.models import Town, Village


class FundSource(models.TextChoices):
    TOWN_BUDGET = "town_budget", _("town budget")
    VILLAGE_COLLECTIVE = "village_collective", _("village collective share for self-government")
    ASSOCIATION_FUND = "association_fund", _("association fund")
    DONATION = "donation", _("donations")
    GRANT = "grant", _("grant")


class FundUse(models.TextChoices):
    SERVICES = "services", _("services")
    REWARDS = "rewards", _("rewards")
    ASSISTANCE = "assistance", _("assistance")
    PUBLICITY = "publicity", _("publicity")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class FundEntry(models.Model):
    """Money in (with its source) or out (with its use) for a village's self-government and services, or the
    town's (village empty). Entries are not deleted: a mistake is put right by an opposite entry."""

    class Direction(models.TextChoices):
        INCOME = "income", _("income")
        SPENDING = "spending", _("spending")

    Source = FundSource
    Use = FundUse

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="fund_entries")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="fund_entries", help_text=_("Empty for the town's own funds."))
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    source = models.CharField(_("source"), max_length=24, choices=FundSource.choices, blank=True)
    use = models.CharField(_("use"), max_length=16, choices=FundUse.choices, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    entry_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["-entry_date", "pk"]
        indexes = [models.Index(fields=["town", "entry_date"], name="fund_entry_town_date")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="fund_entry_amount_not_zero"),
            models.CheckConstraint(
                condition=(Q(direction="income") & ~Q(source="") & Q(use=""))
                | (Q(direction="spending") & Q(source="") & ~Q(use="")),
                name="fund_entry_source_or_use"),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.amount} {self.entry_date}"

    def get_absolute_url(self) -> str:
        return f"{reverse('services:funding')}?year={self.entry_date.year}"

    @property
    def year(self) -> int:
        return self.entry_date.year

    @property
    def category_label(self) -> str:
        return self.get_source_display() if self.direction == self.Direction.INCOME else self.get_use_display()


class Fundraising(models.Model):
    """A fundraising drive of the association, in a village or the whole town (village empty)."""

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="fundraisings")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="fundraisings", help_text=_("Empty for a drive of the whole town."))
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    purpose = models.TextField(_("purpose"))
    outcome = models.TextField(_("what it paid for"), blank=True)
    families_helped = models.PositiveIntegerField(_("families helped"), default=0)
    children_helped = models.PositiveIntegerField(_("children helped"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    class Meta:
        verbose_name = _("fundraising")
        verbose_name_plural = _("fundraisings")
        ordering = ["-starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="fundraising_ends_after_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:fundraising", kwargs={"pk": self.pk})


class Donation(models.Model):
    """A gift to a fundraising drive. Donors' names are shown to the town office and the village's specialist."""

    fundraising = models.ForeignKey(Fundraising, verbose_name=_("fundraising"), on_delete=models.PROTECT,
                                    related_name="donations")
    donor_name = models.CharField(_("donor"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    donated_on = models.DateField(_("donated on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["donated_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive")]

    def __str__(self):
        return f"{self.donor_name} {self.amount}"
