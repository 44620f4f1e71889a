"""/api/v1/model-families/ (POST …/withdraw/ withdraws a title), /api/v1/cadre-appraisals/ (POST …/criteria/,
…/candidates/, …/decide/, …/withdraw-award/) and /api/v1/pingan-villages/ (POST …/decide/, …/revoke/)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from services import serializers as s
from services.actions import honours as actions
from services.api.common import ServicesPermission, Writes
from services.queries import honours as queries
from villages.roles import is_town_office


class ModelFamilyViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Families selected in the model-family selections (good mother-in-law, good daughter-in-law, family planning
    model). POST selects one (the town office, or a village's specialist for the village), PATCH corrects one with
    the version read, POST …/withdraw/ withdraws the title (the town office); nothing is deleted."""

    serializer_class = s.ModelFamilySerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "year", "category"]
    ordering_fields = ["announced_on", "year"]

    def get_queryset(self):
        return queries.families_for(self.request.user).order_by("-year", "category", "village__code", "pk")

    def _read(self, selection, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=selection.pk)).data, status=code)

    def create(self, request):
        data = self.valid(s.ModelFamilySerializer)
        data.pop("version", None)
        selection = actions.select_model_family(town=self.town(), by=request.user, **data)
        return self._read(selection, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        selection = self.get_object()
        data = self.valid(s.ModelFamilySerializer, partial=True)
        for fixed in ("village", "household", "year"):
            data.pop(fixed, None)
        actions.update_model_family(selection=selection, version=self.version_of(data), by=request.user, **data)
        return self._read(selection)

    @extend_schema(request=s.WithdrawFamilySerializer, responses=s.ModelFamilySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        selection = self.get_object()
        data = self.valid(s.WithdrawFamilySerializer)
        actions.withdraw_model_family(selection=selection, version=data.pop("version", None), by=request.user,
                                      **data)
        return self._read(selection)


class CadreAppraisalViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The town's "Top Ten Village Cadres" appraisals with their criteria and the results the reader may see (a
    specialist their village's). The town office sets one up (POST), adds criteria, decides it (each award an
    honour of the rewards and sanctions ledger) and withdraws an award (the ledger's withdrawal, linked); a
    specialist puts forward their village's cadres."""

    serializer_class = s.CadreAppraisalSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["year"]

    def get_queryset(self):
        results = Prefetch("results", queryset=queries.results_for(self.request.user).order_by("rank", "-score", "pk"),
                           to_attr="result_rows")
        return queries.appraisals_for(self.request.user).prefetch_related("criteria", results).order_by("-year")

    def _read(self, appraisal, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=appraisal.pk)).data, status=code)

    def _office(self):
        if not is_town_office(self.request.user):
            raise PermissionDenied

    def create(self, request):
        self._office()
        data = self.valid(s.CadreAppraisalSerializer)
        data.pop("version", None)
        appraisal = actions.set_up_appraisal(town=self.town(), by=request.user, **data)
        return self._read(appraisal, status.HTTP_201_CREATED)

    @extend_schema(request=s.AppraisalCriterionSerializer, responses=s.CadreAppraisalSerializer)
    @action(detail=True, methods=["post"])
    def criteria(self, request, pk=None):
        appraisal = self.get_object()
        self._office()
        actions.add_criterion(appraisal=appraisal, by=request.user, **self.valid(s.AppraisalCriterionSerializer))
        return self._read(appraisal, status.HTTP_201_CREATED)

    @extend_schema(request=s.CandidateSerializer, responses=s.CadreAppraisalSerializer)
    @action(detail=True, methods=["post"])
    def candidates(self, request, pk=None):
        appraisal = self.get_object()
        actions.add_candidate(appraisal=appraisal, by=request.user, **self.valid(s.CandidateSerializer))
        return self._read(appraisal, status.HTTP_201_CREATED)

    @extend_schema(request=s.DecideAppraisalSerializer, responses=s.CadreAppraisalSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        appraisal = self.get_object()
        self._office()
        data = self.valid(s.DecideAppraisalSerializer)
        actions.decide_appraisal(appraisal=appraisal, version=self.version_of(data), by=request.user, **data)
        return self._read(appraisal)

    @extend_schema(request=s.WithdrawAwardSerializer, responses=s.CadreAppraisalSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw-award")
    def withdraw_award(self, request, pk=None):
        appraisal = self.get_object()
        self._office()
        data = self.valid(s.WithdrawAwardSerializer)
        result = queries.results_for(request.user).filter(appraisal=appraisal, pk=data.pop("result")).first()
        if result is None:
            raise NotFound
        actions.withdraw_award(result=result, version=data.pop("version", None), by=request.user, **data)
        return self._read(appraisal)


class PingAnVillageViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The villages' Ping'an Village creation by year: POST applies (a village's specialist or the town office),
    POST …/decide/ accepts or does not pass the application, POST …/revoke/ revokes the title (the town office)."""

    serializer_class = s.PingAnVillageSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "year", "state"]
    ordering_fields = ["year", "applied_on"]

    def get_queryset(self):
        return queries.creations_for(self.request.user).order_by("-year", "village__code")

    def _read(self, creation, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=creation.pk)).data, status=code)

    def create(self, request):
        data = self.valid(s.PingAnVillageSerializer)
        data.pop("version", None)
        creation = actions.apply_pingan(town=self.town(), by=request.user, **data)
        return self._read(creation, status.HTTP_201_CREATED)

    @extend_schema(request=s.DecidePingAnSerializer, responses=s.PingAnVillageSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        creation = self.get_object()
        data = self.valid(s.DecidePingAnSerializer)
        actions.decide_pingan(creation=creation, version=data.pop("version", None), by=request.user, **data)
        return self._read(creation)

    @extend_schema(request=s.RevokePingAnSerializer, responses=s.PingAnVillageSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        creation = self.get_object()
        data = self.valid(s.RevokePingAnSerializer)
        actions.revoke_pingan(creation=creation, version=data.pop("version", None), by=request.user, **data)
        return self._read(creation)
