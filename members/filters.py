"""FilterSets shared by the API (and matching the household list page's filters)."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from members.identity import normalize_id_number
from members.models import FamilyCategory, Household, Person, VitalEvent
from villages.privacy import sees_sensitive_in_jurisdiction


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="name, identity number or household number")
    category = django_filters.ChoiceFilter(choices=FamilyCategory.Category.choices, method="in_category")

    class Meta:
        model = Household
        fields = ["village", "group", "status", "poverty", "hukou_type", "number"]

    def search(self, queryset, name, value):
        from members.queries import search_filter

        return queryset.filter(search_filter(self.request.user, value))

    def in_category(self, queryset, name, value):
        return queryset.filter(Exists(FamilyCategory.objects.current().filter(household=OuterRef("pk"),
                                                                           category=value)))


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="name or identity number")
    village = django_filters.NumberFilter(field_name="household__village")
    group = django_filters.NumberFilter(field_name="household__group")
    born_after = django_filters.DateFilter(field_name="birth_date", lookup_expr="gte")
    born_before = django_filters.DateFilter(field_name="birth_date", lookup_expr="lte")

    class Meta:
        model = Person
        fields = ["household", "sex", "status", "marital_status", "relation", "residence"]

    def search(self, queryset, name, value):
        condition = Q(name__contains=value.strip())
        number = normalize_id_number(value)
        if len(number) == 18 and sees_sensitive_in_jurisdiction(self.request.user):
            condition |= Q(id_number=number)
        return queryset.filter(condition)


class VitalEventFilter(django_filters.FilterSet):
    occurred_after = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    occurred_before = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte")
    recorded_after = django_filters.DateFilter(field_name="recorded_on", lookup_expr="gte")
    recorded_before = django_filters.DateFilter(field_name="recorded_on", lookup_expr="lte")

    class Meta:
        model = VitalEvent
        fields = ["village", "household", "person", "kind"]
