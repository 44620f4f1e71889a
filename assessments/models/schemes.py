"""Assessment schemes: one per town, year and subject, frozen once a period is scored."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages import periods
from villages.models import Designation, Town

POINTS = {"max_digits": 6, "decimal_places": 1}


class PeriodCode(models.TextChoices):
    """Which period of its scheme's year an assessment covers, stored beside the scheme's year.

    With the year it names one period of the house (villages.periods): Q3 of 2025 is 2025Q3, and the
    year-end assessment of 2025 is the period 2025.
    """

    Q1 = "Q1", _("first quarter")
    Q2 = "Q2", _("second quarter")
    Q3 = "Q3", _("third quarter")
    Q4 = "Q4", _("fourth quarter")
    YEAR = "YEAR", _("year end")

    def in_year(self, year: int) -> periods.Period:
        if self == PeriodCode.YEAR:
            return periods.Period(periods.YEAR, year)
        return periods.Period(periods.QUARTER, year, int(self[1]))

    @classmethod
    def of(cls, period: periods.Period) -> "PeriodCode":
        if period.kind == periods.MONTH:
            raise ValidationError(_("Give a quarter (2025Q3) or a year for the year-end assessment (2025)."),
                                  code="invalid")
        return cls.YEAR if period.kind == periods.YEAR else cls(f"Q{period.number}")


class Scheme(models.Model):
    class Subject(models.TextChoices):
        VILLAGE = "village", _("village family planning and self-government work")
        ASSOCIATION = "association", _("village family planning association work")

    town = models.ForeignKey(Town, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, default=Subject.VILLAGE)
    title = models.CharField(_("title"), max_length=200)
    veto_means_lagging = models.BooleanField(
        _("a one-vote veto designates the village as lagging"), default=True
    )
    default_rectification_plan = models.TextField(_("default rectification plan for lagging villages"), blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year", "subject"], name="one_scheme_per_town_year_subject"),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class SchemePart(models.Model):
    """Anything that belongs to a scheme: it cannot change once the scheme is frozen."""

    class Meta:
        abstract = True

    def owning_scheme(self) -> Scheme:
        return self.scheme

    def clean(self):
        super().clean()
        scheme = self.owning_scheme()
        if scheme is not None and scheme.is_frozen:
            raise ValidationError(
                _("The scheme of %(year)s is frozen: periods have been scored with it.") % {"year": scheme.year}
            )


class Block(SchemePart):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("block of items")
        verbose_name_plural = _("blocks of items")
        ordering = ["scheme", "order"]

    def __str__(self):
        return self.title


class Item(SchemePart):
    class Method(models.TextChoices):
        ENTERED = "entered", _("entered by the assessor with evidence")
        COMPUTED = "computed", _("computed from the records")

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items")
    block = models.ForeignKey(Block, verbose_name=_("block"), on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    max_points = models.DecimalField(_("maximum points"), **POINTS, validators=[MinValueValidator(0)])
    method = models.CharField(_("scoring method"), max_length=10, choices=Method.choices, default=Method.ENTERED)
    indicator_key = models.CharField(_("computed indicator"), max_length=60, blank=True)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["scheme", "block__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="item_code_unique_in_scheme"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="item_max_points_not_negative"),
            models.CheckConstraint(
                condition=Q(method="entered") | ~Q(indicator_key=""), name="computed_item_names_indicator"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        from assessments.queries.indicators import REGISTRY

        if self.block_id and self.scheme_id and self.block.scheme_id != self.scheme_id:
            raise ValidationError({"block": _("The block belongs to another scheme.")})
        if self.method == self.Method.COMPUTED and self.indicator_key not in REGISTRY:
            raise ValidationError({"indicator_key": _("Choose one of the registered indicators.")})

    @property
    def is_computed(self) -> bool:
        return self.method == self.Method.COMPUTED


class DeductionRule(SchemePart):
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="deduction_rules")
    code = models.SlugField(_("code"), max_length=40)
    description = models.CharField(_("description"), max_length=300)
    points = models.DecimalField(_("points deducted"), **POINTS, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deduction rule")
        verbose_name_plural = _("deduction rules")
        ordering = ["item", "code"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="deduction_rule_code_unique"),
        ]

    def __str__(self):
        return f"{self.description} (-{self.points})"

    def owning_scheme(self) -> Scheme:
        return self.item.scheme


class Veto(SchemePart):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="vetoes")
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("one-vote veto")
        verbose_name_plural = _("one-vote vetoes")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="veto_code_unique_in_scheme"),
        ]

    def __str__(self):
        return self.title


class GradeBand(SchemePart):
    """A grade from a minimum total upwards, and the designation a year-end result in it leads to."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="bands")
    code = models.SlugField(_("code"), max_length=20)
    label = models.CharField(_("grade"), max_length=20)
    min_total = models.DecimalField(_("minimum total"), **POINTS, validators=[MinValueValidator(0)])
    designation = models.CharField(
        _("designation at year end"), max_length=20, choices=Designation.Kind.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["scheme", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="band_code_unique_in_scheme"),
            models.UniqueConstraint(fields=["scheme", "min_total"], name="band_minimum_unique_in_scheme"),
        ]

    def __str__(self):
        return self.label


def band_for(bands: list[GradeBand], total, *, vetoed: bool = False) -> GradeBand | None:
    """The band a total falls in (bands sorted by minimum, highest first); a veto gives the lowest."""
    if not bands:
        return None
    if vetoed:
        return bands[-1]
    for band in bands:
        if total is not None and total >= band.min_total:
            return band
    return bands[-1]


__all__ = ["POINTS", "PeriodCode", "Scheme", "Block", "Item", "DeductionRule", "Veto", "GradeBand", "band_for"]
