"""Record a publicity activity and correct one (with the version read). Nothing is deleted."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.actions import require_open_dates, require_writer
from services.models import PublicityActivity
from villages.locking import claim
from villages.models import Town, User, Village

ACTIVITY_FIELDS = {"channel", "held_on", "title", "reach", "note"}


def _check(activity: PublicityActivity) -> None:
    if activity.held_on is not None and activity.held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A date in the future cannot be recorded yet.")})
    if activity.reach is not None and activity.reach < 0:
        raise ValidationError({"reach": _("The number of people reached cannot be negative.")})
    activity.full_clean()


@transaction.atomic
def record_activity(*, town: Town, village: Village | None, channel: str, held_on: datetime.date, title: str,
                    by: User | None, reach: int = 0, note: str = "", correction_reason: str = "") -> PublicityActivity:
    """A publicity activity of the village (or of the whole town, village empty)."""
    require_writer(by, town, village)
    activity = PublicityActivity(town=town, village=village, channel=channel, held_on=held_on, title=title,
                                 reach=reach, note=note)
    _check(activity)
    activity._history_user = by
    activity.save()
    require_open_dates(town=town, dates=[held_on], reason=correction_reason, by=by, record=activity, village=village,
                       what=_("publicity %(title)s") % {"title": title})
    return activity


@transaction.atomic
def update_activity(*, activity: PublicityActivity, version: int | None, by: User | None, correction_reason: str = "",
                    **fields) -> PublicityActivity:
    require_writer(by, activity.town, activity.village)
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(activity, version)
    before = current.held_on
    for field, value in fields.items():
        setattr(current, field, value)
    _check(current)
    require_open_dates(town=current.town, dates=[before, current.held_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("publicity %(title)s") % {"title": current.title})
    current._history_user = by
    current.save()
    return current
