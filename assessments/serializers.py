"""Input and output shapes of the assessments API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import (
    Assessment,
    Block,
    Case,
    Deduction,
    GradeBand,
    Item,
    ItemScore,
    LedgerEntry,
    Scheme,
    SupervisionVisit,
    Veto,
    VetoFinding,
)
from villages.models import Appointment
from villages.queries import scoped, villages_for


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "code", "order", "title", "max_points", "method", "indicator_key", "guidance"]


class BlockSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Block
        fields = ["id", "order", "title", "items"]


class GradeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["code", "label", "min_total", "designation"]


class VetoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Veto
        fields = ["id", "code", "title", "description"]


class SchemeSerializer(serializers.ModelSerializer):
    blocks = BlockSerializer(many=True, read_only=True)
    bands = GradeBandSerializer(many=True, read_only=True)
    vetoes = VetoSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = ["id", "year", "subject", "title", "frozen_at", "veto_means_lagging", "blocks", "bands", "vetoes"]


class DeductionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deduction
        fields = ["id", "points", "note", "evidence_link", "evidence_file", "is_active", "withdrawn_reason",
                  "recorded_at"]


class ItemScoreSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    max_points = serializers.DecimalField(source="item.max_points", max_digits=6, decimal_places=1, read_only=True)
    deductions = DeductionSerializer(many=True, read_only=True)

    class Meta:
        model = ItemScore
        fields = ["id", "item", "max_points", "self_points", "self_note", "points", "note", "figure",
                  "figure_display", "records", "reopened", "deductions"]


class VetoFindingSerializer(serializers.ModelSerializer):
    veto = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = VetoFinding
        fields = ["veto", "note", "evidence_link", "recorded_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="scheme.year", read_only=True)
    period = serializers.CharField(source="full_period", read_only=True, help_text="2025Q3, or 2025 for the year end")
    subject = serializers.CharField(source="scheme.subject", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    grade = serializers.CharField(source="grade.label", read_only=True, allow_null=True, default=None)
    item_scores = ItemScoreSerializer(many=True, read_only=True)
    veto_findings = VetoFindingSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "village", "village_name", "year", "subject", "period", "status", "self_total", "total",
                  "grade", "rank", "vetoed", "return_reason", "version", "published_at", "item_scores",
                  "veto_findings"]


class ResultSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="scheme.year", read_only=True)
    period = serializers.CharField(source="full_period", read_only=True, help_text="2025Q3, or 2025 for the year end")
    subject = serializers.CharField(source="scheme.subject", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    grade = serializers.CharField(source="grade.label", read_only=True, allow_null=True, default=None)
    change_quarter = serializers.SerializerMethodField()
    change_year = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "village", "village_name", "year", "subject", "period", "total", "grade", "rank", "vetoed",
                  "change_quarter", "change_year"]

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True))
    def get_change_quarter(self, obj):
        return self._change(obj, 0)

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True))
    def get_change_year(self, obj):
        return self._change(obj, 1)

    def _change(self, obj, index: int) -> str | None:
        value = self.context.get("changes", {}).get(obj.pk, (None, None))[index]
        return None if value is None else f"{value:.1f}"


class DeductionInputSerializer(serializers.Serializer):
    points = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)
    note = serializers.CharField(allow_blank=True, default="")
    evidence_link = serializers.CharField(allow_blank=True, default="", max_length=300)

    def validate(self, data):
        errors = {}
        if data["points"] <= 0:
            errors["points"] = _("A deduction takes away more than 0 points.")
        if not data["note"].strip():
            errors["note"] = _("Every deduction needs a note saying why.")
        if not data["evidence_link"].strip():
            errors["evidence_link"] = _("Every deduction needs evidence: a file or a link to the records.")
        if errors:
            raise serializers.ValidationError(errors)
        return data


class ScoreItemSerializer(serializers.Serializer):
    item_score = serializers.IntegerField()
    deductions = DeductionInputSerializer(many=True, default=list)
    note = serializers.CharField(allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class SelfScoreSerializer(serializers.Serializer):
    item_score = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)
    note = serializers.CharField(allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class ScopedInputMixin:
    """Restrict the village and cadre choices to the requesting user's jurisdiction."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = request.user if request else None
        if "village" in self.fields:
            self.fields["village"].queryset = villages_for(user)
        if "appointment" in self.fields:
            self.fields["appointment"].queryset = scoped(Appointment.objects.all(), user,
                                                         village="position__village")


class LedgerEntrySerializer(ScopedInputMixin, serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["id", "village", "kind", "appointment", "person_name", "person_role", "title", "reason", "decision",
                  "decided_on", "decided_by", "amount", "withdraws", "certificate_recovered", "amount_recovered",
                  "assessment", "case", "recorded_at"]
        read_only_fields = ["withdraws", "certificate_recovered", "amount_recovered", "recorded_at"]


class CaseSerializer(ScopedInputMixin, serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "village", "kind", "title", "description", "reported_on", "reported_by", "appointment",
                  "status", "finding", "decision", "decided_on", "decided_by"]
        read_only_fields = ["status", "finding", "decision", "decided_on", "decided_by"]


class DecideCaseSerializer(serializers.Serializer):
    founded = serializers.BooleanField()
    finding = serializers.CharField()
    decision = serializers.CharField()
    decided_on = serializers.DateField()
    decided_by = serializers.CharField(max_length=100)


class SupervisionVisitSerializer(ScopedInputMixin, serializers.ModelSerializer):
    class Meta:
        model = SupervisionVisit
        fields = ["id", "village", "visited_on", "kind", "visitors", "findings", "follow_up", "follow_up_due",
                  "follow_up_done_on", "follow_up_result", "assessment"]
        read_only_fields = ["follow_up_done_on", "follow_up_result"]
