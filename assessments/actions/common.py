"""Checks shared by the assessment actions (the role guards are villages.roles')."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models import Assessment
from villages.locking import lock


def require_status(assessment: Assessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        raise ValidationError(
            _("This cannot be done while the assessment is %(status)s.")
            % {"status": assessment.get_status_display()}
        )


def locked(assessment: Assessment, version: int | None = None) -> Assessment:
    """The assessment locked for this change, with its scheme and village; StaleRecord if `version` is old."""
    return lock(assessment, version, queryset=Assessment.objects.select_related("scheme", "village"))
