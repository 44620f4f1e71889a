"""Checks shared by the assessment actions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from assessments.models import Assessment
from villages.models import Village
from villages.queries import is_town_office, may_change, villages_for


def require_town_office(user) -> None:
    if not is_town_office(user):
        raise PermissionDenied(_("Only the town office may do this."))


def require_village_user(user, village: Village) -> None:
    """Town office staff of the town, or the specialist of the village."""
    if not may_change(user) or not villages_for(user).filter(pk=village.pk).exists():
        raise PermissionDenied(_("You may not change this village's records."))


def require_status(assessment: Assessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        raise ValidationError(
            _("This cannot be done while the assessment is %(status)s.")
            % {"status": assessment.get_status_display()}
        )


def check_version(assessment: Assessment, version: int | None) -> None:
    if version is not None and version != assessment.version:
        raise ValidationError(
            _("Someone else changed this assessment meanwhile. Reload the page and enter your changes again.")
        )


def locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("scheme", "village").get(pk=assessment.pk)
