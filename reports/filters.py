import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.models import Document
from villages.models import Village
from villages.periods import PeriodFilter
from villages.queries import villages_for


def _villages(request):
    return villages_for(request.user) if request else Village.objects.none()


class DocumentFilter(django_filters.FilterSet):
    """Shared by the documents page and the API."""

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Document.Kind.choices, empty_label=_("all"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=Document.Status.choices, empty_label=_("all"))
    village = django_filters.ModelChoiceFilter(label=_("village"), queryset=_villages, empty_label=_("all"))
    scope = django_filters.ChoiceFilter(label=_("scope"), method="filter_scope", empty_label=_("all"), choices=[
        ("town", _("whole town")), ("village", _("one village"))])
    period = PeriodFilter(label=pgettext_lazy("of a document", "period"))

    class Meta:
        model = Document
        fields = ["kind", "status", "village", "scope", "period"]

    def filter_scope(self, queryset, name, value):
        return queryset.filter(village__isnull=value == "town")
