"""/api/v1/dashboards/: the town's, a village's and a group's dashboard figures, scoped as the pages are.

`?period=2025` or `?period=2025Q3` (the working year when absent); a month or a bad spelling answers 400.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.queries.dashboards import dashboard, dashboard_period, group_for_dashboard, village_for_dashboard
from reports.serializers.dashboards import DashboardSerializer
from villages.api_schema import OneObject
from villages.models import Town
from villages.queries import town_id_of
from villages.roles import sees_whole_town

PERIOD = OpenApiParameter("period", str, description="A year (2025) or a quarter (2025Q3); the working year if absent.")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


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

    @extend_schema(parameters=[PERIOD], responses=DashboardSerializer)
    def list(self, request):
        if not sees_whole_town(request.user) or town_id_of(request.user) is None:
            raise NotFound
        return self.answer(request, Town.objects.get(pk=town_id_of(request.user)))


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
    ("dashboards/villages", VillageDashboardViewSet, "dashboard-village"),
    ("dashboards/groups", GroupDashboardViewSet, "dashboard-group"),
]
