"""The services' API shapes: each record as read, and the fields a write takes (the version read, and the
correction reason a date in a closed period asks for)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from members.models import Household, Person
from services.models import (
    AppraisalCriterion,
    AppraisalResult,
    Assistance,
    AssistanceProject,
    CadreAppraisal,
    CampaignInvitation,
    Donation,
    Finding,
    FollowUp,
    FundEntry,
    Fundraising,
    HealthCampaign,
    Invitation,
    LeadingGroup,
    LeadingGroupMember,
    ModelFamily,
    PingAnVillage,
    PublicityActivity,
    ServiceSite,
    SiteInvestment,
    TrainingClass,
)
from services.queries.honours import family_name
from villages.closing import correction_reason_serializer_field
from villages.models import Appointment, Position, Village
from villages.periods import FIRST_YEAR, LAST_YEAR

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
    raised = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, default=0, allow_null=True)
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


class InvitationSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    training_topic = serializers.CharField(source="training.topic", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "training", "training_topic", "village", "village_name", "name", "role", "attended", "note",
                  "withdrawn", "version"]
        read_only_fields = fields


class TrainingClassSerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False, allow_null=True,
                                                 help_text=_("Empty for a class the town organises."))
    village_name = serializers.CharField(source="village.name", read_only=True, default="")
    ends_on = serializers.DateField(required=False, allow_null=True, help_text=_("Empty for a one-day class."))
    invited = serializers.IntegerField(read_only=True, default=None, help_text=_("Your villages' invitations."))
    came = serializers.IntegerField(read_only=True, default=None)
    absent = serializers.IntegerField(read_only=True, default=None)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = TrainingClass
        fields = ["id", "town", "village", "village_name", "topic", "starts_on", "ends_on", "trainer", "place", "note",
                  "cancelled", "invited", "came", "absent", "version", "correction_reason"]
        read_only_fields = ["town"]


class InviteSerializer(ScopedChoices, serializers.Serializer):
    roles = serializers.ListField(child=serializers.ChoiceField(Position.Kind.choices), allow_empty=False,
                                  help_text=_("The posts whose holders on the first day are invited."))
    villages = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), many=True, required=False,
                                                  help_text=_("Empty: every village of the town."))
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["villages"].child_relation.queryset = villages


class AttendanceSerializer(ScopedChoices, serializers.Serializer):
    invitation = serializers.IntegerField(help_text=_("The invitation whose attendance is recorded."))
    attended = serializers.BooleanField(allow_null=True, help_text=_("Came (true), absent (false), not known (null)."))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(help_text=VERSION["help_text"])
    correction_reason = correction_reason_serializer_field()


# --- Health campaigns -----------------------------------------------------------------------------------

class HealthCampaignSerializer(ScopedChoices, serializers.ModelSerializer):
    villages = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), many=True, required=False,
                                                  help_text=_("Empty for every village of the town."))
    counts = serializers.SerializerMethodField(help_text=_(
        "On a campaign's own page: per village the reader reads and in all (village empty), women invited and "
        "examined, findings by category and findings closed; null where a count below 5 is hidden."))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = HealthCampaign
        fields = ["id", "town", "kind", "title", "starts_on", "ends_on", "place", "team", "target", "villages",
                  "note", "counts", "version", "correction_reason"]
        read_only_fields = ["town"]

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["villages"].child_relation.queryset = villages

    def get_counts(self, campaign) -> list | None:
        rows = self.context.get("counts")
        if rows is None:
            return None
        return [{"village": row.village.pk if row.village else None, "invited": row.invited, "examined": row.examined,
                 "findings": row.findings, "closed": row.closed,
                 "by_category": dict(zip(Finding.Category.values, row.categories, strict=True))} for row in rows]


class CampaignInviteSerializer(ScopedChoices, serializers.Serializer):
    invited_on = serializers.DateField(label=_("invited on"))
    correction_reason = correction_reason_serializer_field()


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "state", "on", "note"]


class FindingSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="invitation.campaign_id", read_only=True)
    village = serializers.IntegerField(source="invitation.village_id", read_only=True)
    person = serializers.IntegerField(source="invitation.person_id", read_only=True)
    person_name = serializers.CharField(source="invitation.person.name", read_only=True)
    steps = FollowUpSerializer(many=True, read_only=True)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = Finding
        fields = ["id", "invitation", "campaign", "village", "person", "person_name", "category", "found_on", "note",
                  "state", "state_since", "steps", "version", "correction_reason"]
        read_only_fields = ["invitation", "state", "state_since", "version"]


class CampaignInvitationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CampaignInvitation
        fields = ["id", "campaign", "person", "person_name", "village", "village_name", "invited_on", "attendance",
                  "attended_on", "withdrawn_on", "withdrawal_reason", "findings", "version"]
        read_only_fields = fields


class ExaminationSerializer(ScopedChoices, serializers.Serializer):
    attendance = serializers.ChoiceField(CampaignInvitation.Attendance.choices,
                                         label=pgettext_lazy("health", "attendance"))
    attended_on = serializers.DateField(label=_("date"))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class WithdrawSerializer(ScopedChoices, serializers.Serializer):
    withdrawn_on = serializers.DateField(label=_("withdrawn on"))
    reason = serializers.CharField(max_length=200, label=_("reason for withdrawing"))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class NewFindingSerializer(ScopedChoices, serializers.Serializer):
    category = serializers.ChoiceField(Finding.Category.choices, label=_("category"))
    found_on = serializers.DateField(label=_("found on"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    correction_reason = correction_reason_serializer_field()


class FollowUpStepSerializer(ScopedChoices, serializers.Serializer):
    state = serializers.ChoiceField(Finding.State.choices, label=_("next step"),
                                    help_text=_("Referred, treated or closed: a step after the finding's state."))
    on = serializers.DateField(label=_("date"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


# --- Honours -----------------------------------------------------------------------------------------------

class ModelFamilySerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none())
    village_name = serializers.CharField(source="village.name", read_only=True)
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    household_number = serializers.CharField(source="household.number", read_only=True)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    person_name = serializers.SerializerMethodField(help_text=_("Masked for readers who do not see people."))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = ModelFamily
        fields = ["id", "town", "village", "village_name", "year", "category", "household", "household_number",
                  "person", "person_name", "reason", "announced_on", "withdrawn_on", "withdrawal_reason", "version",
                  "correction_reason"]
        read_only_fields = ["town", "withdrawn_on", "withdrawal_reason"]
        validators = []  # once a year per category: the action checks

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, villages=villages, **kwargs)
        if villages is not None:
            self.fields["household"].queryset = Household.objects.filter(village__in=villages)
            self.fields["person"].queryset = Person.objects.filter(household__village__in=villages)

    def get_person_name(self, selection) -> str:
        if selection.person is None:
            return ""
        return family_name(selection.person.name, self.context["request"].user)


class WithdrawFamilySerializer(ScopedChoices, serializers.Serializer):
    withdrawn_on = serializers.DateField(label=_("withdrawn on"))
    reason = serializers.CharField(label=_("reason for the withdrawal"), max_length=200)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class AppraisalCriterionSerializer(ScopedChoices, serializers.ModelSerializer):
    class Meta:
        model = AppraisalCriterion
        fields = ["id", "name", "points", "self_government"]
        validators = []  # the action checks


class AppraisalResultSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    cadre = serializers.CharField(source="appointment.holder_name", read_only=True)
    post = serializers.CharField(source="appointment.position.get_kind_display", read_only=True)
    honour_decided_on = serializers.DateField(source="honour.decided_on", read_only=True, default=None)
    withdrawal_decided_on = serializers.DateField(source="withdrawal.decided_on", read_only=True, default=None)

    class Meta:
        model = AppraisalResult
        fields = ["id", "village", "village_name", "appointment", "cadre", "post", "score", "rank", "awarded",
                  "honour", "honour_decided_on", "withdrawal", "withdrawal_decided_on", "version"]


class CadreAppraisalSerializer(ScopedChoices, serializers.ModelSerializer):
    criteria = AppraisalCriterionSerializer(many=True, read_only=True)
    results = AppraisalResultSerializer(source="result_rows", many=True, read_only=True,
                                        help_text=_("The results the reader may see: a specialist their village's."))
    version = serializers.IntegerField(**VERSION)

    class Meta:
        model = CadreAppraisal
        fields = ["id", "town", "year", "title", "places", "award_amount", "decided_on", "decided_by", "criteria",
                  "results", "version"]
        read_only_fields = ["town", "decided_on", "decided_by"]
        # Four digits: a year 0 or 32766 made a date out of range, a 500 (schemathesis found it).
        # places 0 broke the constraint that an appraisal awards someone, a 500 (schemathesis found it).
        extra_kwargs = {"year": {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}, "places": {"min_value": 1}}
        validators = []  # one a year: the action checks


class CandidateSerializer(ScopedChoices, serializers.Serializer):
    appointment = serializers.PrimaryKeyRelatedField(queryset=Appointment.objects.none(), label=_("cadre"))
    score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0, label=_("score"))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["appointment"].queryset = Appointment.objects.filter(position__village__in=villages)


class DecideAppraisalSerializer(ScopedChoices, serializers.Serializer):
    decided_on = serializers.DateField(label=_("decided on"))
    decided_by = serializers.CharField(max_length=100, label=_("deciding body"))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class WithdrawAwardSerializer(ScopedChoices, serializers.Serializer):
    result = serializers.IntegerField(help_text=_("The result whose award is withdrawn."))
    decided_on = serializers.DateField(label=_("date of the decision"))
    reason = serializers.CharField(label=_("reason"))
    decision = serializers.CharField(label=_("decision taken"))
    decided_by = serializers.CharField(max_length=100, label=_("deciding body"))
    certificate_recovered = serializers.BooleanField(default=True)
    amount_recovered = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False,
                                                allow_null=True)
    notify_town = serializers.BooleanField(default=False)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class PingAnVillageSerializer(ScopedChoices, serializers.ModelSerializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none())
    village_name = serializers.CharField(source="village.name", read_only=True)
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()

    class Meta:
        model = PingAnVillage
        fields = ["id", "town", "village", "village_name", "year", "state", "applied_on", "decided_on", "revoked_on",
                  "note", "version", "correction_reason"]
        read_only_fields = ["town", "state", "decided_on", "revoked_on"]
        validators = []  # once a year: the action checks


class DecidePingAnSerializer(ScopedChoices, serializers.Serializer):
    passed = serializers.BooleanField(help_text=_("Accepted and awarded (true) or not passed (false)."))
    decided_on = serializers.DateField(label=_("decided on"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


class RevokePingAnSerializer(ScopedChoices, serializers.Serializer):
    revoked_on = serializers.DateField(label=_("revoked on"))
    reason = serializers.CharField(max_length=200, label=_("reason for the revocation"))
    version = serializers.IntegerField(**VERSION)
    correction_reason = correction_reason_serializer_field()


# --- Assistance -------------------------------------------------------------------------------------------

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
