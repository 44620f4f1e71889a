"""The quarterly assessment report: the town's ranking, grades, movers, designations and sanctions, or one
village's items, points, deductions with their reasons and its trend.

The part comes from assessments.queries.documents, read as the person who asked, and is printed only
once the period's results are published. A document's period is a quarter (2025Q3) or, for the
year-end assessment, the year (2025).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.queries.documents import check_request, quarterly_assessment_context
from assessments.queries.report import TOWN_TEMPLATE, VILLAGE_TEMPLATE
from reports.documents.base import Renderer
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
)
