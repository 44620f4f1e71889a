"""Closed periods: the town office's approval of a period's figures, frozen as a snapshot.

As DHIS2 locks approved periods and OpenCRVS corrects registered events: closing a year (or a
quarter) stores the value of every figure of the catalogue for the town, each village and each
villager group (`FigureValue`). A later change dated inside a closed period is a `Correction` with
a reason; the closed figures do not move. Closing again makes a new version; the old one is kept,
so a printed document can always say which version it shows.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from villages.periods import Period, period_constraint, validate_period


class PeriodClosingQuerySet(models.QuerySet):
    def current(self):
        """The newest version of each closed period."""
        return self.filter(superseded_at__isnull=True)

    def covering(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class PeriodClosing(models.Model):
    """One version of a closed period of a town."""

    town = models.ForeignKey("villages.Town", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="closings")
    period = models.CharField(_("period"), max_length=7, validators=[validate_period])
    starts_on = models.DateField(_("starts on"), editable=False)
    ends_on = models.DateField(_("ends on"), editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT,
                                  related_name="+")
    note = models.TextField(_("note"), blank=True)
    # Set when a newer version replaces this one; the replaced snapshot stays readable.
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    values_count = models.PositiveIntegerField(_("values stored"), default=0)

    objects = PeriodClosingQuerySet.as_manager()

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["town", "-starts_on", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["town", "period", "version"], name="closing_version_unique"),
            models.UniqueConstraint(fields=["town", "period"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_closing_per_period"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="closing_ends_after_start"),
            period_constraint("closing_period_spelling"),
        ]
        indexes = [models.Index(fields=["town", "starts_on", "ends_on"], name="closing_town_dates")]

    def __str__(self):
        return f"{self.period} v{self.version}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class FigureValue(models.Model):
    """One figure's value in a closed period's snapshot, for one unit and one category (or the total)."""

    closing = models.ForeignKey(PeriodClosing, verbose_name=_("closed period"), on_delete=models.CASCADE,
                                related_name="values")
    code = models.CharField(_("figure"), max_length=60)
    level = models.CharField(_("level"), max_length=8)  # town, village or group
    unit_id = models.PositiveBigIntegerField(_("unit"))
    category = models.CharField(_("category"), max_length=60, blank=True)  # "" for the total, "sex:F" …
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("closed figure value")
        verbose_name_plural = _("closed figure values")
        constraints = [
            models.UniqueConstraint(fields=["closing", "code", "level", "unit_id", "category"],
                                    name="figure_value_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.level}:{self.unit_id} {self.category} = {self.value}"


class Correction(models.Model):
    """A change dated inside a closed period, with the reason it was made."""

    town = models.ForeignKey("villages.Town", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="corrections")
    closing = models.ForeignKey(PeriodClosing, verbose_name=_("closed period"), on_delete=models.PROTECT,
                                related_name="corrections")
    dated = models.DateField(_("date of the change"))
    village = models.ForeignKey("villages.Village", verbose_name=_("village"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    what = models.CharField(_("what was changed"), max_length=200)
    record_type = models.CharField(_("record type"), max_length=50, blank=True)
    record_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-made_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="correction_states_reason")]

    def __str__(self):
        return f"{self.closing.period} {self.what}"
