"""What the association's pages share: the year and month asked for, the change check (pagination is villages')."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from association import queries
from association.models import AssociationMember
from villages.roles import may_change


def year_asked(request, default: int) -> int:
    """?year=, from 2000 to this year; the default otherwise (a malformed or far year is not an error)."""
    try:
        year = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= today().year else default


def year_and_years(request, town_id: int | None, member: AssociationMember | None = None) -> tuple[int, list[int]]:
    """The year a page shows (asked for, or `queries.default_year`) and the years its selector offers."""
    year = year_asked(request, queries.default_year(town_id, today()))
    return year, sorted({*queries.data_years(town_id, today(), member=member), year}, reverse=True)


def month_asked(request, year: int) -> datetime.date:
    """?month=YYYY-MM as its first day (a month not begun yet is this month); otherwise the year's latest
    begun month."""
    this_month = today().replace(day=1)
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()  # noqa: DTZ007 (a month)
    except ValueError:
        month = None
    if month is not None and month.year >= 2000:
        return min(month, this_month)
    return min(datetime.date(year, 12, 1), this_month)


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
