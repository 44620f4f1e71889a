from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incentives.models.policies import Policy
from villages.models import Village


class Budget(models.Model):
    """The money set aside for a policy in a year, for one village or (no village) the whole town."""

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="budgets")
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", help_text=_("Empty for the whole town."))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "policy_id", "village__code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "village", "year"], condition=Q(village__isnull=False),
                                    name="one_budget_per_policy_village_year"),
            models.UniqueConstraint(fields=["policy", "year"], condition=Q(village__isnull=True),
                                    name="one_town_budget_per_policy_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.policy} {self.village or ''} {self.year}"
