"""The town's annual work summary (年度工作总结): the prose the town office writes around the year's figures.

The figures are not stored here and cannot be typed over: the document (reports.documents.summary) reads them
from the catalogue when it is built, from the closed year's snapshot. What the office edits is the text around
them, one paragraph or more per chapter, the same in every language the document is printed in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The chapters of the summary, in the order they are printed: (field, heading). Each field is the office's prose.
CHAPTERS = (
    ("population", _("Population and married women of childbearing age")),
    ("team", _("The village teams")),
    ("declarations", _("Declarations and regulations of self-government")),
    ("rectification", _("Rectification of lagging villages")),
    ("designations", _("Designations of the year")),
    ("cases", _("Cases and sanctions")),
    ("responsibility", _("Responsibility books")),
    ("association", _("The family planning association")),
    ("policies", _("Preferential policies")),
    ("services", _("Services")),
)
PROSE_FIELDS = ("introduction", *(field for field, _heading in CHAPTERS), "next_year_plan", "conclusion")


def _prose(label, help_text=""):
    return models.TextField(label, blank=True, max_length=20000, help_text=help_text)


class AnnualSummary(models.Model):
    """The prose of a town's annual work summary for a year; one per town and year."""

    town = models.ForeignKey("villages.Town", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="annual_summaries")
    year = models.PositiveSmallIntegerField(_("year"))
    introduction = _prose(_("introduction"), _("Printed before the first chapter."))
    population = _prose(CHAPTERS[0][1])
    team = _prose(CHAPTERS[1][1])
    declarations = _prose(CHAPTERS[2][1])
    rectification = _prose(CHAPTERS[3][1])
    designations = _prose(CHAPTERS[4][1])
    cases = _prose(CHAPTERS[5][1])
    responsibility = _prose(CHAPTERS[6][1])
    association = _prose(CHAPTERS[7][1])
    policies = _prose(CHAPTERS[8][1])
    services = _prose(CHAPTERS[9][1])
    next_year_plan = _prose(_("next year's plan"), _("The work planned for the next year, as the office sets it."))
    conclusion = _prose(_("closing words"), _("Printed before the sign-off."))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual work summary")
        verbose_name_plural = _("annual work summaries")
        ordering = ["town", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="annualsummary_one_per_town_and_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="annualsummary_year_range"),
        ]

    def __str__(self):
        return _("Annual work summary %(year)s of %(town)s") % {"year": self.year, "town": self.town.name}

    def chapters(self) -> list[tuple[str, str, str]]:
        """(field, heading, prose) of each chapter, in print order."""
        return [(field, str(heading), getattr(self, field)) for field, heading in CHAPTERS]
