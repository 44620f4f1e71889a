"""/api/v1/households/, /persons/, /events/: the same scoping, rules and privacy as the pages.

Nothing is deleted: DELETE is not offered; people are removed from the register with
`persons/{id}/deactivate/` and households leave with `households/{id}/move-out/`. A write naming
a `version` that is no longer current answers 409 and changes nothing (villages.api_errors).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from members import actions, queries, serializers
from members.actions.households import PeopleInvalid
from members.filters import HouseholdFilter, PersonFilter, VitalEventFilter
from villages.models import SensitiveAccess
from villages.privacy import log_shown, sensitive_villages
from villages.queries import villages_for


class RegistryPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class RegistryViewSet(viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]
    pagination_class = RegistryPagination

    def sensitive_context(self, village_ids=None) -> set[int]:
        ids = village_ids if village_ids is not None else villages_for(self.request.user).values_list("pk", flat=True)
        return sensitive_villages(self.request.user, ids)


class HouseholdViewSet(viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin, RegistryViewSet):
    """Households in the user's jurisdiction, with head, number of people and current family categories."""

    serializer_class = serializers.HouseholdSerializer
    filterset_class = HouseholdFilter
    ordering_fields = ["number", "registered_on"]
    search_fields = []

    def get_queryset(self):
        return queries.household_list(self.request.user)

    def get_serializer_class(self):
        return {"create": serializers.HouseholdCreateSerializer,
                "partial_update": serializers.HouseholdUpdateSerializer,
                "move_out": serializers.MoveOutHouseholdSerializer}.get(self.action, self.serializer_class)

    @extend_schema(responses=serializers.HouseholdSerializer)
    def create(self, request):
        data = self._valid(request)
        group = data["group"]
        try:
            household = actions.create_household(
                village=group.village, group=group, by=request.user, number=data["number"],
                address=data.get("address", ""), hukou_type=data.get("hukou_type", "rural"),
                poverty=data.get("poverty", "none"), poverty_since=data.get("poverty_since"), people=data["people"])
        except PeopleInvalid as error:
            raise ApiValidationError({"people": error.by_index}) from None
        return Response(self._show(household.pk), status=status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.HouseholdSerializer)
    def partial_update(self, request, pk=None):
        household = self.get_object()
        data = dict(self._valid(request))
        version = data.pop("version")
        actions.update_household(household=household, version=version, by=request.user, **data)
        return Response(self._show(household.pk))

    @extend_schema(responses=serializers.HouseholdSerializer)
    @action(detail=True, methods=["post"], url_path="move-out")
    def move_out(self, request, pk=None):
        household = self.get_object()
        actions.move_household_out(household=household, by=request.user, **self._valid(request))
        return Response(self._show(household.pk))

    def _valid(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _show(self, pk):
        household = self.get_queryset().get(pk=pk)
        return serializers.HouseholdSerializer(household, context=self.get_serializer_context()).data


class PersonViewSet(viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin, RegistryViewSet):
    """People; identity numbers, phones, contraception and pregnancy only for those who may see them (logged)."""

    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["name", "birth_date"]

    def get_queryset(self):
        return queries.people_for(self.request.user).select_related("household").order_by("household_id", "pk")

    def get_serializer_class(self):
        return {"create": serializers.PersonCreateSerializer, "partial_update": serializers.PersonUpdateSerializer,
                "reproductive_health": serializers.ReproductiveHealthSerializer,
                "move": serializers.MovePersonSerializer,
                "deactivate": serializers.DeactivateSerializer}.get(self.action, self.serializer_class)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["sensitive_villages"] = getattr(self, "_sensitive", set())
        return context

    def list(self, request, *args, **kwargs):
        self._sensitive = self.sensitive_context()
        response = super().list(request, *args, **kwargs)
        self._log(response.data.get("results", []), _("people list"))
        return response

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        self._sensitive = self.sensitive_context([person.household.village_id])
        data = self.get_serializer(person).data
        self._log([data], person.name, record_id=person.pk)
        return Response(data)

    def _log(self, rows, what, record_id=None):
        log_shown(user=self.request.user, action=SensitiveAccess.Action.API,
                  village_ids=[row["village"] for row in rows if "id_number" in row], what=str(what),
                  record_type="person", record_id=record_id)

    @extend_schema(responses=serializers.PersonSerializer)
    def create(self, request):
        data = dict(self._valid(request))
        household = data.pop("household")
        person = actions.add_person(household=household, by=request.user, **data)
        return Response(self._show(person.pk), status=status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.PersonSerializer)
    def partial_update(self, request, pk=None):
        person = self.get_object()
        data = dict(self._valid(request))
        version = data.pop("version")
        actions.update_person(person=person, version=version, by=request.user, **data)
        return Response(self._show(person.pk))

    @extend_schema(responses=serializers.PersonSerializer)
    @action(detail=True, methods=["patch"], url_path="reproductive-health")
    def reproductive_health(self, request, pk=None):
        person = self.get_object()
        if not self.sensitive_context([person.household.village_id]):
            return Response(status=status.HTTP_403_FORBIDDEN)
        data = dict(self._valid(request))
        version = data.pop("version")
        actions.update_reproductive_health(person=person, version=version, by=request.user, **data)
        return Response(self._show(person.pk))

    @extend_schema(responses=serializers.PersonSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        person = self.get_object()
        actions.move_person(person=person, by=request.user, **self._valid(request))
        return Response(self._show(person.pk))

    @extend_schema(responses=serializers.PersonSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        person = self.get_object()
        actions.deactivate_person(person=person, by=request.user, **self._valid(request))
        return Response(self._show(person.pk))

    def _valid(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _show(self, pk):
        """The person as saved, in the answer to a change: logged like a read when it shows sensitive data."""
        person = self.get_queryset().get(pk=pk)
        self._sensitive = self.sensitive_context([person.household.village_id])
        data = serializers.PersonSerializer(person, context=self.get_serializer_context()).data
        self._log([data], person.name, record_id=person.pk)
        return data


EVENT_RECORDERS = {
    "births": (serializers.BirthSerializer, actions.record_birth),
    "deaths": (serializers.DeathSerializer, actions.record_death),
    "marriages": (serializers.MarriageSerializer, actions.record_marriage),
    "divorces": (serializers.DivorceSerializer, actions.record_divorce),
    "moves_out": (serializers.MoveOutSerializer, actions.record_move_out),
}


class VitalEventViewSet(viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin, RegistryViewSet):
    """Vital events; each kind is recorded through its own endpoint, which updates the register too."""

    serializer_class = serializers.VitalEventSerializer
    filterset_class = VitalEventFilter
    ordering_fields = ["occurred_on", "recorded_on"]

    def get_queryset(self):
        return queries.events_for(self.request.user).select_related("person").order_by("-recorded_on", "-pk")

    def get_serializer_class(self):
        extra = {name: serializer for name, (serializer, _action) in EVENT_RECORDERS.items()}
        extra |= {"moves_in": serializers.MoveInSerializer, "adoptions": serializers.AdoptionSerializer,
                  "void": serializers.VoidSerializer, "correct": serializers.CorrectionSerializer}
        return extra.get(self.action, self.serializer_class)

    def _record(self, request, function, **extra):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = function(by=request.user, **serializer.validated_data, **extra)
        return Response(serializers.VitalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"])
    def births(self, request):
        return self._record(request, actions.record_birth)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"])
    def deaths(self, request):
        return self._record(request, actions.record_death)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"])
    def marriages(self, request):
        return self._record(request, actions.record_marriage)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"])
    def divorces(self, request):
        return self._record(request, actions.record_divorce)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"], url_path="moves-out")
    def moves_out(self, request):
        return self._record(request, actions.record_move_out)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"], url_path="moves-in")
    def moves_in(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        event = actions.record_move_in(by=request.user, household=data.pop("household"), moved_on=data.pop("moved_on"),
                                       place=data.pop("place"), note=data.pop("note", ""),
                                       correction_reason=data.pop("correction_reason", ""), **data)
        return Response(serializers.VitalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={201: serializers.VitalEventSerializer})
    @action(detail=False, methods=["post"])
    def adoptions(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        new_child = data.pop("new_child", None)
        child_fields = dict(new_child, marital_status="10") if new_child else None
        event = actions.record_adoption(by=request.user, child_fields=child_fields, **data)
        return Response(serializers.VitalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.VitalEventSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void the event with a reason: it stays on record and the register follows."""
        event = self.get_object()
        data = self._valid(request)
        voided = actions.void_event(event=event, reason=data["reason"], by=request.user)
        return Response(serializers.VitalEventSerializer(voided).data)

    @extend_schema(request=serializers.CORRECTION_REQUEST, responses={201: serializers.VitalEventSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Void the event and record it again as corrected (the fields its kind may change); answers with the new
        event."""
        event = self.get_object()
        correction = serializers.CORRECTION_SERIALIZERS.get(event.kind, serializers.CorrectionSerializer)
        serializer = correction(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        replacement = actions.correct_event(event=event, reason=data.pop("reason"), by=request.user, **data)
        return Response(serializers.VitalEventSerializer(replacement).data, status=status.HTTP_201_CREATED)

    def _valid(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


ROUTES = [
    ("households", HouseholdViewSet, "household"),
    ("persons", PersonViewSet, "person"),
    ("events", VitalEventViewSet, "vital-event"),
]
