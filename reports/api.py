from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.actions import request_document, retry_document
from reports.filters import DocumentFilter
from reports.queries import documents_for
from reports.serializers import DocumentRequestSerializer, DocumentSerializer


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Documents in the user's jurisdiction; POST asks for a new one, built in the background.

    Asking for a document changes no record, so the leadership may ask for town documents too:
    who may ask for what is decided by the action (may_request), not by the write permission.
    """

    serializer_class = DocumentSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = DocumentFilter
    ordering_fields = ["requested_at", "finished_at"]
    search_fields = ["title"]

    def get_queryset(self):
        return documents_for(self.request.user)

    @extend_schema(request=DocumentRequestSerializer, responses={201: DocumentSerializer})
    def create(self, request):
        form = DocumentRequestSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        try:
            document = request_document(requested_by=request.user, **form.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from None
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        try:
            document = retry_document(document=self.get_object(), by=request.user)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None
        return Response(self.get_serializer(document).data)


ROUTES = [("documents", DocumentViewSet, "document")]
