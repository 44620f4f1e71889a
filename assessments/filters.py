"""FilterSets shared by the HTML lists and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import Assessment, Case, LedgerEntry, PeriodCode, Scheme, SupervisionVisit
from villages.periods import Period, YearFilter


class AssessmentPeriodField(forms.CharField):
    """A period in the one spelling (2025Q3; 2025 for the year end), or a code (Q1 … Q4, YEAR) beside the year."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value or value in PeriodCode.values:
            return value
        period = Period.parse(value)
        PeriodCode.of(period)  # a month is refused
        return period


class AssessmentPeriodFilter(django_filters.CharFilter):
    field_class = AssessmentPeriodField

    def filter(self, qs, value):
        if isinstance(value, Period):
            return qs.filter(scheme__year=value.year, period=PeriodCode.of(value))
        return super().filter(qs, value)


class AssessmentFilter(django_filters.FilterSet):
    year = YearFilter(field_name="scheme__year", label=_("year"))
    subject = django_filters.ChoiceFilter(field_name="scheme__subject", choices=Scheme.Subject.choices,
                                          label=_("subject"))
    period = AssessmentPeriodFilter(label=pgettext_lazy("assessment period", "period"))

    class Meta:
        model = Assessment
        fields = ["village", "status", "period"]


class LedgerFilter(django_filters.FilterSet):
    year = YearFilter(field_name="decided_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = LedgerEntry
        fields = ["kind", "village", "case"]


class CaseFilter(django_filters.FilterSet):
    year = YearFilter(field_name="reported_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = Case
        fields = ["kind", "status", "village"]


class SupervisionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="visited_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = SupervisionVisit
        fields = ["kind", "village"]
