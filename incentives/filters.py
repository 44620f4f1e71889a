"""FilterSets shared by the API and the benefit pages' lists."""

import django_filters

from incentives.models import Budget, Cycle, Entitlement, Fact, Hold, Payment, Policy
from villages.periods import PeriodFilter, YearFilter


class PolicyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="name")

    class Meta:
        model = Policy
        fields = ["level", "kind", "beneficiary", "village", "village_policy_kind", "code"]


class CycleFilter(django_filters.FilterSet):
    year = YearFilter(field_name="period", lookup_expr="startswith", label="year")
    period = PeriodFilter()

    class Meta:
        model = Cycle
        fields = ["policy", "period", "status"]


class EntitlementFilter(django_filters.FilterSet):
    period = PeriodFilter()

    class Meta:
        model = Entitlement
        fields = ["cycle", "policy", "period", "village", "household", "person", "status"]


class PaymentFilter(django_filters.FilterSet):
    class Meta:
        model = Payment
        fields = ["cycle", "village", "method"]


class HoldFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label="open")

    class Meta:
        model = Hold
        fields = ["policy", "village", "household", "person", "kind"]


class FactFilter(django_filters.FilterSet):
    class Meta:
        model = Fact
        fields = ["kind", "village", "household", "person", "is_active"]


class BudgetFilter(django_filters.FilterSet):
    class Meta:
        model = Budget
        fields = ["policy", "village", "year"]
