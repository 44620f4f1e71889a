"""django-filter FilterSets of the villages API (and any list page that needs them)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from villages.models import Appointment, Position, Town, Village, VillagerGroup
from villages.periods import YearFilter
from villages.queries import groups_for, positions_for, towns_for, villages_for


def _user(request):
    return request.user if request is not None else None


def scoped_towns(request):
    return towns_for(_user(request))


def scoped_villages(request):
    return villages_for(_user(request))


def scoped_groups(request):
    return groups_for(_user(request))


def scoped_positions(request):
    return positions_for(_user(request))


class TownFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("name contains"))

    class Meta:
        model = Town
        fields = ["name", "code"]


class VillageFilter(django_filters.FilterSet):
    town = django_filters.ModelChoiceFilter(queryset=scoped_towns, label=_("town"))
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("name contains"))
    declared = django_filters.BooleanFilter(
        field_name="self_government_declared_on", lookup_expr="isnull", exclude=True,
        label=_("self-government declared"))
    declared_year = YearFilter(
        field_name="self_government_declared_on", lookup_expr="year", label=_("year self-government was declared"))
    regulations = django_filters.BooleanFilter(
        field_name="regulations_adopted_on", lookup_expr="isnull", exclude=True, label=_("regulations adopted"))
    regulations_by = django_filters.DateFilter(
        field_name="regulations_adopted_on", lookup_expr="lte", label=_("regulations adopted by"))

    class Meta:
        model = Village
        fields = ["town", "code", "name", "is_active", "declared", "declared_year", "regulations", "regulations_by"]


class GroupFilter(django_filters.FilterSet):
    village = django_filters.ModelChoiceFilter(queryset=scoped_villages, label=_("village"))

    class Meta:
        model = VillagerGroup
        fields = ["village", "number"]


class PositionFilter(django_filters.FilterSet):
    village = django_filters.ModelChoiceFilter(queryset=scoped_villages, label=_("village"))
    group = django_filters.ModelChoiceFilter(queryset=scoped_groups, label=_("villager group"))
    kind = django_filters.MultipleChoiceFilter(choices=Position.Kind.choices, label=_("position"))
    vacant = django_filters.BooleanFilter(method="filter_vacant", label=_("vacant"))

    class Meta:
        model = Position
        fields = ["village", "group", "kind", "vacant"]

    def filter_vacant(self, queryset, name, value):
        held = Appointment.objects.filter(position=OuterRef("pk"), ended_on__isnull=True)
        return queryset.filter(~Exists(held) if value else Exists(held))


class AppointmentFilter(django_filters.FilterSet):
    village = django_filters.ModelChoiceFilter(
        field_name="position__village", queryset=scoped_villages, label=_("village"))
    group = django_filters.ModelChoiceFilter(
        field_name="position__group", queryset=scoped_groups, label=_("villager group"))
    position = django_filters.ModelChoiceFilter(queryset=scoped_positions, label=_("position"))
    kind = django_filters.MultipleChoiceFilter(
        field_name="position__kind", choices=Position.Kind.choices, label=_("kind of position"))
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("current"))
    holder_name = django_filters.CharFilter(lookup_expr="icontains", label=_("holder's name contains"))
    started_on = django_filters.DateFromToRangeFilter(label=_("started between"))
    ended_on = django_filters.DateFromToRangeFilter(label=_("ended between"))

    class Meta:
        model = Appointment
        fields = ["village", "group", "position", "kind", "current", "end_reason", "pay_kind", "holder_name",
                  "started_on", "ended_on"]
