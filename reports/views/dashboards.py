"""The leadership's dashboards: the town overview, a village's page, a group's page, and their charts as SVG.

The town office and the leadership read the whole town; a specialist reads their own village (and its
groups), an association member their own group; any other unit answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from reports.charts import CHARTS, TRENDS, Scope, chart_svg
from reports.queries import dashboards
from villages import catalogue
from villages.models import Town
from villages.queries import town_id_of
from villages.roles import is_association_member, is_specialist, sees_whole_town


def _town(user) -> Town:
    town_id = town_id_of(user)
    if town_id is None:
        raise Http404
    return Town.objects.get(pk=town_id)


def _period(request, town: Town):
    """The period asked for; a bad one is said on the page, which shows the working year instead."""
    try:
        return dashboards.dashboard_period(request.GET.get("period"), town)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return dashboards.dashboard_period(None, town)


def _render(request, board, scope: Scope, **extra):
    query = f"?period={board.period}"
    if scope.village is not None:
        query += f"&village={scope.village.pk}"
    if scope.group is not None:
        query += f"&group={scope.group.pk}"
    return render(request, "reports/overview.html", {
        "board": board, "scope": scope, "period": board.period, "found": board.found,
        "periods": dashboards.period_choices(board.town), "chart_query": query,
        "trends": [(f.code, f.name) for f in catalogue.readable(request.user) if f.code in TRENDS], **extra,
    })


@login_required
@require_GET
def town_overview(request):
    """The town's headline figures for the leadership and the town office."""
    if is_specialist(request.user):
        return redirect("reports:village_overview", pk=request.user.village_id)
    if is_association_member(request.user):
        return redirect("reports:group_overview", pk=request.user.group_id)
    if not sees_whole_town(request.user):
        raise Http404
    town = _town(request.user)
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
    if not sees_whole_town(request.user):
        raise Http404
    return Scope(_town(request.user))
