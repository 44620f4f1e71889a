"""Input and output shapes of the association's API. Writes go through association.actions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from association.models import (
    AssociationMember,
    AssociationYearRules,
    Award,
    ContactAssignment,
    EvaluationCriterion,
    FeedbackNote,
    Meeting,
    MeetingAttendance,
    MemberEvaluation,
    MemberReview,
    MonthlyFeedback,
)
from members.models import Household, Person
from villages.closing import correction_reason_serializer_field
from villages.models import User, Village, VillagerGroup
from villages.periods import FIRST_YEAR, LAST_YEAR


class AssociationMemberSerializer(serializers.ModelSerializer):
    households = serializers.IntegerField(read_only=True, help_text=_("Households on the card now."))
    village_name = serializers.CharField(source="village.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    # Empty while the member serves: a read-only model field would leave "" out of the schema's enum.
    leave_reason = serializers.ChoiceField(AssociationMember.LeaveReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = AssociationMember
        fields = ["id", "village", "village_name", "group", "group_name", "name", "role", "person", "user",
                  "duties", "joined_on", "left_on", "leave_reason", "leave_note", "households", "version"]
        read_only_fields = fields


class RecruitSerializer(serializers.Serializer):
    group = serializers.PrimaryKeyRelatedField(queryset=VillagerGroup.objects.none(), label=_("Villager group"))
    name = serializers.CharField(max_length=50, label=_("Name"))
    role = serializers.ChoiceField(AssociationMember.Role.choices, default=AssociationMember.Role.MEMBER)
    joined_on = serializers.DateField(label=_("Joined on"))
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    duties = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, groups=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups
        if people is not None:
            self.fields["person"].queryset = people


class MemberUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(label=_("Version read"))
    name = serializers.CharField(max_length=50, required=False)
    role = serializers.ChoiceField(AssociationMember.Role.choices, required=False)
    group = serializers.PrimaryKeyRelatedField(queryset=VillagerGroup.objects.none(), required=False)
    duties = serializers.CharField(required=False, allow_blank=True)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False, allow_null=True)

    def __init__(self, *args, groups=None, people=None, logins=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups
        if people is not None:
            self.fields["person"].queryset = people
        if logins is not None:
            self.fields["user"].queryset = logins


class HandoverSerializer(serializers.Serializer):
    successor = serializers.PrimaryKeyRelatedField(queryset=AssociationMember.objects.none(), label=_("Successor"))
    handed_over_on = serializers.DateField(label=_("Date"))
    leave_reason = serializers.ChoiceField(AssociationMember.LeaveReason.choices, required=False, allow_blank=True,
                                           default="", help_text=_("Given: the member also leaves that day."))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, successors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if successors is not None:
            self.fields["successor"].queryset = successors


class LeaveSerializer(serializers.Serializer):
    left_on = serializers.DateField(label=_("Left on"))
    leave_reason = serializers.ChoiceField(AssociationMember.LeaveReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    successor = serializers.PrimaryKeyRelatedField(queryset=AssociationMember.objects.none(), required=False,
                                                   allow_null=True)
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, successors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if successors is not None:
            self.fields["successor"].queryset = successors


class AssignSerializer(serializers.Serializer):
    households = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none(), many=True, allow_empty=False)
    served_from = serializers.DateField()
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        if households is not None:
            self.fields["households"].child_relation.queryset = households


class ContactAssignmentSerializer(serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    # Named apart from the villages' appointments' `end_reason`, a different set of choices.
    service_end_reason = serializers.ChoiceField(ContactAssignment.EndReason.choices, source="end_reason",
                                                 read_only=True, allow_blank=True)

    class Meta:
        model = ContactAssignment
        fields = ["id", "member", "member_name", "household", "household_number", "served_from", "served_until",
                  "service_end_reason"]
        read_only_fields = fields


class EndAssignmentSerializer(serializers.Serializer):
    served_until = serializers.DateField()
    correction_reason = correction_reason_serializer_field()


class CardSerializer(serializers.Serializer):
    member = AssociationMemberSerializer()
    current = ContactAssignmentSerializer(many=True)
    history = ContactAssignmentSerializer(many=True)


class UncoveredHouseholdSerializer(serializers.ModelSerializer):
    head_name = serializers.CharField(read_only=True, allow_null=True)
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = Household
        fields = ["id", "number", "village", "group", "group_name", "head_name", "address"]
        read_only_fields = fields


class FeedbackNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackNote
        fields = ["household", "note"]


class MonthlyFeedbackSerializer(serializers.ModelSerializer):
    """Counts and dates for everyone who may see the report; what was written only for its readers."""

    member_name = serializers.CharField(source="member.name", read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    notes = FeedbackNoteSerializer(many=True, read_only=True)
    # null for a reader who sees that the report was made but not what it says (to_representation)
    changes = serializers.CharField(read_only=True, allow_null=True,
                                    label=MonthlyFeedback._meta.get_field("changes").verbose_name,
                                    help_text=_("What was written; null for those who may not read it."))
    help_needed = serializers.CharField(read_only=True, allow_null=True,
                                        label=MonthlyFeedback._meta.get_field("help_needed").verbose_name,
                                        help_text=_("What was written; null for those who may not read it."))

    class Meta:
        model = MonthlyFeedback
        fields = ["id", "member", "member_name", "month", "households_contacted", "changes", "help_needed", "notes",
                  "submitted_on", "due_on", "is_late", "version"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        readable = self.context.get("readable", set())
        if instance.member_id not in readable:
            data["changes"] = data["help_needed"] = None
            data["notes"] = []
        return data


class FeedbackInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=AssociationMember.objects.none())
    month = serializers.DateField(help_text=_("Any day of the month reported on."))
    households_contacted = serializers.IntegerField(min_value=0, max_value=500)
    changes = serializers.CharField(max_length=4000)
    help_needed = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    notes = FeedbackNoteSerializer(many=True, required=False)
    received_on = serializers.DateField(required=False, allow_null=True,
                                        help_text=_("For a paper report: the day it reached the village."))
    version = serializers.IntegerField(required=False, allow_null=True)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members


class AttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    # Named apart from the registry's `status` fields, a different set of choices.
    attendance = serializers.ChoiceField(MeetingAttendance.Status.choices, source="status", read_only=True)

    class Meta:
        model = MeetingAttendance
        fields = ["member", "member_name", "attendance"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "village", "held_on", "place", "agenda", "minutes", "decisions", "attendance", "version"]
        read_only_fields = fields


class MeetingListSerializer(serializers.ModelSerializer):
    present = serializers.IntegerField(read_only=True)
    apologies = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "village", "held_on", "place", "agenda", "present", "apologies", "absent", "version"]
        read_only_fields = fields


class AttendanceInputSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    attendance = serializers.ChoiceField(MeetingAttendance.Status.choices)


class MeetingInputSerializer(serializers.Serializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none(), required=False)
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    agenda = serializers.CharField()
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = serializers.CharField(required=False, allow_blank=True, default="")
    attendance = AttendanceInputSerializer(many=True)
    version = serializers.IntegerField(required=False, allow_null=True)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = ["id", "kind", "amount", "keepsake", "awarded_on", "note"]


class MemberEvaluationSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    scores = serializers.SerializerMethodField()
    award = AwardSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MemberEvaluation
        fields = ["id", "member", "member_name", "year", "total", "max_total", "grade", "comment", "evaluated_on",
                  "scores", "award", "version"]
        read_only_fields = fields

    def get_scores(self, evaluation) -> list[dict]:
        return [{"criterion": s.criterion_id, "score": str(s.score)} for s in evaluation.scores.all()]


class EvaluationInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=AssociationMember.objects.none())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    scores = ScoreSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    evaluated_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, allow_null=True)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationCriterion
        fields = ["id", "town", "year", "order", "name", "description", "max_score"]
        read_only_fields = ["id", "town"]
        validators = []  # names unique in the year: checked by the action


class YearRulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssociationYearRules
        fields = ["id", "town", "year", "feedback_due_day", "excellent_from", "good_from", "pass_from",
                  "excellent_coverage", "excellent_on_time", "excellent_attendance", "excellent_meetings"]
        read_only_fields = ["id", "town"]
        validators = []  # one row per town and year: the action updates it in place
        # Four digits: a year 0 or 32766 made a date out of range, a 500 (schemathesis found it).
        # December's feedback is due in the following January: the year 9999 made one in 10000, a 500 too.
        extra_kwargs = {"year": {"min_value": FIRST_YEAR, "max_value": LAST_YEAR - 1}}


class MemberReviewSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MemberReview
        fields = ["id", "member", "member_name", "year", "outcome", "decided_on", "note"]
        read_only_fields = fields


class LeavingSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    leave_reason = serializers.ChoiceField(AssociationMember.LeaveReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecheckSerializer(serializers.Serializer):
    village = serializers.PrimaryKeyRelatedField(queryset=Village.objects.none())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    decided_on = serializers.DateField()
    kept = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    left = LeavingSerializer(many=True, required=False, default=list)
    correction_reason = correction_reason_serializer_field()

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages


class CoverageSerializer(serializers.Serializer):
    active = serializers.IntegerField()
    covered = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class FeedbackCountsSerializer(serializers.Serializer):
    expected = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    pending = serializers.IntegerField()
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class MonthFeedbackSerializer(FeedbackCountsSerializer):
    month = serializers.DateField()
    due_on = serializers.DateField()


class AttendanceFiguresSerializer(serializers.Serializer):
    meetings = serializers.IntegerField()
    present = serializers.IntegerField()
    apologies = serializers.IntegerField()
    absent = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class VillageFiguresSerializer(serializers.Serializer):
    village = serializers.IntegerField(source="village.pk")
    village_name = serializers.CharField(source="village.name")
    year = serializers.IntegerField()
    members = serializers.IntegerField()
    groups = serializers.IntegerField()
    groups_without_member = serializers.IntegerField()
    coverage = CoverageSerializer()
    feedback = FeedbackCountsSerializer()
    attendance = AttendanceFiguresSerializer()
    meetings = serializers.IntegerField()
    excellent_association = serializers.BooleanField(allow_null=True)
    not_excellent_because = serializers.ListField(child=serializers.CharField())


class GroupFiguresSerializer(serializers.Serializer):
    group = serializers.IntegerField(source="group.pk")
    group_name = serializers.CharField(source="group.name")
    members = serializers.IntegerField(source="member_count")
    coverage = CoverageSerializer()
    feedback = FeedbackCountsSerializer()
