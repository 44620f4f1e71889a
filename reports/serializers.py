from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.models import Document, period_validator
from reports.queries import requestable_villages
from villages.models import Village


class DocumentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True, default=None)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    download_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "kind", "kind_display", "title", "town", "village", "village_name", "period", "status",
            "status_display", "progress", "error", "attempts", "sha256", "size", "template_version",
            "verification_code", "verify_url", "download_url", "requested_by", "requested_at", "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, document) -> str | None:
        if document.status != Document.Status.DONE:
            return None
        return self._absolute(reverse("reports:document_download", args=[document.pk]))

    def get_verify_url(self, document) -> str:
        return self._absolute(reverse("reports:verify", args=[document.verification_code]))

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentRequestSerializer(serializers.Serializer):
    """Ask for a document: about a village, or about the whole town when village is null."""

    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True)
    period = serializers.CharField(required=False, allow_blank=True, max_length=7, validators=[period_validator])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["village"].queryset = requestable_villages(request.user)
