"""The registry's monthly figures: people registered per village, opening + in − out = closing."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from members import queries
from villages.periods import month_end
from villages.queries import villages_for


@login_required
def figures(request):
    """A month's registered people per village: opening + in − out = closing, late records shown apart."""
    today = timezone.localdate()
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        month = today.replace(day=1)
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
