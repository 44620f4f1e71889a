from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.actions import (
    NOT_SENT_MESSAGE,
    request_document,
    request_quarterly_reports,
    retry_document,
    retry_failed_in_batch,
)
from reports.filters import DocumentFilter
from reports.models import Document
from reports.queries import batch_documents, batches_for, documents_for
from reports.serializers import (
    DocumentBatchDetailSerializer,
    DocumentBatchSerializer,
    DocumentRequestSerializer,
    DocumentSerializer,
    QuarterlyReportsRequestSerializer,
)


def not_sent_response(serializer_data: dict) -> Response:
    """The request is saved, but the queue could not be reached: 503 with the record, so that the client
    does not ask again (the sweeper sends it within a few minutes)."""
    return Response({
        "detail": str(NOT_SENT_MESSAGE),
        "code": "queue_unavailable", "record": serializer_data,
    }, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "300"})


NOT_SENT = OpenApiResponse(description="Saved, but not yet handed to the workers; sent again automatically.")


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

    @extend_schema(request=DocumentRequestSerializer, responses={201: DocumentSerializer, 503: NOT_SENT})
    def create(self, request):
        form = DocumentRequestSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        document = request_document(requested_by=request.user, **form.validated_data)
        if document.not_sent:
            return not_sent_response(self.get_serializer(document).data)
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DocumentSerializer, 503: NOT_SENT})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        document = retry_document(document=self.get_object(), by=request.user)
        if document.not_sent:
            return not_sent_response(self.get_serializer(document).data)
        return Response(self.get_serializer(document).data)


class DocumentBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Batches of documents of the user's town with their progress; POST asks for the quarterly assessment
    reports of the town and every village, one document each, built side by side."""

    permission_classes = [IsAuthenticated]
    ordering_fields = ["requested_at"]
    search_fields = ["title"]

    def get_queryset(self):
        return batches_for(self.request.user)

    def get_serializer_class(self):
        return DocumentBatchDetailSerializer if self.action == "retrieve" else DocumentBatchSerializer

    def get_object(self):
        batch = super().get_object()
        batch.readable_documents = batch_documents(self.request.user, batch)
        return batch

    @extend_schema(request=QuarterlyReportsRequestSerializer,
                   responses={201: DocumentBatchDetailSerializer, 503: NOT_SENT})
    def create(self, request):
        form = QuarterlyReportsRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        batch = request_quarterly_reports(requested_by=request.user, period=form.validated_data.get("period", ""))
        return self._batch_response(batch.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DocumentBatchDetailSerializer, 503: NOT_SENT})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Build again the batch's documents that failed, are stuck or were never sent; no document is added."""
        retry_failed_in_batch(batch=self.get_object(), by=request.user)
        return self._batch_response(pk, status.HTTP_200_OK)

    def _batch_response(self, pk, success_status) -> Response:
        self.kwargs["pk"] = pk
        self.action = "retrieve"
        batch = self.get_object()
        data = DocumentBatchDetailSerializer(batch, context=self.get_serializer_context()).data
        if batch.documents.filter(status=Document.Status.QUEUED).exclude(error="").exists():
            return not_sent_response(data)
        return Response(data, status=success_status)


ROUTES = [("documents", DocumentViewSet, "document"), ("document-batches", DocumentBatchViewSet, "document-batch")]
