"""Preferential policies: who issued them, what they pay, at which rates, with what evidence."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from villages.models import Town, Village

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters, digits and hyphens, starting with a letter or digit.")
)


class PolicyQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.in_force_between(day, day)

    def in_force_between(self, first: datetime.date, last: datetime.date):
        """Policies in force on at least one day from `first` to `last`: adopted by then, not ended before."""
        return self.filter(adopted_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))


class Policy(models.Model):
    """A preferential policy for family planning families, from whichever level issued it.

    The rule (who is eligible) is its `conditions`; the money is its `rates`. A policy without
    an adoption date is a proposal: it can be forecast but not run.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")
        COUNTY = "county", pgettext_lazy("policy level", "county")
        TOWN = "town", pgettext_lazy("policy level", "town")
        VILLAGE = "village", pgettext_lazy("policy level", "village")

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", _("subsidy")
        REWARD = "reward", _("reward")
        SCHOLARSHIP = "scholarship", _("scholarship")
        FEE = "fee", _("fee")
        INSURANCE = "insurance", _("insurance premium")
        WAGE = "wage", _("wage")

    class Beneficiary(models.TextChoices):
        PERSON = "person", pgettext_lazy("beneficiary", "person")
        HOUSEHOLD = "household", pgettext_lazy("beneficiary", "household")

    class VillagePolicyKind(models.TextChoices):
        """The five kinds of village policy the town counts in its annual summary."""

        TWO_DAUGHTER_PENSION = "two_daughter_pension", _("pension insurance for two-daughter households")
        GAVE_UP_BIRTH = "gave_up_birth", _("reward for giving up a further birth")
        ONE_CHILD = "one_child", _("preferential treatment of one-child families")
        TWO_DAUGHTER_TUITION = "two_daughter_tuition", _("tuition for children of two-daughter households")
        TIMELY_MEASURES = "timely_measures", _("reward for timely birth control measures")

    class Frequency(models.TextChoices):
        YEAR = "year", _("yearly")
        QUARTER = "quarter", _("quarterly")
        MONTH = "month", _("monthly")

    class Proration(models.TextChoices):
        NONE = "none", _("whole period, if eligible on its last day")
        MONTHS = "months", _("by the months at whose end the beneficiary is eligible")

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="policies", help_text=_("Only for a village-level policy."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    beneficiary = models.CharField(_("beneficiary"), max_length=10, choices=Beneficiary.choices)
    village_policy_kind = models.CharField(
        _("kind of village policy"), max_length=30, choices=VillagePolicyKind.choices, blank=True,
        help_text=_("Which of the town's counted kinds of village policy this is, if any."),
    )
    frequency = models.CharField(_("cycle"), max_length=8, choices=Frequency.choices, default=Frequency.YEAR)
    proration = models.CharField(_("pro-rating"), max_length=8, choices=Proration.choices, default=Proration.NONE)
    births_in_full = models.BooleanField(
        _("children born in the period receive the whole period"), default=False,
        help_text=_("With pro-rating by months: the months before a child's birth count as its birth month."),
    )
    uses_sensitive_data = models.BooleanField(
        _("rule uses sensitive data"), default=False,
        help_text=_("Allows conditions on contraception and pregnancy; only those who may see them see the reasons."),
    )
    description = models.TextField(_("description"), blank=True)
    adopted_on = models.DateField(pgettext_lazy("policy", "adopted on"), null=True, blank=True,
                                  help_text=_("Empty while the policy is only proposed."))
    ended_on = models.DateField(pgettext_lazy("policy", "ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["level", "village__code", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["town", "code"], name="policy_code_unique_in_town"),
            models.CheckConstraint(
                condition=(Q(level="village") & Q(village__isnull=False))
                | (~Q(level="village") & Q(village__isnull=True)),
                name="policy_village_iff_village_level",
            ),
            models.CheckConstraint(
                condition=Q(village_policy_kind="") | Q(level="village"), name="policy_village_kind_on_village_level",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (Q(adopted_on__isnull=False) & Q(ended_on__gte=models.F("adopted_on")) & ~Q(end_reason="")),
                name="policy_end_after_adoption_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(births_in_full=False) | (Q(beneficiary="person") & Q(proration="months")),
                name="policy_births_in_full_needs_person_months",
            ),
        ]

    def __str__(self):
        if self.village_id:
            return f"{self.village.name} {self.name}"
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.level == self.Level.VILLAGE and not self.village_id:
            errors["village"] = [_("A village-level policy names its village.")]
        if self.level != self.Level.VILLAGE and self.village_id:
            errors["village"] = [_("Only a village-level policy names a village.")]
        if self.village_policy_kind and self.level != self.Level.VILLAGE:
            errors["village_policy_kind"] = [_("Only village-level policies are counted by kind of village policy.")]
        if self.village_id and self.town_id and self.village.town_id != self.town_id:
            errors["village"] = [_("The village is not in this town.")]
        if self.ended_on and not self.adopted_on:
            errors["ended_on"] = [_("A policy that was never adopted cannot end.")]
        elif self.ended_on and self.ended_on < self.adopted_on:
            errors["ended_on"] = [_("A policy cannot end before it was adopted.")]
        if self.ended_on and not self.end_reason.strip():
            errors["end_reason"] = [_("Say why the policy ends.")]
        if self.births_in_full and (self.beneficiary != self.Beneficiary.PERSON
                                    or self.proration != self.Proration.MONTHS):
            errors["births_in_full"] = [_("Only a policy for persons pro-rated by months can pay births in full.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_village_level(self) -> bool:
        return self.level == self.Level.VILLAGE

    @property
    def for_persons(self) -> bool:
        return self.beneficiary == self.Beneficiary.PERSON

    @property
    def is_proposal(self) -> bool:
        return self.adopted_on is None

    def is_in_force(self, day: datetime.date) -> bool:
        started = self.adopted_on is not None and self.adopted_on <= day
        return started and (self.ended_on is None or self.ended_on >= day)


class RateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


class Rate(models.Model):
    """What a policy pays, from one date to another. Rates of one policy never overlap.

    A rate that entitlements were computed under is never changed: a new rate is added from a
    later date, and the old one ends the day before.
    """

    class Unit(models.TextChoices):
        ONCE = "once", _("once")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")
        OCCASION = "occasion", _("per occasion")

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="rates")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    occasion_kind = models.CharField(
        _("occasions counted"), max_length=30, blank=True,
        help_text=_("For a rate per occasion: the kind of recorded fact that counts as one occasion."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = RateQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        ordering = ["policy_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "valid_from"], name="rate_starts_once_per_policy"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rate_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="rate_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(unit="occasion", occasion_kind__gt="") | (~Q(unit="occasion") & Q(occasion_kind="")),
                name="rate_occasion_kind_iff_per_occasion",
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.get_unit_display()} ({self.valid_from}–{self.valid_until or ''})"

    def clean(self):
        super().clean()
        from incentives.models.facts import Fact

        errors = {}
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = [_("A rate cannot end before it starts.")]
        if self.unit == self.Unit.OCCASION and self.occasion_kind not in Fact.Kind.values:
            errors["occasion_kind"] = [_("Choose the kind of recorded fact that counts as an occasion.")]
        if self.unit != self.Unit.OCCASION and self.occasion_kind:
            errors["occasion_kind"] = [_("Only a rate per occasion counts occasions.")]
        if errors:
            raise ValidationError(errors)

    @property
    def occasion_label(self) -> str:
        from incentives.models.facts import Fact

        return str(Fact.Kind(self.occasion_kind).label) if self.occasion_kind else ""

    def overlaps(self, other: "Rate") -> bool:
        far = datetime.date.max
        return self.valid_from <= (other.valid_until or far) and other.valid_from <= (self.valid_until or far)


class EvidenceItem(models.Model):
    """One line of a policy's evidence checklist: what the village keeps on file for each recipient."""

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="evidence")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=1)
    text = models.CharField(pgettext_lazy("benefits", "evidence"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence checklist item")
        verbose_name_plural = _("evidence checklist")
        ordering = ["policy_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="evidence_item_has_text"),
        ]

    def __str__(self):
        return self.text
