import django_filters
from django.utils.translation import gettext_lazy as _

from reports.models import Document
from villages.models import Village
from villages.queries import villages_for


def _villages(request):
    return villages_for(request.user) if request else Village.objects.none()


class DocumentFilter(django_filters.FilterSet):
    """Shared by the documents page and the API."""

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Document.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Document.Status.choices)
    village = django_filters.ModelChoiceFilter(label=_("village"), queryset=_villages)
    town_level = django_filters.BooleanFilter(label=_("whole town"), field_name="village", lookup_expr="isnull")
    period = django_filters.CharFilter(label=_("period"))

    class Meta:
        model = Document
        fields = ["kind", "status", "village", "town_level", "period"]
