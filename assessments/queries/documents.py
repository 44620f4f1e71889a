"""What the quarterly assessment report prints, read as the person who asked: the document contract.

`quarterly_assessment_context` scopes the request (the town's report for those who read the whole
town, a village's for those who read the village; villages' OutOfScope otherwise) and returns the
report's one part, built by assessments.queries.report. Drafts are never printed: a period
without a published result is refused (ValidationError), at the request (`check_request`) and at
the build. A report's period is a quarter (2025Q3) or, for the year-end assessment, the year (2025).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models import Assessment, PeriodCode, Scheme
from assessments.queries.report import quarterly_report_context
from villages.models import Town, User, Village
from villages.periods import Period
from villages.queries import OutOfScope, reads_whole_town, village_in_scope


def published_assessment_villages(*, town_id: int, period: Period) -> set[int]:
    """The villages of the town with a published village assessment for the period (a quarter or the year end)."""
    return set(Assessment.objects.filter(
        scheme__town_id=town_id, scheme__year=period.year, scheme__subject=Scheme.Subject.VILLAGE,
        period=PeriodCode.of(period),
        status=Assessment.Status.PUBLISHED, village__is_active=True,
    ).values_list("village_id", flat=True))


def check_request(*, town: Town, village: Village | None, period: Period) -> None:
    """Only a quarter or a year end with published results gives a report."""
    try:
        published = published_assessment_villages(town_id=town.pk, period=period)
    except ValidationError as error:  # a month is no assessment period
        raise ValidationError({"period": error.messages}) from None
    if not published or (village is not None and village.pk not in published):
        raise ValidationError({"period": _("No result of this period has been published yet.")})


def quarterly_assessment_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    """The town's report (ranking, grades, movers, designations, sanctions) or one village's."""
    if village is None and not reads_whole_town(user, town.pk):
        raise OutOfScope(_("Only the town office and the leadership read the town's report."))
    if village is not None:
        village_in_scope(user, village.pk)
    context = quarterly_report_context(town, period, village)
    if not (context.get("assessment") if village is not None else context.get("results")):
        raise ValidationError(_("No result of this period has been published yet."))
    return [context]
