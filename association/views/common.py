"""What the association's pages share: the year asked for, the change check (pagination: villages.pagination)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from villages.roles import may_change


def year_asked(request, default: int) -> int:
    """?year=, within sensible bounds; the default otherwise."""
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= timezone.localdate().year + 1 else default


def require_change(user) -> None:
    """Pages that change the association: readers (leadership, members) get 403 after scoping gave 200."""
    if not may_change(user):
        raise PermissionDenied


def today() -> datetime.date:
    return timezone.localdate()
