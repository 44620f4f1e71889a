"""API shapes for policies and benefits. Writes go through incentives.actions."""

from decimal import Decimal

from rest_framework import serializers

from incentives.models import Budget, Condition, Cycle, Entitlement, EvidenceItem, Fact, Hold, Payment, Policy
from incentives.models import Rate as RateModel
from members.models import Person
from villages.models import Village
from villages.periods import PeriodSerializerField


class RateSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="get_unit_display", read_only=True)

    class Meta:
        model = RateModel
        fields = ["id", "policy", "amount", "unit", "unit_label", "occasion_kind", "valid_from", "valid_until", "note"]
        read_only_fields = ["policy"]


class RateCorrectionSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False)
    valid_until = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ConditionSerializer(serializers.ModelSerializer):
    description = serializers.CharField(source="__str__", read_only=True)
    is_sensitive = serializers.BooleanField(read_only=True)

    class Meta:
        model = Condition
        fields = ["id", "policy", "position", "target", "kind", "values", "minimum", "maximum", "date_from", "date_to",
                  "on_date", "description", "is_sensitive"]
        read_only_fields = ["policy"]


class ConditionWriteSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Condition.Target.choices)
    kind = serializers.ChoiceField(choices=Condition.Kind.choices)
    values = serializers.ListField(child=serializers.JSONField(), required=False, default=list)
    minimum = serializers.IntegerField(min_value=0, max_value=150, required=False, allow_null=True)
    maximum = serializers.IntegerField(min_value=0, max_value=150, required=False, allow_null=True)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    on_date = serializers.DateField(required=False, allow_null=True)
    position = serializers.IntegerField(min_value=0, required=False)


class EvidenceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceItem
        fields = ["id", "policy", "position", "text", "required"]
        read_only_fields = ["policy", "position"]


class PolicySerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True, allow_null=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    rates = RateSerializer(many=True, read_only=True)
    conditions = ConditionSerializer(many=True, read_only=True)
    evidence = EvidenceItemSerializer(many=True, read_only=True)

    class Meta:
        model = Policy
        fields = ["id", "code", "name", "level", "level_label", "issuing_body", "village", "village_name", "kind",
                  "kind_label", "beneficiary", "village_policy_kind", "frequency", "proration", "births_in_full",
                  "uses_sensitive_data", "description", "adopted_on", "ended_on", "end_reason", "version", "rates",
                  "conditions", "evidence"]
        read_only_fields = ["ended_on", "end_reason", "version"]


class PolicyWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["code", "name", "level", "issuing_body", "village", "kind", "beneficiary", "village_policy_kind",
                  "frequency", "proration", "births_in_full", "uses_sensitive_data", "description", "adopted_on"]
        validators = []  # the action validates the whole policy (unique code, village rules)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        town_id = getattr(getattr(request, "user", None), "town_id", None)
        fields["village"].queryset = Village.objects.filter(town_id=town_id) if town_id else Village.objects.all()
        return fields


class PolicyUpdateSerializer(PolicyWriteSerializer):
    version = serializers.IntegerField()

    class Meta(PolicyWriteSerializer.Meta):
        fields = [*PolicyWriteSerializer.Meta.fields, "version"]
        extra_kwargs = {name: {"required": False} for name in PolicyWriteSerializer.Meta.fields}


class EndPolicySerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class ForecastQuerySerializer(serializers.Serializer):
    first_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    years = serializers.IntegerField(min_value=1, max_value=10, default=5)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0"), required=False)
    unit = serializers.ChoiceField(choices=RateModel.Unit.choices, default=RateModel.Unit.YEAR)


class ForecastRowSerializer(serializers.Serializer):
    village = serializers.IntegerField()
    village_name = serializers.CharField()
    recipients = serializers.ListField(child=serializers.IntegerField())
    amounts = serializers.ListField(child=serializers.DecimalField(max_digits=14, decimal_places=2))


class ForecastSerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.IntegerField())
    rows = ForecastRowSerializer(many=True)


class CycleSerializer(serializers.ModelSerializer):
    policy_name = serializers.CharField(source="policy.name", read_only=True)
    entitlement_count = serializers.IntegerField(read_only=True)
    pending_count = serializers.IntegerField(read_only=True)
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    paid_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Cycle
        fields = ["id", "policy", "policy_name", "period", "starts_on", "ends_on", "status", "computed_at",
                  "approved_at", "approval_note", "closed_at", "rule_snapshot", "last_result", "entitlement_count",
                  "pending_count", "total_amount", "paid_amount", "version"]


class OpenCycleSerializer(serializers.Serializer):
    policy = serializers.PrimaryKeyRelatedField(queryset=Policy.objects.none())
    period = PeriodSerializerField()

    def get_fields(self):
        fields = super().get_fields()
        fields["policy"].queryset = self.context.get("policies", Policy.objects.none())
        return fields


class ComputeResultSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    kept = serializers.IntegerField()
    differing = serializers.IntegerField()
    no_longer_eligible = serializers.IntegerField()
    without_rate = serializers.IntegerField()


class ComputePeriodSerializer(serializers.Serializer):
    period = PeriodSerializerField()


class PeriodResultSerializer(ComputeResultSerializer):
    cycles = serializers.IntegerField(help_text="The period's cycles, opened now or before.")
    closed = serializers.IntegerField(help_text="Of which closed already, so left alone.")


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    exceptions = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict,
                                       help_text="entitlement id → reason for holding it back")


class CycleVillageSerializer(serializers.Serializer):
    village_id = serializers.IntegerField()
    village__name = serializers.CharField()
    total = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    approved_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    payments = serializers.DecimalField(max_digits=14, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2)
    reconciles = serializers.BooleanField()
    pending = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    returned = serializers.IntegerField()
    approved = serializers.IntegerField()
    excepted = serializers.IntegerField()
    paid = serializers.IntegerField()
    suspended = serializers.IntegerField()
    stopped = serializers.IntegerField()


class EntitlementSerializer(serializers.ModelSerializer):
    policy_name = serializers.CharField(source="policy.name", read_only=True)
    household_number = serializers.CharField(source="household.number", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Entitlement
        fields = ["id", "cycle", "policy", "policy_name", "period", "village", "household", "household_number",
                  "person", "person_name", "rate", "unit_amount", "unit", "months", "month_mask", "occasions", "amount",
                  "status", "status_label", "status_reason", "hold", "payment", "reviewed_at", "computed_at"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ConfirmSerializer(serializers.Serializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.none())
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none())
    ids = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True, default=None)

    def get_fields(self):
        fields = super().get_fields()
        fields["cycle"].queryset = self.context.get("cycles", Cycle.objects.none())
        fields["village"].queryset = self.context.get("villages", Village.objects.none())
        return fields


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "cycle", "village", "paid_on", "method", "reference", "amount", "recipients", "recorded_at"]
        read_only_fields = ["recipients", "recorded_at"]
        validators = []  # the action checks the payment against the approved total

    def get_fields(self):
        fields = super().get_fields()
        if "cycles" in self.context:
            fields["cycle"].queryset = self.context["cycles"]
            fields["village"].queryset = self.context["villages"]
        return fields


class HoldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hold
        fields = ["id", "policy", "village", "household", "person", "kind", "reason", "started_on", "ended_on",
                  "resume_note"]
        read_only_fields = ["village", "ended_on", "resume_note"]
        extra_kwargs = {"started_on": {"required": False}}
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if "policies" in self.context:
            fields["policy"].queryset = self.context["policies"]
            fields["household"].queryset = self.context["households"]
            fields["person"].queryset = self.context["people"]
        return fields


class ResumeSerializer(serializers.Serializer):
    note = serializers.CharField()


class FactSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Fact
        fields = ["id", "kind", "kind_label", "village", "household", "person", "occurred_on", "valid_until",
                  "evidence", "is_active", "deactivated_reason"]
        read_only_fields = ["village", "is_active", "deactivated_reason"]

    def get_fields(self):
        fields = super().get_fields()
        if "households" in self.context:
            fields["household"].queryset = self.context["households"]
            fields["person"].queryset = self.context["people"]
        return fields


class BudgetSerializer(serializers.ModelSerializer):
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "policy", "village", "year", "amount", "note", "committed", "paid"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if "policies" in self.context:
            fields["policy"].queryset = self.context["policies"]
            fields["village"].queryset = self.context["villages"]
        return fields


class CheckSerializer(serializers.Serializer):
    text = serializers.CharField()
    ok = serializers.BooleanField(allow_null=True)
    because = serializers.CharField()


class ExplanationSerializer(serializers.Serializer):
    subject = serializers.CharField(source="subject_name")
    person = serializers.SerializerMethodField()
    eligible = serializers.BooleanField(allow_null=True)
    summary = serializers.CharField()
    months = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    day = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()

    def get_person(self, explanation) -> int | None:
        return explanation.subject.pk if isinstance(explanation.subject, Person) else None

    def get_day(self, explanation) -> str | None:
        return explanation.shown.day.isoformat() if explanation.shown else None

    def get_checks(self, explanation) -> list[dict]:
        from incentives.rules.explain import _flat

        if explanation.shown is None:
            return []
        return [{"text": str(c.text), "ok": c.ok, "because": c.because} for c in _flat(explanation.shown)]


class EligibilitySerializer(serializers.Serializer):
    policy = serializers.IntegerField(source="policy.pk")
    policy_name = serializers.CharField(source="policy.name")
    period = serializers.CharField()
    explanations = ExplanationSerializer(many=True)


class EligibilityQuerySerializer(serializers.Serializer):
    household = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class FiguresQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    villages = serializers.IntegerField()


class BenefitRowSerializer(serializers.Serializer):
    recipients = serializers.IntegerField()
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    eligible_households = serializers.IntegerField()
    receiving_households = serializers.IntegerField()
    coverage = serializers.FloatField(allow_null=True)


class PolicyRowSerializer(BenefitRowSerializer):
    policy_id = serializers.IntegerField()
    policy__name = serializers.CharField()
    period = serializers.CharField()


class VillageRowSerializer(BenefitRowSerializer):
    village_id = serializers.IntegerField()
    village__name = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    village_policy_kinds = KindCountSerializer(many=True)
    by_policy = PolicyRowSerializer(many=True)
    by_village = VillageRowSerializer(many=True)
    totals = BenefitRowSerializer()
