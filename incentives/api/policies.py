"""Policies, their rates, rules and evidence checklists: read by the town, written by the town office."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from incentives import actions, queries, serializers
from incentives.api.common import BenefitViewSet
from incentives.filters import (
    PolicyFilter,
)
from incentives.models import Condition, EvidenceItem, Rate
from villages.permissions import TownOfficeWrites


class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Policies of every level in the user's town, with rates, rule and evidence checklist."""

    permission_classes = [TownOfficeWrites]

    serializer_class = serializers.PolicySerializer
    filterset_class = PolicyFilter
    ordering_fields = ["name", "level", "adopted_on"]
    search_fields = ["name", "code", "issuing_body"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return queries.policies_for(self.request.user).prefetch_related("rates", "conditions", "evidence").order_by(
            "level", "village__code", "name", "pk")

    def _show(self, pk):
        return serializers.PolicySerializer(self.get_queryset().get(pk=pk), context=self.get_serializer_context()).data

    @extend_schema(request=serializers.PolicyWriteSerializer, responses={201: serializers.PolicySerializer})
    def create(self, request):
        from villages.queries import towns_for

        data = self.valid(serializers.PolicyWriteSerializer)
        town = towns_for(request.user).first()
        policy = actions.create_policy(town=town, by=request.user, **data)
        return Response(self._show(policy.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PolicyUpdateSerializer, responses=serializers.PolicySerializer)
    def partial_update(self, request, pk=None):
        policy = self.get_object()
        data = dict(self.valid(serializers.PolicyUpdateSerializer))
        version = data.pop("version")
        actions.update_policy(policy=policy, by=request.user, version=version, **data)
        return Response(self._show(policy.pk))

    @extend_schema(request=serializers.EndPolicySerializer, responses=serializers.PolicySerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        policy = self.get_object()
        actions.end_policy(policy=policy, by=request.user, **self.valid(serializers.EndPolicySerializer))
        return Response(self._show(policy.pk))

    @extend_schema(request=serializers.RateSerializer, responses={201: serializers.RateSerializer})
    @action(detail=True, methods=["post"])
    def rates(self, request, pk=None):
        policy = self.get_object()
        data = self.valid(serializers.RateSerializer)
        rate = actions.add_rate(policy=policy, by=request.user, **data)
        return Response(serializers.RateSerializer(rate).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ConditionWriteSerializer, responses={201: serializers.ConditionSerializer})
    @action(detail=True, methods=["post"])
    def conditions(self, request, pk=None):
        policy = self.get_object()
        condition = actions.add_condition(policy=policy, by=request.user,
                                          **self.valid(serializers.ConditionWriteSerializer))
        return Response(serializers.ConditionSerializer(condition).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.EvidenceItemSerializer, responses={201: serializers.EvidenceItemSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        policy = self.get_object()
        item = actions.add_evidence_item(policy=policy, by=request.user,
                                         **self.valid(serializers.EvidenceItemSerializer))
        return Response(serializers.EvidenceItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[serializers.ForecastQuerySerializer], responses=serializers.ForecastSerializer)
    @action(detail=True, methods=["get"])
    def forecast(self, request, pk=None):
        policy = self.get_object()
        data = self.valid(serializers.ForecastQuerySerializer, data=request.query_params)
        if data.get("amount") is None and not policy.rates.exists():
            raise ApiValidationError({"amount": ["The policy has no rate yet: give the proposed amount."]})
        forecast = queries.forecast(request.user, policy, years=data["years"], first_year=data.get("first_year"),
                                    amount=data.get("amount"), unit=data["unit"])
        rows = [{"village": row.village.pk, "village_name": row.village.name,
                 "recipients": [count for count, _amount in row.cells],
                 "amounts": [amount for _count, amount in row.cells]} for row in forecast.rows]
        return Response(serializers.ForecastSerializer({"years": forecast.years, "rows": rows}).data)


class RateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Rates; a rate nobody was paid under can be corrected, any rate ended (PATCH)."""

    permission_classes = [TownOfficeWrites]

    serializer_class = serializers.RateSerializer
    filterset_fields = ["policy", "unit"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Rate.objects.filter(policy__in=queries.policies_for(self.request.user)).order_by("policy", "valid_from")

    @extend_schema(request=serializers.RateCorrectionSerializer, responses=serializers.RateSerializer)
    def partial_update(self, request, pk=None):
        rate = actions.correct_rate(rate=self.get_object(), by=request.user,
                                    **self.valid(serializers.RateCorrectionSerializer))
        return Response(serializers.RateSerializer(rate).data)


class ConditionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """The rules' conditions. They are rule text, not records about people: DELETE removes one (history kept)."""

    permission_classes = [TownOfficeWrites]

    serializer_class = serializers.ConditionSerializer
    filterset_fields = ["policy", "kind", "target"]

    def get_queryset(self):
        return Condition.objects.filter(policy__in=queries.policies_for(self.request.user)).order_by(
            "policy", "position", "pk")

    @extend_schema(request=serializers.ConditionWriteSerializer, responses=serializers.ConditionSerializer)
    def partial_update(self, request, pk=None):
        condition = self.get_object()
        data = dict(self.valid(serializers.ConditionWriteSerializer, partial=True))
        condition = actions.update_condition(condition=condition, by=request.user, **data)
        return Response(serializers.ConditionSerializer(condition).data)

    def valid(self, serializer_class, data=None, partial=False, **context):
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return {key: value for key, value in serializer.validated_data.items() if key in self.request.data}

    def destroy(self, request, pk=None):
        actions.remove_condition(condition=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):

    permission_classes = [TownOfficeWrites]
    serializer_class = serializers.EvidenceItemSerializer
    filterset_fields = ["policy"]

    def get_queryset(self):
        return EvidenceItem.objects.filter(policy__in=queries.policies_for(self.request.user)).order_by(
            "policy", "position", "pk")

    def destroy(self, request, pk=None):
        actions.remove_evidence_item(item=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


