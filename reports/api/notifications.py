"""/api/v1/notifications/: the signed-in user's notifications; POST read/ marks them read."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.actions.notifications import mark_read
from reports.queries.notifications import notifications_for
from reports.serializers.notifications import MarkReadSerializer, NotificationSerializer


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return notifications_for(self.request.user)

    @extend_schema(request=MarkReadSerializer, responses={200: None})
    @action(detail=False, methods=["post"])
    def read(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changed = mark_read(user=request.user, pks=serializer.validated_data.get("ids"))
        return Response({"marked_read": changed})


ROUTES = [("notifications", NotificationViewSet, "notification")]
