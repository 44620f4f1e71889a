"""API shapes for households, people and vital events. Writes go through members.actions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from members import identity
from members.models import FamilyCategory, Household, Person, VitalEvent
from members.models.people import SENSITIVE_FIELDS
from members.rules import validation
from villages import closing
from villages.models import VillagerGroup
from villages.queries import changeable


def _changeable_people(request):
    if request is None:
        return Person.objects.none()
    return changeable(Person.objects.filter(status=Person.Status.ACTIVE), request.user, village="household__village")


def _changeable_households(request):
    if request is None:
        return Household.objects.none()
    return changeable(Household.objects.filter(status=Household.Status.ACTIVE), request.user)


class PastDateField(serializers.DateField):
    """The day something happened: today at the latest."""

    default_validators = [validation.validate_past_date]


class PastDatesMixin:
    """Model date fields that record what has happened: refused when in the future (field: 400)."""

    past_date_fields: tuple = ()

    def get_fields(self):
        fields = super().get_fields()
        for name in self.past_date_fields:
            if name in fields:
                fields[name].validators.append(validation.validate_past_date)
        return fields


class ScopedPeopleMixin:
    """Related people and households offered to a write: only those the user may change (others: 400)."""

    people_fields: tuple = ()
    household_fields: tuple = ()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for name in self.people_fields:
            fields[name].queryset = _changeable_people(request)
        for name in self.household_fields:
            fields[name].queryset = _changeable_households(request)
        return fields


class CorrectionReasonMixin(serializers.Serializer):
    """Every endpoint that records an event: a date inside a closed period needs a reason (villages.closing)."""

    correction_reason = closing.correction_reason_serializer_field()


class FamilyCategorySerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_category_display", read_only=True)
    reason = serializers.CharField(read_only=True)

    class Meta:
        model = FamilyCategory
        fields = ["category", "label", "holds_from", "holds_until", "reason"]


class HouseholdSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    head_name = serializers.CharField(read_only=True, allow_null=True)
    people_count = serializers.IntegerField(read_only=True)
    categories = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = ["id", "number", "village", "village_name", "group", "group_name", "address", "hukou_type",
                  "poverty", "poverty_since", "status", "registered_on", "status_changed_on", "status_reason",
                  "head_name", "people_count", "categories", "version"]
        read_only_fields = fields

    @extend_schema_field(FamilyCategorySerializer(many=True))
    def get_categories(self, household):
        rows = getattr(household, "current", None)
        if rows is None:
            rows = household.categories.current()
        return FamilyCategorySerializer(rows, many=True).data


class PersonInputSerializer(serializers.ModelSerializer):
    """A person as entered: identity number and phone normalised and checked."""

    id_number = serializers.CharField(max_length=24, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=24, required=False, allow_blank=True)

    class Meta:
        model = Person
        fields = ["name", "id_number", "sex", "birth_date", "ethnicity", "relation", "marital_status", "phone",
                  "residence"]

    def validate_id_number(self, value):
        return _django_check(identity.validate_id_number, value) if value else ""

    def validate_phone(self, value):
        return _django_check(identity.validate_phone, value) if value else ""

    def validate_birth_date(self, value):
        _django_check(validation.validate_birth_date, value)
        return value

    def validate(self, attrs):
        number = attrs.get("id_number")
        if number:
            errors = {}
            if attrs.get("birth_date") and identity.birth_date_of(number) != attrs["birth_date"]:
                errors["birth_date"] = [_("The identity number gives another birth date.")]
            if attrs.get("sex") and identity.sex_of(number) != attrs["sex"]:
                errors["sex"] = [_("The identity number is that of the other sex.")]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


def _django_check(check, value):
    from django.core.exceptions import ValidationError

    try:
        return check(value)
    except ValidationError as error:
        raise serializers.ValidationError(error.messages) from None


class AdoptedChildSerializer(PersonInputSerializer):
    class Meta(PersonInputSerializer.Meta):
        fields = ["name", "id_number", "sex", "birth_date", "ethnicity"]


class HouseholdCreateSerializer(PastDatesMixin, serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=VillagerGroup.objects.none())
    people = PersonInputSerializer(many=True)
    past_date_fields = ("poverty_since",)

    class Meta:
        model = Household
        fields = ["group", "number", "address", "hukou_type", "poverty", "poverty_since", "people"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["group"].queryset = changeable(VillagerGroup.objects.all(), request.user)
        return fields


class HouseholdUpdateSerializer(PastDatesMixin, serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=VillagerGroup.objects.none(), required=False)
    version = serializers.IntegerField(min_value=1)
    past_date_fields = ("poverty_since",)

    class Meta:
        model = Household
        fields = ["group", "number", "address", "hukou_type", "poverty", "poverty_since", "version"]
        extra_kwargs = {field: {"required": False} for field in ["number", "address", "hukou_type", "poverty"]}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["group"].queryset = changeable(VillagerGroup.objects.all(), request.user)
        return fields


class MoveOutHouseholdSerializer(CorrectionReasonMixin, serializers.Serializer):
    moved_on = PastDateField()
    destination = serializers.CharField(max_length=200)
    reason = serializers.CharField()
    version = serializers.IntegerField(min_value=1)


class PersonSerializer(serializers.ModelSerializer):
    """A person; the sensitive fields appear only for those who may see them (town office, own specialist)."""

    household_number = serializers.CharField(source="household.number", read_only=True)
    village = serializers.IntegerField(source="household.village_id", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "household", "household_number", "village", "name", "sex", "birth_date", "ethnicity",
                  "relation", "marital_status", "residence", "status", "status_changed_on", "status_reason",
                  "died_on", "mother", "father", "is_adopted", "birth_order", "version", *SENSITIVE_FIELDS]
        read_only_fields = fields
        shown_to_some = SENSITIVE_FIELDS  # left out for those who may not see them (villages.api_schema)

    def to_representation(self, person):
        data = super().to_representation(person)
        if person.household.village_id not in self.context.get("sensitive_villages", set()):
            for name in SENSITIVE_FIELDS:
                data.pop(name, None)
        return data


class PersonCreateSerializer(ScopedPeopleMixin, PersonInputSerializer):
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    household_fields = ("household",)

    class Meta(PersonInputSerializer.Meta):
        fields = ["household", *PersonInputSerializer.Meta.fields]


class PersonUpdateSerializer(PersonInputSerializer):
    version = serializers.IntegerField(min_value=1)

    class Meta(PersonInputSerializer.Meta):
        fields = [*PersonInputSerializer.Meta.fields, "version"]
        extra_kwargs = {name: {"required": False} for name in PersonInputSerializer.Meta.fields}


class ReproductiveHealthSerializer(PastDatesMixin, serializers.ModelSerializer):
    version = serializers.IntegerField(min_value=1)
    past_date_fields = ("contraception_since", "pregnancy_noted_on")

    class Meta:
        model = Person
        fields = ["contraception", "contraception_since", "pregnancy", "pregnancy_noted_on", "version"]


class MovePersonSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    to_household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    relation = serializers.ChoiceField(choices=Person._meta.get_field("relation").choices)
    moved_on = PastDateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1)
    household_fields = ("to_household",)


class DeactivateSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField(min_value=1)


class VitalEventSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = VitalEvent
        fields = ["id", "kind", "village", "household", "person", "person_name", "occurred_on", "recorded_on",
                  "change", "birth_order", "mother", "other_person", "other_name", "place", "note", "is_late",
                  "marital_status", "corrects", "voided_on", "voided_by", "void_reason"]
        read_only_fields = fields


class BirthSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    mother = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    father = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    child_name = serializers.CharField(max_length=50)
    sex = serializers.ChoiceField(choices=Person.Sex.choices)
    born_on = PastDateField()
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    people_fields = ("mother", "father")

    def validate_id_number(self, value):
        return _django_check(identity.validate_id_number, value) if value else ""


class DeathSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    died_on = PastDateField()
    cause = serializers.CharField(required=False, allow_blank=True, default="")
    people_fields = ("person",)


class MarriageSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    married_on = PastDateField()
    spouse = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    spouse_name = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    people_fields = ("person", "spouse")

    def validate(self, attrs):
        if not attrs.get("spouse") and not attrs.get("spouse_name", "").strip():
            raise serializers.ValidationError({"spouse_name": _("Choose the spouse or enter the spouse's name.")})
        return attrs


class DivorceSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    divorced_on = PastDateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    people_fields = ("person",)


class MoveOutSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    moved_on = PastDateField()
    place = serializers.CharField(max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    people_fields = ("person",)


class MoveInSerializer(ScopedPeopleMixin, CorrectionReasonMixin, PersonInputSerializer):
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    moved_on = PastDateField()
    place = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    household_fields = ("household",)

    class Meta(PersonInputSerializer.Meta):
        fields = ["household", "moved_on", "place", "note", *PersonInputSerializer.Meta.fields, "correction_reason"]


class AdoptionSerializer(ScopedPeopleMixin, CorrectionReasonMixin, serializers.Serializer):
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    adopted_on = PastDateField()
    child = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    new_child = AdoptedChildSerializer(required=False, allow_null=True)
    adoptive_mother = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False,
                                                         allow_null=True)
    adoptive_father = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False,
                                                         allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    people_fields = ("child", "adoptive_mother", "adoptive_father")
    household_fields = ("household",)


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class CorrectionSerializer(serializers.Serializer):
    """A correction: why, and at least one of the kind's correctable fields (members.actions.corrections)."""

    reason = serializers.CharField(max_length=500)

    def validate(self, attrs):
        if len(attrs) < 2:
            raise serializers.ValidationError(_("Give the date or a detail to correct."))
        return attrs


class BirthCorrectionSerializer(CorrectionSerializer):
    born_on = serializers.DateField(required=False)
    child_name = serializers.CharField(max_length=50, required=False)
    sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate_id_number(self, value):
        return _django_check(identity.validate_id_number, value) if value else ""


class AdoptionCorrectionSerializer(CorrectionSerializer):
    adopted_on = serializers.DateField(required=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)


class DeathCorrectionSerializer(CorrectionSerializer):
    died_on = serializers.DateField(required=False)
    cause = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MarriageCorrectionSerializer(CorrectionSerializer):
    married_on = serializers.DateField(required=False)
    spouse_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class DivorceCorrectionSerializer(CorrectionSerializer):
    divorced_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class MoveCorrectionSerializer(CorrectionSerializer):
    moved_on = serializers.DateField(required=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


CORRECTION_SERIALIZERS = {
    VitalEvent.Kind.BIRTH: BirthCorrectionSerializer, VitalEvent.Kind.ADOPTION: AdoptionCorrectionSerializer,
    VitalEvent.Kind.DEATH: DeathCorrectionSerializer, VitalEvent.Kind.MARRIAGE: MarriageCorrectionSerializer,
    VitalEvent.Kind.DIVORCE: DivorceCorrectionSerializer, VitalEvent.Kind.MOVE_IN: MoveCorrectionSerializer,
    VitalEvent.Kind.MOVE_OUT: MoveCorrectionSerializer,
}

# The request body of a correction, by the kind of the event corrected (for the API schema).
CORRECTION_REQUEST = PolymorphicProxySerializer(
    component_name="EventCorrection", serializers=list(dict.fromkeys(CORRECTION_SERIALIZERS.values())),
    resource_type_field_name=None)
