"""What the association's pages share: pagination, the year asked for, the change check."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone

from villages.queries import may_change

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    try:
        per_page = min(max(int(request.GET.get("per_page", per_page)), 10), 200)
    except ValueError:
        per_page = PAGE_SIZE
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


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
