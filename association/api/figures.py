"""The association's figures for the dashboards."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from association import queries
from association import serializers as s
from association.api.common import as_int
from association.queries import figures
from villages.models import Village
from villages.queries import town_id_of
from villages.roles import is_association_member

FIGURE_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="The year (default: the latest year with monthly "
                     "feedback in the town, or this year). Members and coverage are taken at the year's end, or "
                     "today in this year."),
    OpenApiParameter("village", OpenApiTypes.INT, description="One village only."),
]


class AssociationFiguresViewSet(viewsets.GenericViewSet):
    """The association's figures for dashboards: per village, per group, and feedback by month."""

    serializer_class = s.VillageFiguresSerializer
    filter_backends = []

    def get_queryset(self):
        return Village.objects.none()

    def _year(self) -> int:
        """?year=, from 2000 to 2100 like the benefit figures' (the months of a far year have no dates)."""
        if "year" not in self.request.query_params:
            return queries.default_year(town_id_of(self.request.user), timezone.localdate())
        try:
            year = int(self.request.query_params["year"])
        except ValueError:
            year = 0
        if not 2000 <= year <= 2100:
            raise ApiValidationError({"year": ["A year such as 2025."]})
        return year

    def _village(self) -> int | None:
        value = self.request.query_params.get("village")
        if not value:
            return None
        try:
            return queries.village_for_association(self.request.user, int(value)).pk
        except ValueError:
            raise ApiValidationError({"village": ["Give the village's id."]}) from None

    def _check(self) -> None:
        if is_association_member(self.request.user):
            raise PermissionDenied

    @extend_schema(parameters=FIGURE_PARAMETERS, responses=s.VillageFiguresSerializer(many=True))
    def list(self, request):
        """Per village: members, groups without one, coverage, feedback counts, attendance, excellent association."""
        self._check()
        year, today = self._year(), timezone.localdate()
        rows = figures.village_figures(request.user, year, today, village_id=self._village())
        results = figures.association_results(request.user, year, today, rows)
        for row in rows:
            result = results.get(row.village.pk)
            row.excellent_association = result.excellent if result else None
            row.not_excellent_because = result.reasons if result else []
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.VillageFiguresSerializer(page, many=True).data)

    @extend_schema(parameters=[*FIGURE_PARAMETERS, OpenApiParameter("group", OpenApiTypes.INT)],
                   responses=s.MonthFeedbackSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # a plain list, as the schema then says
    def months(self, request):
        """Feedback by month of the year: expected, on time, late, missing, not yet due, on-time rate."""
        self._check()
        filters = {}
        if village := self._village():
            filters["village_id"] = village
        if group := request.query_params.get("group"):
            filters["group_id"] = as_int(group, "group")
        rows = figures.feedback_by_month(request.user, self._year(), timezone.localdate(), **filters)
        return Response(s.MonthFeedbackSerializer(rows, many=True).data)

    @extend_schema(parameters=[FIGURE_PARAMETERS[0],
                               OpenApiParameter("village", OpenApiTypes.INT, required=True)],
                   responses=s.GroupFiguresSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # a plain list, as the schema then says
    def groups(self, request):
        """Per villager group of a village: members, coverage and the year's feedback."""
        self._check()
        village = self._village()
        if village is None:
            raise ApiValidationError({"village": ["Give the village's id."]})
        rows = figures.group_rows(request.user, village, self._year(), timezone.localdate())
        for row in rows:
            row["member_count"] = len(row["members"])
        return Response(s.GroupFiguresSerializer(rows, many=True).data)
