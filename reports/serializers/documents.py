from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.models import Document, DocumentBatch
from reports.queries import requestable_villages
from villages.models import Village
from villages.periods import PeriodSerializerField


class DownloadLinks:
    """Absolute links to a document's file (once built), for the document serializers."""

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, document) -> str | None:
        if document.status != Document.Status.DONE:
            return None
        return self._absolute(reverse("reports:document_download", args=[document.pk]))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentSerializer(DownloadLinks, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True, default=None, allow_null=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    download_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    # Empty for the site's language: a read-only model field would leave "" out of the schema's enum.
    language = serializers.ChoiceField(choices=settings.LANGUAGES, allow_blank=True, read_only=True)
    number = serializers.StringRelatedField(read_only=True, allow_null=True,
                                            help_text="The document number (文号) of a numbered kind.")
    file_format = serializers.CharField(read_only=True, help_text="pdf, or an export's csv or xlsx.")

    class Meta:
        model = Document
        fields = [
            "id", "kind", "kind_display", "title", "number", "town", "village", "village_name", "period", "language",
            "status", "status_display", "progress", "error", "attempts", "sha256", "size", "template_version",
            "verification_code", "verify_url", "download_url", "requested_by", "requested_at", "started_at",
            "finished_at", "file_format", "params",
        ]
        read_only_fields = fields

    def get_verify_url(self, document) -> str:
        return self._absolute(reverse("reports:verify", args=[document.verification_code]))


class DocumentRequestSerializer(serializers.Serializer):
    """Ask for a document: about a village, or about the whole town when village is null."""

    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True)
    period = PeriodSerializerField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["village"].queryset = requestable_villages(request.user)


class BatchDocumentSerializer(DownloadLinks, serializers.ModelSerializer):
    """A document of a batch, in brief."""

    village_name = serializers.CharField(source="village.name", read_only=True, default=None, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "title", "village", "village_name", "status", "status_display", "progress", "error",
                  "download_url"]
        read_only_fields = fields


class DocumentBatchSerializer(serializers.ModelSerializer):
    """A batch with its overall progress; the documents themselves on a single batch."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.ChoiceField(choices=Document.Status.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    progress = serializers.IntegerField(read_only=True)
    document_count = serializers.IntegerField(read_only=True)
    done_count = serializers.IntegerField(read_only=True)
    failed_count = serializers.IntegerField(read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)

    class Meta:
        model = DocumentBatch
        fields = ["id", "kind", "kind_display", "title", "town", "period", "status", "status_display", "progress",
                  "document_count", "done_count", "failed_count", "requested_by", "requested_at"]
        read_only_fields = fields


class DocumentBatchDetailSerializer(DocumentBatchSerializer):
    documents = BatchDocumentSerializer(source="readable_documents", many=True, read_only=True)

    class Meta(DocumentBatchSerializer.Meta):
        fields = [*DocumentBatchSerializer.Meta.fields, "documents"]
        read_only_fields = fields


class QuarterlyReportsRequestSerializer(serializers.Serializer):
    """Ask for the quarterly assessment reports of the town and every village with a published result."""

    period = PeriodSerializerField(required=False, allow_blank=True,
                                   help_text="A quarter (2025Q3) or a year for the year end (2025); "
                                             "empty for the quarter that ended last.")
