"""The registry's monthly figures: people registered per village, opening + in − out = closing."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from members import queries
from villages import closing
from villages.models import Town
from villages.periods import MONTH, Period, month_end
from villages.queries import town_id_of, villages_for


@login_required
def figures(request):
    """A month's registered people per village: opening + in − out = closing, late records shown apart."""
    today = timezone.localdate()
    try:
        month = Period.parse(request.GET.get("month", "")).starts_on
    except ValidationError:
        # The month under way in the working year, or the working year's last month once it is over.
        year = closing.working_year(Town.objects.filter(pk=town_id_of(request.user)).first())
        month = today.replace(day=1) if year == today.year else Period(MONTH, year, 12).starts_on
    end = month_end(month)
    figures = queries.village_figures(request.user, month, end)
    villages = list(villages_for(request.user).filter(pk__in=list(figures)))
    rows = [(village, figures[village.pk]) for village in villages]
    total = queries.PeriodFigures(village_id=0)
    for _village, figure in rows:
        for name in ("opening", "came_in", "went_out", "late_in", "late_out"):
            setattr(total, name, getattr(total, name) + getattr(figure, name))
    return render(request, "members/figures.html", {"rows": rows, "total": total if len(rows) > 1 else None,
                                                    "month": month, "end": end, "is_closed": end < today})
