"""/api/v1/training-classes/ (POST …/invite/ invites by post, POST …/attendance/ records who came) and
/api/v1/training-invitations/."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from services import serializers as s
from services.actions import training as actions
from services.api.common import ServicesPermission, Writes
from services.queries import training as queries
from services.queries.scope import reader_villages


class TrainingClassViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Training classes of the town (village empty) and the villages, with the counts of your villages'
    invitations. POST records one, PATCH corrects or cancels one with the version read; nothing is deleted."""

    serializer_class = s.TrainingClassSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "cancelled"]
    ordering_fields = ["starts_on"]

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        rows = queries.classes_of_year(self.request.user, int(year)) if year.isdigit() else None
        if rows is None:
            rows = queries.classes_for(self.request.user).order_by("-starts_on", "pk")
        return rows

    def _read(self, training, code=status.HTTP_200_OK):
        row = queries.classes_of_year(self.request.user, training.starts_on.year).get(pk=training.pk)
        return Response(self.get_serializer(row).data, status=code)

    def create(self, request):
        data = self.valid(s.TrainingClassSerializer)
        data.pop("version", None)
        data.pop("cancelled", None)
        training = actions.record_class(town=self.town(), village=data.pop("village", None), by=request.user,
                                        **data)
        return self._read(training, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        training = self.get_object()
        data = self.valid(s.TrainingClassSerializer, partial=True)
        data.pop("village", None)
        actions.update_class(training=training, version=self.version_of(data), by=request.user, **data)
        return self._read(training)

    @extend_schema(request=s.InviteSerializer, responses=inline_serializer(
        "InvitedResponse", {"invited": serializers.IntegerField()}))
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        training = self.get_object()
        serializer = s.InviteSerializer(data=request.data, villages=reader_villages(request.user))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = actions.invite(training=training, roles=data["roles"], villages=data.get("villages") or None,
                                 by=request.user, correction_reason=data["correction_reason"])
        return Response({"invited": len(created)}, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AttendanceSerializer, responses=s.InvitationSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        training = self.get_object()
        data = self.valid(s.AttendanceSerializer)
        invitation = queries.invitations_for(request.user).filter(training=training, pk=data["invitation"]).first()
        if invitation is None:
            raise NotFound
        saved = actions.record_attendance(invitation=invitation, attended=data["attended"], note=data["note"],
                                          version=data["version"], by=request.user,
                                          correction_reason=data["correction_reason"])
        return Response(s.InvitationSerializer(saved).data)


class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The invitations of your villages to training classes, with who came (read only: record attendance through
    POST /training-classes/{id}/attendance/)."""

    serializer_class = s.InvitationSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["training", "village", "role", "attended", "withdrawn"]
    ordering_fields = ["training__starts_on"]

    def get_queryset(self):
        return queries.invitations_for(self.request.user).order_by("-training__starts_on", "village__code", "role",
                                                                   "pk")
