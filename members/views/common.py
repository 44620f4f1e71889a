from django.core.exceptions import PermissionDenied

from members.models import Household
from villages.roles import may_change_village


def require_change(user, household: Household) -> None:
    """Pages that change a household: 404 came first (scoping); a reader who may not change gets 403."""
    if not may_change_village(user, household.village):
        raise PermissionDenied
