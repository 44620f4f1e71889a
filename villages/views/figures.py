"""The catalogue of figures (where a number comes from), and closing a period (the town office)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from villages import catalogue, closing
from villages.catalogue import GROUP, TOWN, VILLAGE
from villages.form_errors import apply_errors
from villages.forms import CloseForm, WorkingYearForm
from villages.models import PeriodClosing, Town
from villages.pagination import paginate
from villages.periods import QUARTER, Period
from villages.queries import groups_for, town_read, village_in_scope, villages_for
from villages.roles import is_county_office, is_leadership, is_town_office, may_see_people, reads_aggregates_only


def _town(request) -> Town:
    """The user's town; for the county office, the town of its county named by `?town=`."""
    village = request.GET.get("village", "")
    if is_county_office(request.user) and "town" not in request.GET and village.isdigit():
        return village_in_scope(request.user, int(village)).town
    return town_read(request.user, request.GET.get("town"))


def _town_query(request, town: Town) -> str:
    """What the links of a figure page add for the county office, who reads a town of its county by `?town=`."""
    return f"&town={town.pk}" if is_county_office(request.user) else ""


def period_options(town: Town) -> list[Period]:
    """The years with data, each followed by its quarters, newest first."""
    options = []
    for year in closing.year_choices(town):
        options.append(Period.parse(str(year)))
        options.extend(reversed(Period.parse(str(year)).within(QUARTER)))
    return options


def chosen_period(request, town: Town) -> Period:
    """The period asked for, else the town's working year; a bad spelling falls back to the working year."""
    try:
        return Period.parse(request.GET.get("period", ""))
    except ValidationError:
        return Period.parse(str(closing.working_year(town)))


@login_required
def catalogue_page(request):
    """Every figure the town publishes, with its definition and its value for the chosen period."""
    town = _town(request)
    period = chosen_period(request, town)
    figures = catalogue.readable(request.user)
    found = catalogue.values(town.pk, period, [f.code for f in figures])
    level, unit, unit_name = catalogue.reader_unit(request.user, town)
    aggregate_only = reads_aggregates_only(request.user)
    topics: dict[str, list] = {}
    for figure in figures:
        value = catalogue.shown(figure, found.get(figure.code, level, unit), aggregate_only=aggregate_only, level=level)
        topics.setdefault(str(figure.topic), []).append({"figure": figure, "value": value})
    return render(request, "villages/figures.html", {
        "town": town, "period": period, "periods": period_options(town), "topics": topics, "found": found,
        "unit_name": unit_name, "level": level, "town_query": _town_query(request, town),
    })


@login_required
def figure_page(request, code):
    """One figure: its definition, its value per village (or per group of a village), its breakdowns, its records."""
    if not catalogue.exists(code):
        raise Http404
    figure = catalogue.get(code)
    if figure not in catalogue.readable(request.user):
        raise Http404
    town = _town(request)
    period = chosen_period(request, town)
    found = catalogue.values(town.pk, period, [code])
    village = _village_asked(request, town)
    if village is not None:
        level, unit, unit_name = VILLAGE, village.pk, village.name
    else:
        level, unit, unit_name = catalogue.reader_unit(request.user, town)
    aggregate_only = reads_aggregates_only(request.user)
    rows = _rows(request.user, town, figure, found, level, unit, aggregate_only)
    breakdowns = [
        (dimension, [(dimension.label(cat), catalogue.shown(figure, value, aggregate_only=aggregate_only, level=level))
                     for cat, value in found.breakdown(code, dimension, level, unit).items()])
        for dimension in figure.breakdowns
    ]
    records = None
    if figure.records is not None and may_see_people(request.user) and not found.is_closed:
        records = paginate(request, figure.records(request.user, period, level, unit))
    return render(request, "villages/figure.html", {
        "town": town, "figure": figure, "period": period, "periods": period_options(town), "found": found,
        "value": catalogue.shown(figure, found.get(code, level, unit), aggregate_only=aggregate_only, level=level),
        "unit_name": unit_name, "level": level, "village": village, "rows": rows, "breakdowns": breakdowns,
        "records": records, "town_query": _town_query(request, town),
    })


def _village_asked(request, town: Town):
    raw = request.GET.get("village", "")
    if not raw.isdigit():
        return None
    return village_in_scope(request.user, int(raw))


def _rows(user, town: Town, figure, found, level: str, unit: int, aggregate_only: bool) -> list[dict]:
    """The figure's value in each unit below the one shown: villages of the town, groups of a village."""
    if level == TOWN and VILLAGE in figure.levels:
        villages = villages_for(user).filter(town=town).select_related(None).only("pk", "name")
        units = [(VILLAGE, v.pk, v.name, v) for v in villages]
    elif level == VILLAGE and GROUP in figure.levels:
        groups = groups_for(user).select_related(None).filter(village_id=unit).only("pk", "name")
        units = [(GROUP, g.pk, g.name, None) for g in groups]
    else:
        return []
    return [{"name": name, "village": village, "level": below,
             "value": catalogue.shown(figure, found.get(figure.code, below, pk), aggregate_only=aggregate_only,
                                      level=below)} for below, pk, name, village in units]


@login_required
def closings_page(request):
    """The town's closed periods, closing one, and the working year (the town office)."""
    if not (is_town_office(request.user) or is_leadership(request.user)):
        raise PermissionDenied
    town = _town(request)
    form = CloseForm(request.POST if request.method == "POST" and "close" in request.POST else None, town=town)
    year_form = WorkingYearForm(request.POST if request.method == "POST" and "working_year" in request.POST
                                else None, initial={"working_year": town.working_year})
    if request.method == "POST":
        if not is_town_office(request.user):
            raise PermissionDenied
        if "close" in request.POST and form.is_valid():
            made = _close(request, form, town, Period.parse(form.cleaned_data["period"]))
            if made is not None:
                return redirect("villages:closing", pk=made.pk)
        elif "working_year" in request.POST and year_form.is_valid():
            town.working_year = year_form.cleaned_data["working_year"]
            town._history_user = request.user
            town.save(update_fields=["working_year"])
            messages.success(request, _("The working year is now %(year)s.") % {"year": town.working_year})
            return redirect("villages:closings")
    rows = list(closing.closings(town.pk))
    counts = closing.correction_counts(rows)
    for row in rows:
        row.correction_count = counts.get(row.pk, 0)
    return render(request, "villages/closings.html", {
        "town": town, "closings": rows, "form": form, "year_form": year_form,
        "working_year": closing.working_year(town), "may_close": is_town_office(request.user),
    })


def _close(request, form, town: Town, period: Period) -> PeriodClosing | None:
    try:
        made = closing.close(town=town, period=period, by=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, _("%(period)s is closed (version %(version)s): %(count)s figures stored.")
                     % {"period": period.label, "version": made.version, "count": made.values_count})
    return made


@login_required
def closing_page(request, pk):
    """One closed period: the corrections made since, the figures they would change, and closing it again."""
    if not (is_town_office(request.user) or is_leadership(request.user)):
        raise PermissionDenied
    town = _town(request)
    made = get_object_or_404(PeriodClosing.objects.select_related("closed_by"), pk=pk, town=town)
    form = CloseForm(request.POST or None, town=town, initial={"period": made.period})
    if request.method == "POST":
        if not is_town_office(request.user) or not made.is_current:
            raise PermissionDenied
        if form.is_valid() and form.cleaned_data["period"] == made.period:
            again = _close(request, form, town, made.period_obj)
            if again is not None:
                return redirect("villages:closing", pk=again.pk)
    versions = list(PeriodClosing.objects.filter(town=town, period=made.period).select_related("closed_by")
                    .order_by("-version"))
    return render(request, "villages/closing.html", {
        "town": town, "closing": made, "versions": versions, "form": form,
        "corrections": list(closing.corrections_since(made)),
        "changes": closing.changes_since_closing(made) if made.is_current else None,
        "may_close": is_town_office(request.user) and made.is_current,
    })
