"""/api/v1/ for policies and benefits: the same scoping, rules and validation as the pages.

Policies, rates, rules, cycles, approval and payments are the town office's to write; villages
review their entitlements, record facts and hold recipients. Nothing about people is deleted:
entitlements are returned, excepted, suspended or stopped with a reason; facts are deactivated.
A refused action answers 400 with field errors; a stale `version`, 409.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from incentives import actions, queries, serializers
from incentives.filters import (
    BudgetFilter,
    CycleFilter,
    EntitlementFilter,
    FactFilter,
    HoldFilter,
    PaymentFilter,
    PolicyFilter,
)
from incentives.models import Condition, EvidenceItem, Rate
from incentives.queries.figures import village_policies_by_kind
from members.privacy import log_access
from villages.models import SensitiveAccess
from villages.permissions import TownOfficeWrites
from villages.queries import changeable, villages_for


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def run(function, **kwargs):
    """Call an action; its refusals become 400 with field errors, a stale version 409."""
    try:
        return function(**kwargs)
    except actions.StaleRecord as stale:
        raise Conflict(str(stale)) from None
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ApiValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages}) from None
        raise ApiValidationError({api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                                  for field, messages in error.message_dict.items()}) from None


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class BenefitViewSet(viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = Pagination

    def valid(self, serializer_class, data=None, **context):
        serializer = serializer_class(data=self.request.data if data is None else data,
                                      context={**self.get_serializer_context(), **context})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


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
        policy = run(actions.create_policy, town=town, by=request.user, **data)
        return Response(self._show(policy.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PolicyUpdateSerializer, responses=serializers.PolicySerializer)
    def partial_update(self, request, pk=None):
        policy = self.get_object()
        data = dict(self.valid(serializers.PolicyUpdateSerializer))
        version = data.pop("version")
        run(actions.update_policy, policy=policy, by=request.user, version=version, **data)
        return Response(self._show(policy.pk))

    @extend_schema(request=serializers.EndPolicySerializer, responses=serializers.PolicySerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        policy = self.get_object()
        run(actions.end_policy, policy=policy, by=request.user, **self.valid(serializers.EndPolicySerializer))
        return Response(self._show(policy.pk))

    @extend_schema(request=serializers.RateSerializer, responses={201: serializers.RateSerializer})
    @action(detail=True, methods=["post"])
    def rates(self, request, pk=None):
        policy = self.get_object()
        data = self.valid(serializers.RateSerializer)
        rate = run(actions.add_rate, policy=policy, by=request.user, **data)
        return Response(serializers.RateSerializer(rate).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ConditionWriteSerializer, responses={201: serializers.ConditionSerializer})
    @action(detail=True, methods=["post"])
    def conditions(self, request, pk=None):
        policy = self.get_object()
        condition = run(actions.add_condition, policy=policy, by=request.user,
                        **self.valid(serializers.ConditionWriteSerializer))
        return Response(serializers.ConditionSerializer(condition).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.EvidenceItemSerializer, responses={201: serializers.EvidenceItemSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        policy = self.get_object()
        item = run(actions.add_evidence_item, policy=policy, by=request.user,
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
        rate = run(actions.correct_rate, rate=self.get_object(), by=request.user,
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
        condition = run(actions.update_condition, condition=condition, by=request.user, **data)
        return Response(serializers.ConditionSerializer(condition).data)

    def valid(self, serializer_class, data=None, partial=False, **context):
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return {key: value for key, value in serializer.validated_data.items() if key in self.request.data}

    def destroy(self, request, pk=None):
        run(actions.remove_condition, condition=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):

    permission_classes = [TownOfficeWrites]
    serializer_class = serializers.EvidenceItemSerializer
    filterset_fields = ["policy"]

    def get_queryset(self):
        return EvidenceItem.objects.filter(policy__in=queries.policies_for(self.request.user)).order_by(
            "policy", "position", "pk")

    def destroy(self, request, pk=None):
        run(actions.remove_evidence_item, item=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        cycle = run(actions.open_cycle, by=request.user, **data)
        return Response(self._show(cycle.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.ComputeResultSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        result = run(actions.compute_cycle, cycle=self.get_object(), by=request.user)
        return Response(serializers.ComputeResultSerializer(result).data)

    @extend_schema(request=serializers.ApproveSerializer, responses=serializers.CycleSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        cycle = self.get_object()
        data = self.valid(serializers.ApproveSerializer)
        try:
            exceptions = {int(key): reason for key, reason in data["exceptions"].items()}
        except ValueError:
            raise ApiValidationError({"exceptions": ["Use entitlement ids as keys."]}) from None
        run(actions.approve_cycle, cycle=cycle, by=request.user, exceptions=exceptions, note=data["note"])
        return Response(self._show(cycle.pk))

    @extend_schema(responses=serializers.CycleVillageSerializer(many=True))
    @action(detail=True, methods=["get"])
    def villages(self, request, pk=None):
        return Response(serializers.CycleVillageSerializer(queries.cycle_villages(request.user, self.get_object()),
                                                           many=True).data)


class EntitlementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Entitlements in the user's jurisdiction (sensitive policies only for who may see them)."""

    serializer_class = serializers.EntitlementSerializer
    filterset_class = EntitlementFilter
    ordering_fields = ["amount", "period"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.entitlements_for(self.request.user).select_related("policy", "household", "person").order_by(
            "-cycle__starts_on", "village__code", "household__number", "pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self._log(response.data.get("results", []))
        return response

    def _log(self, rows):
        sensitive = {p.pk for p in queries.policies_for(self.request.user).filter(uses_sensitive_data=True)}
        shown = [row for row in rows if row["policy"] in sensitive]
        if shown:
            villages = {row["village"] for row in shown}
            log_access(user=self.request.user, action=SensitiveAccess.Action.API,
                       village_id=villages.pop() if len(villages) == 1 else None,
                       what="entitlements of policies using sensitive data", record_type="entitlement",
                       count=len(shown))

    def _row_action(self, function, **kwargs):
        entitlement = run(function, entitlement=self.get_object(), by=self.request.user, **kwargs)
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
        count = run(actions.confirm_entitlements, by=request.user, **data)
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
        payment = run(actions.record_payment, by=request.user, **data)
        return Response(serializers.PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class HoldViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Suspensions and stops; POST holds a recipient, …/resume/ ends a suspension."""

    serializer_class = serializers.HoldSerializer
    filterset_class = HoldFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.holds_for(self.request.user).order_by("-started_on", "-pk")

    @extend_schema(request=serializers.HoldSerializer, responses={201: serializers.HoldSerializer})
    def create(self, request):
        user = request.user
        data = dict(self.valid(serializers.HoldSerializer, policies=queries.policies_for(user),
                               households=changeable(queries.households_for(user), user),
                               people=queries.people_for(user)))
        since = data.pop("started_on", None) or timezone.localdate()
        hold = run(actions.hold_recipient, by=user, since=since, **data)
        return Response(serializers.HoldSerializer(hold).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ResumeSerializer, responses=serializers.HoldSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        hold = run(actions.resume_recipient, hold=self.get_object(), by=request.user,
                   **self.valid(serializers.ResumeSerializer))
        return Response(serializers.HoldSerializer(hold).data)


class FactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Recorded facts (sensitive kinds only for who may see them); …/deactivate/ instead of deleting."""

    serializer_class = serializers.FactSerializer
    filterset_class = FactFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.facts_for(self.request.user).order_by("-occurred_on", "-pk")

    @extend_schema(request=serializers.FactSerializer, responses={201: serializers.FactSerializer})
    def create(self, request):
        user = request.user
        data = self.valid(serializers.FactSerializer, households=changeable(queries.households_for(user), user),
                          people=queries.people_for(user))
        if data["kind"] in actions.facts.SENSITIVE and not queries.sees_sensitive_everywhere(user):
            raise ApiValidationError({"kind": ["You may not record sensitive facts."]})
        fact = run(actions.record_fact, by=user, **data)
        return Response(serializers.FactSerializer(fact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.FactSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        fact = run(actions.deactivate_fact, fact=self.get_object(), by=request.user,
                   **self.valid(serializers.ReasonSerializer))
        return Response(serializers.FactSerializer(fact).data)


class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Budgets; POST sets the budget of a policy, village (or the whole town) and year."""

    permission_classes = [TownOfficeWrites]

    serializer_class = serializers.BudgetSerializer
    filterset_class = BudgetFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.budgets_for(self.request.user).order_by("-year", "policy", "village__code")

    @extend_schema(request=serializers.BudgetSerializer, responses={201: serializers.BudgetSerializer})
    def create(self, request):
        data = self.valid(serializers.BudgetSerializer, policies=queries.policies_for(request.user),
                          villages=villages_for(request.user))
        budget = run(actions.set_budget, by=request.user, **data)
        return Response(serializers.BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)


class EligibilityViewSet(BenefitViewSet):
    """Why each member of a household is or is not eligible for each policy, condition by condition."""

    serializer_class = serializers.EligibilitySerializer
    pagination_class = None

    def get_queryset(self):
        return queries.households_for(self.request.user)

    @extend_schema(parameters=[serializers.EligibilityQuerySerializer],
                   responses=serializers.EligibilitySerializer(many=True))
    def list(self, request):
        data = self.valid(serializers.EligibilityQuerySerializer, data=request.query_params)
        household = queries.household_for_user(request.user, data["household"])
        cards = queries.household_benefits(request.user, household, data.get("year") or timezone.localdate().year)
        return Response(serializers.EligibilitySerializer(cards, many=True).data)


class FiguresViewSet(BenefitViewSet):
    """Villages with each kind of village policy; recipients, amounts and coverage by policy and village."""

    serializer_class = serializers.FiguresSerializer
    pagination_class = None

    def get_queryset(self):
        return queries.policies_for(self.request.user)

    @extend_schema(parameters=[serializers.FiguresQuerySerializer], responses=serializers.FiguresSerializer)
    def list(self, request):
        data = self.valid(serializers.FiguresQuerySerializer, data=request.query_params)
        year = data.get("year") or timezone.localdate().year - 1
        by_policy = queries.benefits_by_policy(request.user, year)
        village_policies_by_kind(by_policy)
        return Response(serializers.FiguresSerializer({
            "year": year, "village_policy_kinds": queries.village_policy_kinds(request.user),
            "by_policy": by_policy, "by_village": queries.benefits_by_village(request.user, year),
            "totals": queries.totals(by_policy)}).data)


ROUTES = [
    ("policies", PolicyViewSet, "policy"),
    ("rates", RateViewSet, "rate"),
    ("conditions", ConditionViewSet, "condition"),
    ("evidence-items", EvidenceItemViewSet, "evidence-item"),
    ("cycles", CycleViewSet, "cycle"),
    ("entitlements", EntitlementViewSet, "entitlement"),
    ("payments", PaymentViewSet, "payment"),
    ("holds", HoldViewSet, "hold"),
    ("facts", FactViewSet, "fact"),
    ("budgets", BudgetViewSet, "budget"),
    ("benefit-eligibility", EligibilityViewSet, "benefit-eligibility"),
    ("benefit-figures", FiguresViewSet, "benefit-figures"),
]
