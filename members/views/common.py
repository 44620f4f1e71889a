from django.core.exceptions import PermissionDenied

from members.models import Household
from villages.queries import changeable


def require_change(user, household: Household) -> None:
    """Pages that change a household: 404 came first (scoping); a reader who may not change gets 403."""
    if not changeable(Household.objects.filter(pk=household.pk), user).exists():
        raise PermissionDenied
