"""/api/v1/assistance/ and /api/v1/assistance-projects/. A family's hardship is personal: the records household
by household are for the town office and the village's specialist; the leadership reads the year's totals
(…/assistance/totals/?year=) and the projects' counts."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from members.models import Person
from services import serializers as s
from services.actions import assistance as actions
from services.api.common import ServicesPermission, Writes
from services.queries import assistance as queries
from services.queries.funding import fundraisings_for
from services.queries.scope import writable_villages
from villages.closing import chosen_year
from villages.models import Appointment


class AssistanceViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Help given to households: school fees (with the children), hardship grants, pairings, and participations
    in projects. POST records one (not a participation: …/assistance-projects/{id}/join/), PATCH corrects one or
    ends a pairing (`until`) with the version read, POST …/void/ voids one given by mistake, POST
    …/out-of-poverty/ sets the household's poverty status in the registry. Nothing is deleted."""

    serializer_class = s.AssistanceSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "kind", "household", "project", "fundraising"]
    ordering_fields = ["given_on", "amount"]

    def get_queryset(self):
        children = Prefetch("children", queryset=Person.objects.order_by("pk"))
        return queries.records_for(self.request.user).prefetch_related(children).order_by("-given_on", "pk")

    def _input(self, **kwargs) -> dict:
        user = self.request.user
        villages = writable_villages(user)
        return self.valid(s.AssistanceSerializer, fundraisings=fundraisings_for(user),
                          appointments=Appointment.objects.filter(position__village__in=villages), **kwargs)

    def _read(self, record, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data, status=code)

    def create(self, request):
        data = self._input()
        data.pop("version", None)
        record = actions.give_assistance(by=request.user, **data)
        return self._read(record, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        record = self.get_object()
        data = self._input(partial=True)
        for field in ("household", "kind"):
            data.pop(field, None)
        actions.update_assistance(record=record, version=self.version_of(data), by=request.user, **data)
        return self._read(record)

    @extend_schema(request=s.VoidAssistanceSerializer, responses=s.AssistanceSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        record = self.get_object()
        data = self.valid(s.VoidAssistanceSerializer)
        actions.void_assistance(record=record, reason=data["reason"], version=data.get("version"), by=request.user,
                                correction_reason=data["correction_reason"])
        return self._read(record)

    @extend_schema(request=s.OutOfPovertySerializer, responses=s.AssistanceSerializer)
    @action(detail=True, methods=["post"], url_path="out-of-poverty")
    def out_of_poverty(self, request, pk=None):
        record = self.get_object()
        data = self.valid(s.OutOfPovertySerializer)
        actions.record_out_of_poverty(household=record.household, lifted_on=data["lifted_on"],
                                      version=data.get("version"), by=request.user,
                                      correction_reason=data["correction_reason"])
        return self._read(record)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=s.KindTotalSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # one row a kind, not pages (the schema said pages)
    def totals(self, request):
        town = self.town()
        year = chosen_year(request.query_params.get("year"), town)
        return Response(s.KindTotalSerializer(queries.kind_totals(request.user, year), many=True).data)


class AssistanceProjectViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Villages' assistance projects with the households taking part and those out of poverty since joining.
    POST starts one, PATCH changes it (an `ended_on` ends the participations still running) with the version
    read; POST …/join/ adds a household of the project's village."""

    serializer_class = s.AssistanceProjectSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village"]
    ordering_fields = ["started_on"]

    def get_queryset(self):
        return queries.project_list(self.request.user)

    def _read(self, project, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data, status=code)

    def create(self, request):
        data = self.valid(s.AssistanceProjectSerializer)
        data.pop("version", None)
        data.pop("ended_on", None)
        village = data.pop("village")
        project = actions.start_project(town=village.town, village=village, by=request.user, **data)
        return self._read(project, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        project = self.get_object()
        data = self.valid(s.AssistanceProjectSerializer, partial=True)
        data.pop("village", None)
        actions.update_project(project=project, version=self.version_of(data), by=request.user, **data)
        return self._read(project)

    @extend_schema(request=s.JoinProjectSerializer, responses=s.AssistanceProjectSerializer)
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        project = self.get_object()
        data = self.valid(s.JoinProjectSerializer)
        actions.join_project(project=project, by=request.user, household=data["household"],
                             joined_on=data["joined_on"], helper_name=data["helper_name"], note=data["note"],
                             correction_reason=data["correction_reason"])
        return self._read(project, status.HTTP_201_CREATED)
