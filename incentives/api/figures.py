"""What leadership reads: budgets, village policies by kind, recipients, amounts and coverage."""


from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from incentives import actions, queries, serializers
from incentives.api.common import BenefitViewSet
from incentives.filters import BudgetFilter
from villages import closing
from villages.api_schema import OneObject
from villages.periods import YEAR, Period
from villages.permissions import TownOfficeWrites
from villages.queries import villages_for


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
        budget = actions.set_budget(by=request.user, **data)
        return Response(serializers.BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)


class FiguresViewSet(BenefitViewSet):
    """Villages with each kind of village policy; recipients, amounts and coverage by policy and village."""

    serializer_class = serializers.FiguresSerializer
    pagination_class = None
    schema = OneObject()

    def get_queryset(self):
        return queries.policies_for(self.request.user)

    @extend_schema(parameters=[serializers.FiguresQuerySerializer], responses=serializers.FiguresSerializer)
    def list(self, request):
        data = self.valid(serializers.FiguresQuerySerializer, data=request.query_params)
        year = data.get("year") or closing.working_year_of(request.user)
        by_policy = queries.benefits_by_policy(request.user, year)
        return Response(serializers.FiguresSerializer({
            "year": year, "village_policy_kinds": queries.village_policy_kinds(request.user, Period(YEAR, year)),
            "by_policy": by_policy, "by_village": queries.benefits_by_village(request.user, year),
            "totals": queries.totals(by_policy)}).data)


