"""/api/v1/todo/: the signed-in user's worklist, the same items as the "to do" page."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.queries.worklists import worklist
from reports.serializers.notifications import WorkItemSerializer
from reports.views.worklists import log_sensitive_items


class TodoViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=WorkItemSerializer(many=True))
    def list(self, request):
        sections = worklist(request.user, timezone.localdate())
        log_sensitive_items(request.user, sections)
        rows = [{"kind": section.kind.code, **item.__dict__} for section in sections for item in section.items]
        return Response(WorkItemSerializer(rows, many=True).data)


ROUTES = [("todo", TodoViewSet, "todo")]
