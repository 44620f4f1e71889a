"""The quarterly assessment report: the town's ranking, grades, movers, designations and sanctions, or one
village's items, points, deductions with their reasons and its trend.

The figures come from assessments.queries.quarterly_report_context and are printed only once published.
A document's period is a quarter (2025Q3) or, for the year-end assessment, the year (2025).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.queries import quarterly_report_context
from reports.documents.base import DocumentError, Renderer, out_of_reach
from reports.queries import published_assessment_villages, reads_town, reads_village
from reports.rendering import Part
from villages.periods import QUARTER, YEAR, Period


def last_quarter() -> str:
    """The quarter that ended last: its results are the ones being published."""
    return str(Period.containing(timezone.localdate(), QUARTER).previous())


def label(period: str) -> str:
    parsed = Period.parse(period)
    if parsed.kind == YEAR:
        return _("%(year)s year end") % {"year": parsed.year}
    return parsed.label


def title(scope_name: str, period: str) -> str:
    return _("%(scope)s assessment report (%(period)s)") % {"scope": scope_name, "period": label(period)}


def check(*, town, village, period: str) -> None:
    """Only a quarter or a year end with published results gives a report: drafts are never printed."""
    try:
        published = published_assessment_villages(town_id=town.pk, period=Period.parse(period))
    except ValidationError as error:  # a month is no assessment period
        raise ValidationError({"period": error.messages}) from None
    if not published or (village is not None and village.pk not in published):
        raise ValidationError({"period": _("No result of this period has been published yet.")})


def parts(document, user) -> list[Part]:
    if document.village_id is None:
        if not reads_town(user, document.town_id):
            raise DocumentError(_("Only the town office and the leadership read the town's report."))
    elif not reads_village(user, document.village_id):
        raise out_of_reach()
    context = quarterly_report_context(document.town, document.period, document.village)
    if not (context.get("assessment") if document.village_id else context.get("results")):
        raise DocumentError(_("No result of this period has been published yet."))
    return [Part(context["template"], {**context, "document": document})]


RENDERER = Renderer(
    kind="quarterly_assessment",
    template_version="quarterly-assessment/1",
    title=title,
    parts=parts,
    default_period=last_quarter,
    check=check,
)
