"""The services' API shapes: each record as read, and the fields a write takes (the version read, and the
correction reason a date in a closed period asks for)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from members.models import Household, Person
from services.models import (
    Assistance,
    AssistanceProject,
    Donation,
    FundEntry,
    Fundraising,
    LeadingGroup,
    LeadingGroupMember,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
)
from villages.closing import correction_reason_serializer_field
from villages.models import Village

VERSION = {"required": False, "help_text": _("The version read; required to change a record.")}


class ScopedChoices:
    """Serializers whose `village` (or `site`) choices are the user's."""

    def __init__(self, *args, villages=None, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None and "village" in self.fields:
            self.fields["village"].queryset = villages
        if sites is not None and "site" in self.fields:
            self.fields["site"].queryset = sites


class ServiceSiteSerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True,
                                                 help_text=_("Empty for the town's own site."))
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = ServiceSite
        fields = ["id", "town", "village", "village_name", "kind", "name", "state", "state_since", "equipment",
                  "opening_hours", "version", "correction_reason"]
        read_only_fields = ["town"]


class SiteUpdateSerializer(ScopedChoices, serializers.ModelSerializer):
    version = serializers.IntegerField(help_text=VERSION["help_text"])

    class Meta:
        model = ServiceSite
        fields = ["kind", "name", "equipment", "opening_hours", "version"]
        extra_kwargs = {name: {"required": False} for name in ("kind", "name", "equipment", "opening_hours")}


class StateChangeSerializer(ScopedChoices, serializers.Serializer):
    state = serializers.ChoiceField(ServiceSite.State.choices, label=_("new state"))
    changed_on = serializers.DateField(label=_("from"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class SiteInvestmentSerializer(ScopedChoices, serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name", read_only=True)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = SiteInvestment
        fields = ["id", "site", "site_name", "amount", "source", "invested_on", "purpose", "version",
                  "correction_reason"]
        extra_kwargs = {"site": {"queryset": ServiceSite.objects.none()}}


class FundEntrySerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True,
                                                 help_text=_("Empty for the town's own funds."))
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = FundEntry
        fields = ["id", "town", "village", "village_name", "direction", "source", "use", "amount", "entry_date",
                  "note", "version", "correction_reason"]
        read_only_fields = ["town"]


class DonationSerializer(ScopedChoices, serializers.ModelSerializer):
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = Donation
        fields = ["id", "donor_name", "amount", "donated_on", "correction_reason"]


class FundraisingSerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True,
                                                 help_text=_("Empty for a drive of the whole town."))
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    raised = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, default=0)
    donations = serializers.SerializerMethodField(help_text=_("Shown to the town office and the village's "
                                                              "specialist only."))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = Fundraising
        fields = ["id", "town", "village", "village_name", "title", "starts_on", "ends_on", "purpose", "outcome",
                  "families_helped", "children_helped", "raised", "donations", "version", "correction_reason"]
        read_only_fields = ["town"]

    def get_donations(self, drive) -> list | None:
        if not self.context.get("sees_donors") or "donation_rows" not in drive.__dict__:
            return None
        return DonationSerializer(drive.donation_rows, many=True).data


class LeadingGroupMemberSerializer(ScopedChoices, serializers.ModelSerializer):
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = LeadingGroupMember
        fields = ["id", "name", "role", "job_title", "started_on", "ended_on", "version", "correction_reason"]
        read_only_fields = ["ended_on"]
        validators = []  # one leader at a time: the action checks


class EndMemberSerializer(ScopedChoices, serializers.Serializer):
    member = serializers.IntegerField(help_text=_("The member whose membership ends."))
    ended_on = serializers.DateField(label=_("last day in the group"))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class LeadingGroupSerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True,
                                                 help_text=_("Empty for the town's own group."))
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    members = LeadingGroupMemberSerializer(many=True, read_only=True)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = LeadingGroup
        fields = ["id", "town", "village", "village_name", "name", "set_up_on", "dissolved_on", "note", "members",
                  "version", "correction_reason"]
        read_only_fields = ["town"]
        validators = []  # one group at a time: the action checks the dates


class PublicityActivitySerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True,
                                                 help_text=_("Empty for the whole town."))
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = PublicityActivity
        fields = ["id", "town", "village", "village_name", "channel", "held_on", "title", "reach", "note", "version",
                  "correction_reason"]
        read_only_fields = ["town"]


class AssistanceProjectSerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none())
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    households = serializers.IntegerField(read_only=True, default=0,
                                          help_text=_("Households taking part (voided participations left out)."))
    lifted = serializers.IntegerField(read_only=True, default=0,
                                      help_text=_("Households out of poverty in the registry since they joined."))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = AssistanceProject
        fields = ["id", "town", "village", "village_name", "name", "started_on", "ended_on", "description",
                  "households", "lifted", "version", "correction_reason"]
        read_only_fields = ["town"]


class AssistanceSerializer(serializers.ModelSerializer):
    """A record of help to a household; the household and the children are chosen in the user's villages."""

    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    household_number = serializers.CharField(source="household.number", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    kind = serializers.ChoiceField([(code, label) for code, label in Assistance.Kind.choices
                                    if code != Assistance.Kind.PROJECT],
                                   help_text=_("Taking part in a project: POST …/assistance-projects/{id}/join/."))
    children = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), many=True, required=False)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = Assistance
        fields = ["id", "village", "village_name", "household", "household_number", "kind", "given_on", "until",
                  "amount", "project", "fundraising", "helper_name", "helper_appointment", "children", "note",
                  "voided_on", "void_reason", "version", "correction_reason"]
        read_only_fields = ["village", "project", "voided_on", "void_reason"]

    def __init__(self, *args, villages=None, fundraisings=None, appointments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["household"].queryset = Household.objects.filter(village__in=villages)
            self.fields["children"].child_relation.queryset = Person.objects.filter(household__village__in=villages)
        if fundraisings is not None:
            self.fields["fundraising"].queryset = fundraisings
        if appointments is not None:
            self.fields["helper_appointment"].queryset = appointments


class JoinProjectSerializer(serializers.Serializer):
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    joined_on = serializers.DateField()
    helper_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["household"].queryset = Household.objects.filter(village__in=villages)


class VoidAssistanceSerializer(ScopedChoices, serializers.Serializer):
    reason = serializers.CharField(max_length=200, label=_("reason for voiding"))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class OutOfPovertySerializer(ScopedChoices, serializers.Serializer):
    lifted_on = serializers.DateField(label=_("out of poverty on"))
    version = serializers.IntegerField(required=False, help_text=_("The household's version, as read."))
    correction_reason = correction_reason_serializer_field()


class KindTotalSerializer(serializers.Serializer):
    kind = serializers.CharField(source="code")
    families = serializers.IntegerField()
    records = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    children = serializers.IntegerField(allow_null=True)
