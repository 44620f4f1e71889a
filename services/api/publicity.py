"""/api/v1/publicity-activities/."""

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from services import serializers as s
from services.actions import publicity as actions
from services.api.common import ServicesPermission, Writes
from services.queries import publicity as queries


class PublicityActivityViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Publicity activities of the town (village empty) and the villages, with the people they reached. POST records
    one, PATCH corrects one with the version read; nothing is deleted."""

    serializer_class = s.PublicityActivitySerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "channel"]
    ordering_fields = ["held_on", "reach"]

    def get_queryset(self):
        return queries.activities_for(self.request.user).order_by("-held_on", "pk")

    def create(self, request):
        data = self.valid(s.PublicityActivitySerializer)
        data.pop("version", None)
        activity = actions.record_activity(town=self.town(), village=data.pop("village", None), by=request.user,
                                           **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=activity.pk)).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        activity = self.get_object()
        data = self.valid(s.PublicityActivitySerializer, partial=True)
        data.pop("village", None)
        actions.update_activity(activity=activity, version=self.version_of(data), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=activity.pk)).data)
