"""Monthly feedback, meetings, evaluations and awards, the town's criteria and rules, re-checks."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from association import queries
from association import serializers as s
from association.actions import members as actions
from association.actions import work
from association.api.common import InputValidation, changeable_villages, town_or_403
from association.filters import (
    MeetingFilter,
    MemberEvaluationFilter,
    MemberReviewFilter,
    MonthlyFeedbackFilter,
)
from association.models import AssociationMember, AssociationYearRules, EvaluationCriterion, MeetingAttendance
from villages.models import SensitiveAccess
from villages.permissions import JurisdictionPermission, TownOfficeWrites
from villages.privacy import log_shown
from villages.queries import changeable
from villages.roles import is_association_member


class FeedbackPermission(JurisdictionPermission):
    """Reads as usual; an association member's login also writes (its own reports: the action checks)."""

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS and is_association_member(request.user):
            return True
        return super().has_permission(request, view)


@extend_schema_view(create=extend_schema(request=s.FeedbackInputSerializer, responses=s.MonthlyFeedbackSerializer))
class MonthlyFeedbackViewSet(InputValidation, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):
    """Monthly feedback: POST makes or corrects a member's report for a month. What members write is shown to
    its author, the village's specialist and the town office; the others see the counts and dates."""

    serializer_class = s.MonthlyFeedbackSerializer
    permission_classes = [FeedbackPermission]
    filterset_class = MonthlyFeedbackFilter
    ordering_fields = ["month", "submitted_on"]

    def get_queryset(self):
        return queries.feedback_for(self.request.user).select_related("member").prefetch_related("notes").order_by(
            "-month", "member__village__code", "member__group__number", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "readable": getattr(self, "_readable", set())}

    def _allow_text(self, reports: list) -> None:
        user = self.request.user
        self._readable = queries.feedback_text_readable(user, {r.member for r in reports})
        shown = [r for r in reports if r.member_id in self._readable and r.member.user_id != user.pk]
        log_shown(user=user, action=SensitiveAccess.Action.API, village_ids=[r.member.village_id for r in shown],
                  what="monthly feedback", record_type="MonthlyFeedback",
                  record_id=shown[0].pk if len(shown) == 1 else None)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._allow_text(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        feedback = self.get_object()
        self._allow_text([feedback])
        return Response(self.get_serializer(feedback).data)

    def create(self, request):
        user = request.user
        members = (AssociationMember.objects.filter(user=user) if is_association_member(user)
                   else changeable(AssociationMember.objects.all(), user))
        data = self.valid(s.FeedbackInputSerializer, members=members)
        notes = {n["household"].pk: n["note"] for n in data.get("notes", [])} if "notes" in data else None
        feedback = work.submit_feedback(
            member=data["member"], month=data["month"], households_contacted=data["households_contacted"],
            changes=data["changes"], help_needed=data["help_needed"], notes=notes,
            received_on=data.get("received_on"), version=data.get("version"), by=user)
        self._allow_text([feedback])
        return Response(self.get_serializer(feedback).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=s.MeetingInputSerializer, responses=s.MeetingSerializer),
                    partial_update=extend_schema(request=s.MeetingInputSerializer, responses=s.MeetingSerializer))
class MeetingViewSet(InputValidation, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The villages' association meetings, with attendance."""

    filterset_class = MeetingFilter
    ordering_fields = ["held_on"]

    def get_serializer_class(self):
        return s.MeetingListSerializer if self.action == "list" else s.MeetingSerializer

    def get_queryset(self):
        if self.action == "list":
            return queries.meeting_list(self.request.user)
        return queries.meetings_for(self.request.user).prefetch_related(
            Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("member")))

    def create(self, request):
        data = self.valid(s.MeetingInputSerializer, villages=changeable_villages(request.user))
        if "village" not in data:
            raise ApiValidationError({"village": ["This field is required."]})
        meeting = work.record_meeting(village=data.pop("village"), by=request.user, **_meeting_fields(data))
        return Response(s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        data = self.valid(s.MeetingInputSerializer, villages=changeable_villages(request.user))
        data.pop("village", None)
        work.update_meeting(meeting=meeting, version=data.pop("version", None), by=request.user,
                            **_meeting_fields(data))
        return Response(s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)


def _meeting_fields(data: dict) -> dict:
    attendance = {row["member"]: row["attendance"] for row in data.pop("attendance")}
    data.pop("version", None)
    return {**data, "attendance": attendance}


@extend_schema_view(create=extend_schema(request=s.EvaluationInputSerializer, responses=s.MemberEvaluationSerializer))
class MemberEvaluationViewSet(InputValidation, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Year-end evaluations: POST scores a member (or corrects the scores); awards go to excellent members."""

    serializer_class = s.MemberEvaluationSerializer
    filterset_class = MemberEvaluationFilter
    ordering_fields = ["year", "total"]

    def get_queryset(self):
        return (queries.evaluations_for(self.request.user).select_related("member", "award")
                .prefetch_related("scores").order_by("-year", "member__village__code", "member__group__number", "pk"))

    def create(self, request):
        data = self.valid(s.EvaluationInputSerializer, members=changeable(AssociationMember.objects.all(),
                                                                          request.user))
        evaluation = work.evaluate_member(
            member=data["member"], year=data["year"], scores={r["criterion"]: r["score"] for r in data["scores"]},
            comment=data["comment"], evaluated_on=data.get("evaluated_on"), version=data.get("version"),
            by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=evaluation.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AwardSerializer, responses=s.AwardSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        evaluation = self.get_object()
        data = self.valid(s.AwardSerializer)
        award = work.give_award(evaluation=evaluation, by=request.user, **data)
        return Response(s.AwardSerializer(award).data, status=status.HTTP_201_CREATED)


class CriterionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The evaluation criteria the town sets for each year: the town office writes, the town reads."""

    serializer_class = s.CriterionSerializer
    permission_classes = [TownOfficeWrites]
    filterset_fields = ["year"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if is_association_member(self.request.user):
            return EvaluationCriterion.objects.none()
        return EvaluationCriterion.objects.filter(town=queries.town_of(self.request.user)).order_by("-year", "order")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = work.save_criteria(town=town_or_403(self.request.user), year=data["year"], rows=[data],
                                                 by=self.request.user)[0]

    def perform_update(self, serializer):
        instance = serializer.instance
        row = {"pk": instance.pk, **serializer.validated_data}
        serializer.instance = work.save_criteria(town=instance.town, year=instance.year, rows=[row],
                                                 by=self.request.user)[0]


class YearRulesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """The town's association rules per year (due day of the feedback, grade bands, excellent association).
    POST sets a year's rules (new or changed)."""

    serializer_class = s.YearRulesSerializer
    permission_classes = [TownOfficeWrites]
    filterset_fields = ["year"]

    def get_queryset(self):
        if is_association_member(self.request.user):
            return AssociationYearRules.objects.none()
        return AssociationYearRules.objects.filter(town=queries.town_of(self.request.user)).order_by("-year")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        year = data.pop("year")
        serializer.instance = work.set_year_rules(town=town_or_403(self.request.user), year=year, by=self.request.user,
                                                  **data)


class MemberReviewViewSet(InputValidation, viewsets.ReadOnlyModelViewSet):
    """Recruitment and the yearly re-checks (kept, left, newly recruited)."""

    serializer_class = s.MemberReviewSerializer
    filterset_class = MemberReviewFilter

    def get_queryset(self):
        return queries.reviews_for(self.request.user).select_related("member").order_by("-year", "pk")

    @extend_schema(request=s.RecheckSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def recheck(self, request):
        """Record a village's yearly re-check: the members kept, and those who leave with the reason."""
        data = self.valid(s.RecheckSerializer, villages=changeable_villages(request.user))
        village = data["village"]
        on_roll = {m.pk: m for m in AssociationMember.objects.current().filter(village=village)}
        wanted = set(data["kept"]) | {row["member"] for row in data["left"]}
        if wanted - set(on_roll):
            raise ApiValidationError({"kept": ["Only members on this village's roll can be re-checked."]})
        counts = actions.record_recheck(
            village=village, year=data["year"], decided_on=data["decided_on"], by=request.user,
            kept=[on_roll[pk] for pk in data["kept"]],
            left=[(on_roll[row["member"]], row["leave_reason"], row["note"]) for row in data["left"]],
            correction_reason=data["correction_reason"])
        return Response(counts)
