"""The leadership's dashboards: the town overview, a village's page, a group's page, and their charts as SVG;
the county office's county overview (its towns ranked) and closing a period for the county.

The town office and the leadership read the whole town, the county office every town of its county (a town's
pages with `?town=`); a specialist reads their own village (and its
groups), an association member their own group; any other unit answers 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from reports.charts import CHARTS, TRENDS, Scope, chart_svg
from reports.queries import dashboards
from reports.queries.county import COUNTY_RANKINGS, county_dashboard
from reports.tasks import town_totals_asker
from villages import catalogue, closing
from villages.models import Town
from villages.periods import YEAR, Period, PeriodFormField
from villages.queries import counties_for, town_read
from villages.roles import is_association_member, is_county_office, is_specialist, sees_whole_town


def _town(request) -> Town:
    """The user's town; for the county office, the town of its county named by `?town=`."""
    return town_read(request.user, request.GET.get("town"))


def _period(request, town: Town):
    """The period asked for; a bad one is said on the page, which shows the working year instead."""
    try:
        return dashboards.dashboard_period(request.GET.get("period"), town)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return dashboards.dashboard_period(None, town)


def _render(request, board, scope: Scope, **extra):
    query = f"?period={board.period}"
    town_query = ""
    if is_county_office(request.user):
        town_query = f"&town={board.town.pk}"
        query += town_query
        for row in board.rows:
            for line in row.lines:
                line.link += town_query
    if scope.village is not None:
        query += f"&village={scope.village.pk}"
    if scope.group is not None:
        query += f"&group={scope.group.pk}"
    return render(request, "reports/overview.html", {
        "board": board, "scope": scope, "period": board.period, "found": board.found,
        "periods": dashboards.period_choices(board.town), "chart_query": query,
        "trends": [(f.code, f.name) for f in catalogue.readable(request.user) if f.code in TRENDS],
        "town_query": town_query, **extra,
    })


@login_required
@require_GET
def town_overview(request):
    """The town's headline figures for the leadership and the town office."""
    if is_specialist(request.user):
        return redirect("reports:village_overview", pk=request.user.village_id)
    if is_association_member(request.user):
        return redirect("reports:group_overview", pk=request.user.group_id)
    if is_county_office(request.user) and "town" not in request.GET:
        return redirect("reports:county_overview")
    if not (sees_whole_town(request.user) or is_county_office(request.user)):
        raise Http404
    town = _town(request)
    board = dashboards.dashboard(request.user, town, _period(request, town))
    return _render(request, board, Scope(town))


@login_required
@require_GET
def village_overview(request, pk):
    """One village's figures, its rank and assessment items, its rectification plan, its groups."""
    village = dashboards.village_for_dashboard(request.user, pk)
    town = village.town
    period = _period(request, town)
    board = dashboards.dashboard(request.user, town, period, village=village)
    rank = next((row for row in board.ranking if row["village_id"] == village.pk), None)
    return _render(request, board, Scope(town, village=village), rank=rank,
                   items=dashboards.assessment_items(village, period),
                   lagging=dashboards.rectification(request.user, village, period.year),
                   groups=dashboards.groups_of(request.user, village))


@login_required
@require_GET
def group_overview(request, pk):
    """One villager group's figures."""
    group = dashboards.group_for_dashboard(request.user, pk)
    town = group.village.town
    board = dashboards.dashboard(request.user, town, _period(request, town), group=group)
    return _render(request, board, Scope(town, village=group.village, group=group))


@login_required
@require_GET
def overview_chart(request, name):
    """One chart of a dashboard as an SVG image (the pages show it with <img>, which the CSP allows)."""
    if name not in CHARTS:
        raise Http404
    scope = _chart_scope(request)
    try:
        period = dashboards.dashboard_period(request.GET.get("period"), scope.town)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
    svg = chart_svg(name, user=request.user, scope=scope, period=period,
                    code=request.GET.get("code", "members.births"))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def _chart_scope(request) -> Scope:
    group, village = request.GET.get("group", ""), request.GET.get("village", "")
    if group.isdigit():
        found = dashboards.group_for_dashboard(request.user, int(group))
        return Scope(found.village.town, village=found.village, group=found)
    if village.isdigit():
        found = dashboards.village_for_dashboard(request.user, int(village))
        return Scope(found.town, village=found)
    if not (sees_whole_town(request.user) or is_county_office(request.user)):
        raise Http404
    return Scope(_town(request))


# --- The county ------------------------------------------------------------------------------------------------

def _county(request):
    """The county office's own county; anyone else: not found."""
    counties = counties_for(request.user) if is_county_office(request.user) else None
    county = counties.first() if counties is not None else None
    if county is None:
        raise Http404
    return county


def _county_period(request, county) -> Period:
    """The period asked for, else the county's working year: the earliest working year its towns' offices set
    (last year where a town set none; no scan of the records, which would cost seconds on twenty towns)."""
    last_year = timezone.localdate().year - 1
    year = min((town.working_year or last_year for town in county.towns.all()), default=last_year)
    raw = request.GET.get("period")
    if raw:
        try:
            return dashboards.dashboard_period(raw, None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return Period(YEAR, year)


@login_required
@require_GET
def county_overview(request):
    """The county's totals and its towns ranked by a figure, each town linking to its own overview."""
    county = _county(request)
    period = _county_period(request, county)
    board = county_dashboard(request.user, county, period, rank_by=request.GET.get("rank"),
                             ask=town_totals_asker())
    periods = dashboards.period_choices(None, newest=max(period.year, timezone.localdate().year))
    return render(request, "reports/county_overview.html", {
        "board": board, "period": period, "periods": periods, "rankings": COUNTY_RANKINGS,
        "closable": _closable(period), "form": CountyCloseForm(initial={"period": str(period)}),
    })


def _closable(period: Period) -> bool:
    try:
        closing.check_closable(period)
    except ValidationError:
        return False
    return True


class CountyCloseForm(forms.Form):
    period = PeriodFormField(label=gettext_lazy("Period"))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)


@login_required
@require_POST
def county_close(request):
    """Close a year or a quarter for every town of the county that has not closed it (all or none)."""
    county = _county(request)
    form = CountyCloseForm(request.POST)
    if form.is_valid():
        period = Period.parse(form.cleaned_data["period"])
        try:
            made = closing.close_county(county=county, period=period, by=request.user,
                                        note=form.cleaned_data.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ngettext(
                "%(period)s closed for %(count)s town.", "%(period)s closed for %(count)s towns.", len(made))
                % {"period": period.label, "count": len(made)})
        return redirect(f"{reverse('reports:county_overview')}?period={period}")
    messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect("reports:county_overview")
