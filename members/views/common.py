from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from members.models import Household
from villages.queries import changeable

PAGE_SIZE = 50


def require_change(user, household: Household) -> None:
    """Pages that change a household: 404 came first (scoping); a reader who may not change gets 403."""
    if not changeable(Household.objects.filter(pk=household.pk), user).exists():
        raise PermissionDenied


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    try:
        per_page = min(max(int(request.GET.get("per_page", per_page)), 10), 200)
    except ValueError:
        per_page = PAGE_SIZE
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
