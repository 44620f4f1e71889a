"""Cycles, entitlements and payments: computed and approved by the town, reviewed by the villages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from incentives import actions, queries, serializers
from incentives.api.common import BenefitViewSet, LoggedPolicyReads
from incentives.filters import (
    CycleFilter,
    EntitlementFilter,
    PaymentFilter,
)
from villages.permissions import TownOfficeWrites
from villages.queries import villages_for


class CycleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Cycles, with the user's share of their entitlements. POST opens one (idempotent)."""

    permission_classes = [TownOfficeWrites]

    serializer_class = serializers.CycleSerializer
    filterset_class = CycleFilter
    ordering_fields = ["starts_on", "period"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.cycle_list(self.request.user)

    def _show(self, pk):
        return serializers.CycleSerializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=serializers.OpenCycleSerializer, responses={201: serializers.CycleSerializer})
    def create(self, request):
        data = self.valid(serializers.OpenCycleSerializer, policies=queries.policies_for(request.user))
        cycle = actions.open_cycle(by=request.user, **data)
        return Response(self._show(cycle.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.ComputeResultSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        result = actions.compute_cycle(cycle=self.get_object(), by=request.user)
        return Response(serializers.ComputeResultSerializer(result).data)

    @extend_schema(request=serializers.ComputePeriodSerializer, responses=serializers.PeriodResultSerializer)
    @action(detail=False, methods=["post"], url_path="compute-period")
    def compute_period(self, request):
        """Open and compute every policy's cycle of the town for a period, together (as the cycle list's form)."""
        data = self.valid(serializers.ComputePeriodSerializer)
        result = actions.compute_period(town=request.user.town, by=request.user, **data)
        return Response(serializers.PeriodResultSerializer(result).data)

    @extend_schema(request=serializers.ApproveSerializer, responses=serializers.CycleSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        cycle = self.get_object()
        data = self.valid(serializers.ApproveSerializer)
        try:
            exceptions = {int(key): reason for key, reason in data["exceptions"].items()}
        except ValueError:
            raise ApiValidationError({"exceptions": ["Use entitlement ids as keys."]}) from None
        actions.approve_cycle(cycle=cycle, by=request.user, exceptions=exceptions, note=data["note"])
        return Response(self._show(cycle.pk))

    @extend_schema(responses=serializers.CycleVillageSerializer(many=True))
    @action(detail=True, methods=["get"])
    def villages(self, request, pk=None):
        return Response(serializers.CycleVillageSerializer(queries.cycle_villages(request.user, self.get_object()),
                                                           many=True).data)


class EntitlementViewSet(LoggedPolicyReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Entitlements in the user's jurisdiction (sensitive policies only for who may see them, logged)."""

    logged_as, logged_what = "entitlement", "entitlements of policies using sensitive data"

    serializer_class = serializers.EntitlementSerializer
    filterset_class = EntitlementFilter
    ordering_fields = ["amount", "period"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.entitlements_for(self.request.user).select_related("policy", "household", "person").order_by(
            "-cycle__starts_on", "village__code", "household__number", "pk")

    def _row_action(self, function, **kwargs):
        entitlement = function(entitlement=self.get_object(), by=self.request.user, **kwargs)
        return Response(serializers.EntitlementSerializer(entitlement).data)

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.EntitlementSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._row_action(actions.return_entitlement, **self.valid(serializers.ReasonSerializer))

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.EntitlementSerializer)
    @action(detail=True, methods=["post"], url_path="except")
    def except_(self, request, pk=None):
        return self._row_action(actions.except_entitlement, **self.valid(serializers.ReasonSerializer))

    @extend_schema(request=None, responses=serializers.EntitlementSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._row_action(actions.reopen_entitlement)

    @extend_schema(request=serializers.ConfirmSerializer, responses=serializers.CountSerializer)
    @action(detail=False, methods=["post"])
    def confirm(self, request):
        data = self.valid(serializers.ConfirmSerializer, cycles=queries.cycles_for(request.user),
                          villages=villages_for(request.user))
        count = actions.confirm_entitlements(by=request.user, **data)
        return Response({"count": count})


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Payments; POST records one for a village's approved entitlements of a cycle (it must reconcile)."""

    permission_classes = [TownOfficeWrites]

    serializer_class = serializers.PaymentSerializer
    filterset_class = PaymentFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.payments_for(self.request.user).order_by("-paid_on", "-pk")

    @extend_schema(request=serializers.PaymentSerializer, responses={201: serializers.PaymentSerializer})
    def create(self, request):
        data = self.valid(serializers.PaymentSerializer, cycles=queries.cycles_for(request.user),
                          villages=villages_for(request.user))
        payment = actions.record_payment(by=request.user, **data)
        return Response(serializers.PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


