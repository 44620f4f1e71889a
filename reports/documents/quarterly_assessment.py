"""The quarterly assessment report: the town's ranking, grades, movers, designations and sanctions, or one
village's items, points, deductions with their reasons and its trend.

The figures come from assessments.queries.quarterly_report_context and are printed only once published.
Documents name a quarter "2025Q3" and the year-end assessment by its year, "2025"; the assessments app
names them "2025-Q3" and "2025-YEAR". The two conversions below are the only place that knows both.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.queries import quarterly_report_context
from reports.documents.base import DocumentError, Renderer, out_of_reach
from reports.queries import published_assessment_villages, reads_town, reads_village
from reports.rendering import Part

PERIOD = re.compile(r"(\d{4})(Q[1-4])?")
YEAR_END = "YEAR"


def assessment_period(period: str) -> str:
    """A document's period as the assessments app names it: 2025Q3 → 2025-Q3, 2025 (year end) → 2025-YEAR."""
    match = PERIOD.fullmatch(period or "")
    if match is None:
        raise ValidationError({"period": _("Give a quarter (2025Q3) or a year for the year-end assessment (2025).")})
    return f"{match[1]}-{match[2] or YEAR_END}"


def document_period(year: int, code: str) -> str:
    """The assessments app's year and period code (Q1 … Q4, YEAR) as a document's period."""
    return str(year) if code == YEAR_END else f"{year}{code}"


def split_period(period: str) -> tuple[int, str]:
    """A document's period as the assessments app's (year, period code)."""
    year, code = assessment_period(period).split("-")
    return int(year), code


def last_quarter() -> str:
    """The quarter that ended last: its results are the ones being published."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3
    return f"{today.year - 1}Q4" if quarter == 0 else f"{today.year}Q{quarter}"


def label(period: str) -> str:
    year, code = split_period(period)
    if code == YEAR_END:
        return _("%(year)s year end") % {"year": year}
    return _("%(year)s Q%(quarter)s") % {"year": year, "quarter": code[1]}


def title(scope_name: str, period: str) -> str:
    return _("%(scope)s assessment report (%(period)s)") % {"scope": scope_name, "period": label(period)}


def check(*, town, village, period: str) -> None:
    """Only a period with published results gives a report: drafts are never printed."""
    year, code = split_period(period)
    published = published_assessment_villages(town_id=town.pk, year=year, period=code)
    if not published or (village is not None and village.pk not in published):
        raise ValidationError({"period": _("No result of this period has been published yet.")})


def parts(document, user) -> list[Part]:
    if document.village_id is None:
        if not reads_town(user, document.town_id):
            raise DocumentError(_("Only the town office and the leadership read the town's report."))
    elif not reads_village(user, document.village_id):
        raise out_of_reach()
    context = quarterly_report_context(document.town, assessment_period(document.period), document.village)
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
