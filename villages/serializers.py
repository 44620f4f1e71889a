"""Shape of the villages API: what goes out, what comes in. The rules live in villages.actions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from villages.closing import correction_reason_serializer_field
from villages.models import Appointment, County, Position, Town, Village, VillagerGroup, village_code_validator
from villages.queries import positions_for, towns_for, villages_for


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id that accepts only records in the requesting user's jurisdiction."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scope(request.user if request else None)


class VersionedSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        min_value=1, required=False,
        help_text=_("The version you read; required when changing a record, refused if it changed since."),
    )

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": _("Give the version of the record you are changing.")})
        return attrs


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["id", "name"]


class TownSerializer(serializers.ModelSerializer):
    county = CountySerializer(read_only=True)

    class Meta:
        model = Town
        fields = ["id", "name", "county", "code"]


class VillageSerializer(VersionedSerializer):
    town = ScopedPrimaryKeyRelatedField(queryset=Town.objects.all(), scope=towns_for)
    has_regulations_file = serializers.SerializerMethodField()

    class Meta:
        model = Village
        fields = ["id", "town", "code", "name", "is_active", "self_government_declared_on",
                  "regulations_adopted_on", "regulations_text", "has_regulations_file", "version"]
        read_only_fields = ["self_government_declared_on", "regulations_adopted_on", "regulations_text"]
        # Uniqueness is checked by the action, so that its message is the one clients see.
        validators = []
        extra_kwargs = {"code": {"validators": [village_code_validator]}}

    def get_has_regulations_file(self, village) -> bool:
        return bool(village.regulations_file)

    def validate_town(self, town):
        if self.instance is not None and town != self.instance.town:
            raise serializers.ValidationError(_("A village does not move to another town."))
        return town


class DeclarationSerializer(serializers.Serializer):
    self_government_declared_on = serializers.DateField()
    version = serializers.IntegerField(min_value=1)
    correction_reason = correction_reason_serializer_field()


class RegulationsSerializer(serializers.Serializer):
    regulations_adopted_on = serializers.DateField()
    regulations_text = serializers.CharField(required=False, allow_blank=True, default="")
    regulations_file = serializers.FileField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1)
    correction_reason = correction_reason_serializer_field()


class GroupSerializer(VersionedSerializer):
    village = ScopedPrimaryKeyRelatedField(queryset=Village.objects.all(), scope=villages_for)

    class Meta:
        model = VillagerGroup
        fields = ["id", "village", "number", "name", "version"]
        validators = []

    def validate_village(self, village):
        if self.instance is not None and village != self.instance.village:
            raise serializers.ValidationError(_("A group does not move to another village."))
        return village


class HolderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["id", "holder_name", "started_on"]


class PositionSerializer(serializers.ModelSerializer):
    body = serializers.CharField(read_only=True)
    current_holder = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = ["id", "village", "group", "kind", "body", "current_holder"]
        read_only_fields = fields

    @extend_schema_field(HolderSerializer(allow_null=True))
    def get_current_holder(self, position):
        current = position.current[0] if position.current else None
        return HolderSerializer(current).data if current else None


class AppointmentSerializer(serializers.ModelSerializer):
    position = ScopedPrimaryKeyRelatedField(queryset=Position.objects.all(), scope=positions_for)
    correction_reason = correction_reason_serializer_field()
    village = serializers.IntegerField(source="position.village_id", read_only=True)
    kind = serializers.CharField(source="position.kind", read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    # Empty while the appointment runs: a read-only model field would leave "" out of the schema's enum.
    end_reason = serializers.ChoiceField(Appointment.EndReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Appointment
        fields = ["id", "position", "village", "kind", "holder_name", "started_on", "pay_kind", "monthly_amount",
                  "is_current", "ended_on", "end_reason", "end_note", "correction_reason"]
        read_only_fields = ["ended_on", "end_reason", "end_note"]
        validators = []


class EndAppointmentSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=Appointment.EndReason.choices)
    end_note = serializers.CharField(required=False, allow_blank=True, default="")
    correction_reason = correction_reason_serializer_field()
