"""/api/v1/dashboards/: the town's, a village's and a group's dashboard figures, scoped as the pages are; the
county's (its towns ranked) for the county office, who reads a town of its county with `?town=`.

`?period=2025` or `?period=2025Q3` (the working year when absent); a month or a bad spelling answers 400.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.queries.county import COUNTY_RANKINGS, county_dashboard
from reports.queries.dashboards import (
    dashboard,
    dashboard_period,
    group_for_dashboard,
    village_for_dashboard,
)
from reports.serializers.dashboards import CountyDashboardSerializer, DashboardSerializer
from reports.tasks import town_totals_asker
from villages.api_schema import OneObject
from villages.models import Town
from villages.periods import YEAR, Period
from villages.queries import counties_for, county_town_or_404, town_id_of
from villages.roles import is_county_office, sees_whole_town

PERIOD = OpenApiParameter("period", str, description="A year (2025) or a quarter (2025Q3); the working year if absent.")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
TOWN = OpenApiParameter("town", int, description="The county office: the town of its county to read.")
RANK = OpenApiParameter("rank", str, description="The figure the towns are ranked by (default: the assessments' "
                        "average result).")


def _period(request, town: Town):
    try:
        return dashboard_period(request.query_params.get("period"), town)
    except ValidationError as error:
        raise BadRequest({"period": error.messages}) from None


class _Dashboards(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = DashboardSerializer

    def answer(self, request, town: Town, **unit) -> Response:
        board = dashboard(request.user, town, _period(request, town), **unit)
        return Response(DashboardSerializer(board).data)


class TownDashboardViewSet(_Dashboards):
    """The town's dashboard: the town office and the leadership."""

    schema = OneObject()

    @extend_schema(parameters=[PERIOD, TOWN], responses=DashboardSerializer)
    def list(self, request):
        if is_county_office(request.user):
            return self.answer(request, county_town_or_404(request.user, request.query_params.get("town")))
        if not sees_whole_town(request.user) or town_id_of(request.user) is None:
            raise NotFound
        return self.answer(request, Town.objects.get(pk=town_id_of(request.user)))


class CountyDashboardViewSet(viewsets.ViewSet):
    """The county's dashboard: its totals and its towns ranked (the county office)."""

    permission_classes = [IsAuthenticated]
    serializer_class = CountyDashboardSerializer
    schema = OneObject()

    @extend_schema(parameters=[PERIOD, RANK], responses=CountyDashboardSerializer)
    def list(self, request):
        county = counties_for(request.user).first() if is_county_office(request.user) else None
        if county is None:
            raise NotFound
        raw = request.query_params.get("period")
        period = _period(request, None) if raw else Period(YEAR, timezone.localdate().year - 1)
        rank = request.query_params.get("rank")
        if rank and rank not in COUNTY_RANKINGS:
            raise BadRequest({"rank": [_("Rank by one of: %(codes)s.") % {"codes": ", ".join(COUNTY_RANKINGS)}]})
        board = county_dashboard(request.user, county, period, rank_by=rank, ask=town_totals_asker())
        return Response(CountyDashboardSerializer(board).data)


class VillageDashboardViewSet(_Dashboards):
    """A village's dashboard: any village of the town for the office and leadership, a specialist's own."""

    @extend_schema(parameters=[ID, PERIOD], responses=DashboardSerializer)
    def retrieve(self, request, pk=None):
        village = village_for_dashboard(request.user, _pk(pk))
        return self.answer(request, village.town, village=village)


class GroupDashboardViewSet(_Dashboards):
    """A villager group's dashboard: within the jurisdiction (a member's own group)."""

    @extend_schema(parameters=[ID, PERIOD], responses=DashboardSerializer)
    def retrieve(self, request, pk=None):
        group = group_for_dashboard(request.user, _pk(pk))
        return self.answer(request, group.village.town, group=group)


def _pk(raw) -> int:
    if not str(raw).isdigit():
        raise NotFound
    return int(raw)


ROUTES = [
    ("dashboards/town", TownDashboardViewSet, "dashboard-town"),
    ("dashboards/county", CountyDashboardViewSet, "dashboard-county"),
    ("dashboards/villages", VillageDashboardViewSet, "dashboard-village"),
    ("dashboards/groups", GroupDashboardViewSet, "dashboard-group"),
]
