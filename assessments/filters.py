"""FilterSets shared by the HTML lists and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Case, LedgerEntry, Period, Scheme, SupervisionVisit


class AssessmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="scheme__year", label=_("year"))
    subject = django_filters.ChoiceFilter(field_name="scheme__subject", choices=Scheme.Subject.choices,
                                          label=_("subject"))
    period = django_filters.ChoiceFilter(choices=Period.choices, label=_("period"))

    class Meta:
        model = Assessment
        fields = ["village", "status", "period"]


class LedgerFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="decided_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = LedgerEntry
        fields = ["kind", "village", "case"]


class CaseFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="reported_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = Case
        fields = ["kind", "status", "village"]


class SupervisionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="visited_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = SupervisionVisit
        fields = ["kind", "village"]
