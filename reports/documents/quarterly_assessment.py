"""The quarterly assessment report: the town's ranking, grades, movers, designations and sanctions, or one
village's items, points, deductions with their reasons and its trend.

The part comes from assessments.queries.documents, read as the person who asked, and is printed only
once the period's results are published. A document's period is a quarter (2025Q3) or, for the
year-end assessment, the year (2025). The town's report is a 通报: red header with the issuing unit and
its document number, dated the day its results were published, sealed at its end; a village's report is
sealed by the town, without a number of its own.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.queries.documents import check_request, quarterly_assessment_context
from assessments.queries.report import TOWN_TEMPLATE, VILLAGE_TEMPLATE
from reports.documents.base import TOWN_LEVEL, Renderer, period_date
from villages import closing
from villages.models import Town
from villages.periods import QUARTER, YEAR, Period


def last_quarter(town: Town) -> Period:
    """The quarter that ended last in the working year: its results are the ones being published."""
    return closing.working_period(town, QUARTER)


def label(period: Period) -> str:
    if period.kind == YEAR:
        return _("%(year)s year end") % {"year": period.year}
    return period.label


def decided_on(period: Period, contexts: list[dict]):
    """The date the results were published (the decision the report announces), else the end of the period."""
    published = [result.assessment.published_at for context in contexts for result in context.get("results", [])]
    published += [context["assessment"].published_at for context in contexts if context.get("assessment")]
    published = [moment for moment in published if moment]
    return timezone.localdate(max(published)) if published else period_date(period, contexts)


RENDERER = Renderer(
    kind="quarterly_assessment",
    template_version="quarterly-assessment/1",
    title_format=gettext_lazy("%(scope)s assessment report (%(period)s)"),
    label=label,
    template=VILLAGE_TEMPLATE,
    town_template=TOWN_TEMPLATE,
    context=quarterly_assessment_context,
    default_period=last_quarter,
    check=check_request,
    period_word=pgettext_lazy("assessment period", "Period"),
    numbered=(TOWN_LEVEL,),
    dated=decided_on,
    red_header=True,
    sealed=True,
)
