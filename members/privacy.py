"""Who may see sensitive personal data, and the log of every view or export of it."""

from django.utils.translation import gettext as _

from villages.models import SensitiveAccess, User
from villages.queries import may_see_sensitive


def sensitive_villages(user: User, village_ids) -> set[int]:
    """The villages, among these, whose sensitive data the user may see."""
    return {pk for pk in set(village_ids) if pk and may_see_sensitive(user, pk)}


def log_access(*, user: User, action: str, village_id: int | None, what: str, record_type: str = "",
               record_id: int | None = None, count: int = 1) -> SensitiveAccess:
    """One row in the access log: who looked at (or exported) which sensitive data, and how much."""
    return SensitiveAccess.objects.create(user=user, action=action, village_id=village_id, what=what[:200],
                                          record_type=record_type, record_id=record_id, count=count)


def log_household_view(user: User, household, count: int) -> None:
    log_access(user=user, action=SensitiveAccess.Action.VIEW, village_id=household.village_id,
               what=_("identity numbers and phones of household %(number)s") % {"number": household.number},
               record_type="household", record_id=household.pk, count=count)
