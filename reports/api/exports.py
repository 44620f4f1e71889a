from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.actions.exports import request_registry_export
from reports.api.documents import NOT_SENT, not_sent_response
from reports.serializers.documents import DocumentSerializer
from reports.serializers.exports import RegistryExportRequestSerializer


class RegistryExportViewSet(viewsets.ViewSet):
    """The registry's people list as CSV or xlsx: 202 with the document, built in the background; follow it
    at /documents/<id>/ and download it from its download_url when it is done."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=RegistryExportRequestSerializer, responses={202: DocumentSerializer, 503: NOT_SENT})
    def create(self, request):
        form = RegistryExportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        fmt = data.pop("format")
        try:
            document = request_registry_export(requested_by=request.user, fmt=fmt, filters=data)
        except ValidationError as error:
            raise BadRequest(error.message_dict if hasattr(error, "error_dict") else error.messages) from None
        serialized = DocumentSerializer(document, context={"request": request}).data
        if document.not_sent:
            return not_sent_response(serialized)
        return Response(serialized, status=status.HTTP_202_ACCEPTED)


ROUTES = [("exports/people", RegistryExportViewSet, "registry-export")]
