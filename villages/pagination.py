"""Every paginated page of the app: the same page size, the same ?page= and ?per_page= parameters.

Pages render templates/includes/pagination.html, whose links keep the other GET parameters.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 50
SMALLEST_PAGE, LARGEST_PAGE = 10, 200


def paginate(request, queryset: QuerySet) -> Page:
    """The page asked for (the last one past the end, the first one for nonsense); ?per_page= within bounds."""
    try:
        per_page = min(max(int(request.GET.get("per_page", PAGE_SIZE)), SMALLEST_PAGE), LARGEST_PAGE)
    except ValueError:
        per_page = PAGE_SIZE
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
