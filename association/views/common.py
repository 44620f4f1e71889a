"""What the association's pages share: the year and month asked for, the change check (pagination is villages')."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from villages.roles import may_change


def year_asked(request, default: int) -> int:
    """?year=, within sensible bounds; the default otherwise."""
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= timezone.localdate().year + 1 else default


def begun_month(year: int, month: int) -> datetime.date:
    """The month of a feedback address: 404 for no such month, or one not begun yet."""
    try:
        day = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    if day > today():
        raise Http404
    return day


def require_change(user) -> None:
    """Pages that change the association: readers (leadership, members) get 403 after scoping gave 200."""
    if not may_change(user):
        raise PermissionDenied


def today() -> datetime.date:
    return timezone.localdate()
