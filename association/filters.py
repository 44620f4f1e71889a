"""django-filter FilterSets of the association's API lists."""

import datetime

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from association.models import (
    AssociationMember,
    ContactAssignment,
    Meeting,
    MemberEvaluation,
    MemberReview,
    MonthlyFeedback,
)
from members.models import Household
from villages.periods import YearFilter


class AssociationMemberFilter(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("On the roll"))
    name = django_filters.CharFilter(lookup_expr="contains", label=_("Name"))

    class Meta:
        model = AssociationMember
        fields = ["village", "group", "role", "current", "name"]


class ContactAssignmentFilter(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="served_until", lookup_expr="isnull", label=_("Current"))
    village = django_filters.NumberFilter(field_name="household__village", label=_("Village"))

    class Meta:
        model = ContactAssignment
        fields = ["member", "household", "village", "current"]


class UncoveredHouseholdFilter(django_filters.FilterSet):
    class Meta:
        model = Household
        fields = ["group"]


class MonthlyFeedbackFilter(django_filters.FilterSet):
    village = django_filters.NumberFilter(field_name="member__village", label=_("Village"))
    group = django_filters.NumberFilter(field_name="member__group", label=_("Villager group"))
    month = django_filters.CharFilter(method="filter_month", label=_("Month (YYYY-MM)"))
    year = YearFilter(field_name="month__year", label=_("Year"))
    late = django_filters.BooleanFilter(method="filter_late", label=_("Late"))

    class Meta:
        model = MonthlyFeedback
        fields = ["member", "village", "group", "month", "year", "late"]

    def filter_month(self, queryset, name, value):
        try:
            month = datetime.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
        except ValueError:
            return queryset.none()
        return queryset.filter(month=month)

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(submitted_on__gt=F("due_on")) if value else queryset.filter(
            submitted_on__lte=F("due_on"))


class MeetingFilter(django_filters.FilterSet):
    year = YearFilter(field_name="held_on__year", label=_("Year"))

    class Meta:
        model = Meeting
        fields = ["village", "year"]


class MemberEvaluationFilter(django_filters.FilterSet):
    village = django_filters.NumberFilter(field_name="member__village", label=_("Village"))

    class Meta:
        model = MemberEvaluation
        fields = ["member", "village", "year", "grade"]


class MemberReviewFilter(django_filters.FilterSet):
    village = django_filters.NumberFilter(field_name="member__village", label=_("Village"))

    class Meta:
        model = MemberReview
        fields = ["member", "village", "year", "outcome"]
