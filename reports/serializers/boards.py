"""The disclosure boards' API payloads: board versions and objections, and the requests that change them."""

from django.urls import reverse
from rest_framework import serializers

from reports.models.boards import BoardObjection, BoardPublication
from villages.periods import PeriodSerializerField


class BoardSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    build_status = serializers.CharField(source="document.status", read_only=True)
    verification_code = serializers.CharField(source="document.verification_code", read_only=True)
    sha256 = serializers.CharField(source="document.sha256", read_only=True)
    verify_url = serializers.SerializerMethodField()
    objection_deadline = serializers.DateField(read_only=True)
    superseded_by_version = serializers.IntegerField(source="superseded_by.version", read_only=True, default=None,
                                                     allow_null=True)

    class Meta:
        model = BoardPublication
        fields = ["id", "document", "title", "town", "village", "village_name", "period", "version", "paper_size",
                  "state", "state_display", "build_status", "corrects", "correction_reason", "review_note",
                  "reviewed_at", "published_from", "published_until", "objection_deadline", "superseded_by",
                  "superseded_by_version", "superseded_on", "verification_code", "sha256", "verify_url",
                  "requested_at"]
        read_only_fields = fields

    def get_verify_url(self, board) -> str:
        path = reverse("reports:verify", args=[board.document.verification_code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class BoardRequestSerializer(serializers.Serializer):
    village = serializers.IntegerField(required=False, allow_null=True,
                                       help_text="The village; leave out with all_villages for every village.")
    all_villages = serializers.BooleanField(default=False, help_text="The town office: every village at once.")
    period = PeriodSerializerField(help_text="A quarter (2025Q4) or a year (2025).")
    paper_size = serializers.ChoiceField(choices=BoardPublication.PaperSize.choices, default="A3")
    publish_from = serializers.DateField(required=False, allow_null=True)
    publish_until = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if not attrs.get("all_villages") and not attrs.get("village"):
            raise serializers.ValidationError({"village": "Choose a village, or all_villages."})
        first, last = attrs.get("publish_from"), attrs.get("publish_until")
        if first and last and last < first:
            raise serializers.ValidationError({"publish_until": "The publication ends on or after its first day."})
        return attrs


class BoardReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BoardPublishSerializer(serializers.Serializer):
    published_until = serializers.DateField(required=False, allow_null=True)
    correction_reason = serializers.CharField(required=False, allow_blank=True, default="")


class BoardCorrectSerializer(serializers.Serializer):
    reason = serializers.CharField()
    paper_size = serializers.ChoiceField(choices=BoardPublication.PaperSize.choices, required=False,
                                         allow_blank=True, default="")
    publish_from = serializers.DateField(required=False, allow_null=True)
    publish_until = serializers.DateField(required=False, allow_null=True)


class ObjectionSerializer(serializers.ModelSerializer):
    """An objection with the villager's name and contact: for the town office and the village's specialist."""

    board_version = serializers.IntegerField(source="board.version", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = BoardObjection
        fields = ["id", "board", "board_version", "village", "item", "villager_name", "villager_contact", "content",
                  "received_on", "respond_by", "response", "responded_on", "led_to_correction", "correction",
                  "is_open", "version", "recorded_at"]
        read_only_fields = fields


class ObjectionCreateSerializer(serializers.Serializer):
    board = serializers.IntegerField()
    item = serializers.CharField(max_length=200)
    villager_name = serializers.CharField(max_length=50)
    villager_contact = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    content = serializers.CharField()
    received_on = serializers.DateField(required=False, allow_null=True)
    respond_by = serializers.DateField(required=False, allow_null=True)


class ObjectionResponseSerializer(serializers.Serializer):
    response = serializers.CharField()
    responded_on = serializers.DateField(required=False, allow_null=True)
    correction = serializers.IntegerField(required=False, allow_null=True)
    version = serializers.IntegerField()
