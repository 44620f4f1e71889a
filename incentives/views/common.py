from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from villages.queries import is_town_office

PAGE_SIZE = 50


def require_town_office(user) -> None:
    """Pages that change policies, cycles and payments: the record was found (scoped), the reader may not write."""
    if not is_town_office(user):
        raise PermissionDenied


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    try:
        per_page = min(max(int(request.GET.get("per_page", per_page)), 10), 200)
    except ValueError:
        per_page = PAGE_SIZE
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
