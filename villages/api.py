"""/api/v1/ endpoints of the registry: towns, villages, groups, positions, appointments; and the catalogue of figures.

Reads are scoped by villages.queries; writes go through villages.actions. Nothing is deleted:
an appointment is ended (POST …/end/), a village deactivated (is_active false).
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from villages import actions, catalogue
from villages.api_parsers import JSONParser
from villages.filters import AppointmentFilter, GroupFilter, PositionFilter, TownFilter, VillageFilter
from villages.logins import expires_at, has_expired, locked_out_message
from villages.models import Appointment
from villages.periods import Period, PeriodSerializerField
from villages.permissions import TownOfficeWrites
from villages.queries import appointments_for, groups_for, positions_for, town_id_of, towns_for, villages_for
from villages.roles import reads_aggregates_only
from villages.serializers import (
    AppointmentSerializer,
    DeclarationSerializer,
    EndAppointmentSerializer,
    GroupSerializer,
    PositionSerializer,
    RegulationsSerializer,
    TownSerializer,
    VillageSerializer,
)


class TownViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TownSerializer
    filterset_class = TownFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return towns_for(self.request.user).select_related("county").order_by("code")


class VillageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = VillageSerializer
    filterset_class = VillageFilter
    permission_classes = [TownOfficeWrites]
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "self_government_declared_on", "regulations_adopted_on"]

    def get_queryset(self):
        return villages_for(self.request.user).order_by("code")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = actions.create_village(by=self.request.user, town=data["town"], code=data["code"],
                                                     name=data["name"])

    def perform_update(self, serializer):
        village, data = serializer.instance, serializer.validated_data
        serializer.instance = actions.update_village(
            by=self.request.user, village=village, version=data["version"], name=data.get("name", village.name),
            code=data.get("code", village.code), is_active=data.get("is_active", village.is_active))

    @extend_schema(request=DeclarationSerializer, responses=VillageSerializer)
    @action(detail=True, methods=["post"])
    def declaration(self, request, pk=None):
        """Record the day the village declared villager self-government."""
        village = self.get_object()
        data = self._input(DeclarationSerializer)
        village = actions.declare_self_government(
            by=request.user, village=village, declared_on=data["self_government_declared_on"],
            version=data["version"], correction_reason=data["correction_reason"])
        return Response(VillageSerializer(village, context=self.get_serializer_context()).data)

    @extend_schema(request=RegulationsSerializer, responses=VillageSerializer)
    @action(detail=True, methods=["post"])
    def regulations(self, request, pk=None):
        """Record the adoption of the village's regulations on villager self-government."""
        village = self.get_object()
        data = self._input(RegulationsSerializer)
        village = actions.adopt_regulations(
            by=request.user, village=village, adopted_on=data["regulations_adopted_on"],
            text=data["regulations_text"], file=data["regulations_file"], version=data["version"],
            correction_reason=data["correction_reason"])
        return Response(VillageSerializer(village, context=self.get_serializer_context()).data)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class GroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = GroupSerializer
    filterset_class = GroupFilter
    permission_classes = [TownOfficeWrites]
    search_fields = ["name", "village__name"]
    ordering_fields = ["village__code", "number"]

    def get_queryset(self):
        return groups_for(self.request.user).order_by("village__code", "number")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = actions.create_group(by=self.request.user, village=data["village"],
                                                   number=data["number"], name=data["name"])

    def perform_update(self, serializer):
        group, data = serializer.instance, serializer.validated_data
        serializer.instance = actions.update_group(
            by=self.request.user, group=group, version=data["version"], number=data.get("number", group.number),
            name=data.get("name", group.name))


class PositionViewSet(viewsets.ReadOnlyModelViewSet):
    """Posts of the three-in-one team; they open with their village or group, holders change by appointment."""

    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    ordering_fields = ["village__code", "kind"]

    def get_queryset(self):
        return positions_for(self.request.user).order_by("village__code", "kind", "group__number")


class AppointmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """Appointments to posts. Appointing needs a vacant post; an appointment ends, it is never deleted."""

    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    search_fields = ["holder_name", "position__village__name"]
    ordering_fields = ["started_on", "ended_on", "holder_name"]

    def get_queryset(self):
        return appointments_for(self.request.user).order_by("position__village__code", "position__kind",
                                                            "-started_on")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = actions.appoint(
            by=self.request.user, position=data["position"], holder_name=data["holder_name"],
            started_on=data["started_on"],
            pay_kind=data.get("pay_kind", Appointment.PayKind.SUBSIDY),
            monthly_amount=data.get("monthly_amount", Decimal("0")), correction_reason=data["correction_reason"])

    @extend_schema(request=EndAppointmentSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the appointment: end of term, resignation, or dismissal with its reason."""
        appointment = self.get_object()
        serializer = EndAppointmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appointment = actions.end_appointment(by=request.user, appointment=appointment,
                                              **serializer.validated_data)
        return Response(AppointmentSerializer(appointment, context=self.get_serializer_context()).data,
                        status=status.HTTP_200_OK)


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField(help_text="stock: as at the period's last day; flow: during the period")
    levels = serializers.ListField(child=serializers.CharField())
    breakdowns = serializers.SerializerMethodField()
    is_indicator = serializers.BooleanField()
    aggregate_safe = serializers.BooleanField()

    def get_breakdowns(self, figure) -> list[str]:
        return [dimension.code for dimension in figure.breakdowns]


class FigureValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.CharField()
    unit = serializers.IntegerField()
    category = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False)


class FigureValuesQuery(serializers.Serializer):
    period = PeriodSerializerField()
    code = serializers.CharField(required=False, help_text="Figure codes, separated by commas (default: all)")
    level = serializers.ChoiceField(choices=catalogue.LEVELS, required=False)


class FigureViewSet(viewsets.ViewSet):
    """The catalogue of figures (GET /figures/) and their values for a period (GET /figures/values/)."""

    @extend_schema(responses=FigureSerializer(many=True))
    def list(self, request):
        if town_id_of(request.user) is None:
            return Response([])
        return Response(FigureSerializer(catalogue.readable(request.user), many=True).data)

    @extend_schema(parameters=[FigureValuesQuery], responses=FigureValueSerializer(many=True))
    @action(detail=False, methods=["get"])
    def values(self, request):
        """A period's values at every unit the user may read; from the snapshot when the period is closed."""
        query = FigureValuesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        town_id = town_id_of(request.user)
        if town_id is None:
            raise PermissionDenied
        readable = {figure.code: figure for figure in catalogue.readable(request.user)}
        codes = [code.strip() for code in query.validated_data.get("code", "").split(",") if code.strip()]
        unknown = [code for code in codes if code not in readable]
        if unknown:
            raise serializers.ValidationError({"code": [_("No figure has the code %(code)s.") % {"code": code}
                                                         for code in unknown]})
        found = catalogue.values(town_id, Period.parse(query.validated_data["period"]), codes or list(readable))
        level = query.validated_data.get("level")
        villages_of = dict(groups_for(request.user).values_list("pk", "village_id"))
        aggregate_only = reads_aggregates_only(request.user)
        rows = [
            {"code": code, "level": lv, "unit": unit, "category": category,
             "value": catalogue.shown(readable[code], value, aggregate_only=aggregate_only, level=lv)}
            for (code, lv, unit, category), value in sorted(found.data.items(), key=lambda item: item[0])
            if (level is None or lv == level) and catalogue.may_read_unit(request.user, lv, unit, villages_of)
        ]
        closed = ({"version": found.closing.version, "closed_at": found.closing.closed_at}
                  if found.is_closed else None)
        return Response({"period": str(found.period), "closed": closed,
                         "values": FigureValueSerializer(rows, many=True).data})


ROUTES = [
    ("towns", TownViewSet, "town"),
    ("villages", VillageViewSet, "village"),
    ("groups", GroupViewSet, "group"),
    ("positions", PositionViewSet, "position"),
    ("appointments", AppointmentViewSet, "appointment"),
    ("figures", FigureViewSet, "figure"),
]


class ObtainExpiringToken(ObtainAuthToken):
    """/api/v1/auth/token/: a token for a username and password, with when it expires (villages.logins);
    an expired token is replaced; 429 while login throttling has the username and address locked out."""

    parser_classes = (FormParser, MultiPartParser, JSONParser)

    @extend_schema(responses={200: inline_serializer("IssuedToken", {
        "token": serializers.CharField(), "expires": serializers.DateTimeField()}),
        429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many failed logins: the username and address are "
                                                              "locked out for a while (`detail` says so).")})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": locked_out_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            raise serializers.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if has_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires": expires_at(token)})


obtain_token = ObtainExpiringToken.as_view()
