"""/api/v1/ endpoints of the association's member network, scoped like the pages.

A specialist manages their own village's association, the town office the town's; the
leadership reads; an association member's login reads its own card, reports and evaluation and
submits its own monthly feedback. Another village's record answers 404. Members are never
deleted: they leave (POST …/leave/). Errors of the actions come back as 400 with field errors,
a stale `version` as 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from members import queries_association as queries
from members import queries_association_figures as figures
from members import serializers_association as s
from members.actions import association as actions
from members.actions import association_work as work
from members.actions.common import StaleRecord
from members.filters_association import (
    AssociationMemberFilter,
    ContactAssignmentFilter,
    MeetingFilter,
    MemberEvaluationFilter,
    MemberReviewFilter,
    MonthlyFeedbackFilter,
    UncoveredHouseholdFilter,
)
from members.models import (
    AssociationMember,
    AssociationYearRules,
    EvaluationCriterion,
    Household,
    MeetingAttendance,
    Person,
)
from villages.models import SensitiveAccess, User, Village, VillagerGroup
from villages.permissions import JurisdictionPermission, TownOfficeWrites
from villages.queries import changeable


def _errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


class ActionErrors:
    """Actions' ValidationError → 400 with field errors; a stale version → 409."""

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ApiValidationError(detail=_errors(exc))
        elif isinstance(exc, StaleRecord):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def valid(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _villages(user):
    return changeable(Village.objects.all(), user, village="")


def _groups(user):
    return VillagerGroup.objects.filter(village__in=_villages(user))


def _people(user):
    return Person.objects.filter(household__village__in=_villages(user))


def _logins(user):
    return User.objects.filter(role=User.Role.MEMBER, group__village__in=_villages(user))


def _successors(member: AssociationMember):
    return AssociationMember.objects.current().filter(village_id=member.village_id).exclude(pk=member.pk)


@extend_schema_view(create=extend_schema(request=s.RecruitSerializer, responses=s.AssociationMemberSerializer),
                    partial_update=extend_schema(request=s.MemberUpdateSerializer,
                                                 responses=s.AssociationMemberSerializer))
class AssociationMemberViewSet(ActionErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """Members of the villages' associations. Recruit with POST; they leave, never get deleted."""

    serializer_class = s.AssociationMemberSerializer
    filterset_class = AssociationMemberFilter
    ordering_fields = ["joined_on", "name"]
    search_fields = ["name"]

    def get_queryset(self):
        return queries.member_list(self.request.user, current=None)

    def create(self, request):
        data = self.valid(s.RecruitSerializer, groups=_groups(request.user), people=_people(request.user))
        member = actions.recruit_member(village=data["group"].village, by=request.user, **data)
        return Response(self._show(member), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        member = self.get_object()
        data = self.valid(s.MemberUpdateSerializer, groups=_groups(request.user), people=_people(request.user),
                          logins=_logins(request.user))
        version = data.pop("version")
        actions.update_member(member=member, version=version, by=request.user, **data)
        return Response(self._show(member))

    def _show(self, member) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=member.pk)).data

    def _card_member(self) -> AssociationMember:
        member = self.get_object()
        if queries.is_member_user(self.request.user) and member.user_id != self.request.user.pk:
            raise NotFound
        return member

    @extend_schema(responses=s.CardSerializer)
    @action(detail=True, methods=["get"])
    def card(self, request, pk=None):
        """The contact card: households served now, and every ended stretch of service."""
        member = self._card_member()
        current = member.assignments.current().select_related("household", "member").order_by("household__number")
        history = member.assignments.filter(served_until__isnull=False).select_related("household", "member")
        return Response(s.CardSerializer({"member": member, "current": current, "history": history}).data)

    @extend_schema(request=s.AssignSerializer, responses=s.ContactAssignmentSerializer(many=True))
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Put households served by nobody on the member's card."""
        member = self.get_object()
        data = self.valid(s.AssignSerializer, households=Household.objects.filter(village_id=member.village_id))
        rows = actions.assign_households(member=member, households=data["households"],
                                         served_from=data["served_from"], by=request.user)
        return Response(s.ContactAssignmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.HandoverSerializer, responses=s.ContactAssignmentSerializer(many=True))
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        """Hand every household of the member to another member in one step (and leave, with a reason)."""
        member = self.get_object()
        data = self.valid(s.HandoverSerializer, successors=_successors(member))
        rows = actions.hand_over_households(member=member, successor=data["successor"],
                                            handed_over_on=data["handed_over_on"], by=request.user,
                                            leave_reason=data["leave_reason"], leave_note=data["note"])
        return Response(s.ContactAssignmentSerializer(rows, many=True).data)

    @extend_schema(request=s.LeaveSerializer, responses=s.AssociationMemberSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The member leaves; the households go to the successor, or are served by nobody."""
        member = self.get_object()
        data = self.valid(s.LeaveSerializer, successors=_successors(member))
        actions.leave_association(member=member, left_on=data["left_on"], reason=data["leave_reason"],
                                  note=data["note"], successor=data.get("successor"), by=request.user)
        return Response(self._show(member))


class ContactAssignmentViewSet(ActionErrors, viewsets.ReadOnlyModelViewSet):
    """Lines of the contact cards: who served which household when. A member's login sees its own card."""

    serializer_class = s.ContactAssignmentSerializer
    filterset_class = ContactAssignmentFilter
    ordering_fields = ["served_from", "served_until"]

    def get_queryset(self):
        return (queries.assignments_for(self.request.user).select_related("household", "member")
                .order_by("household__number", "served_from", "pk"))

    @extend_schema(request=s.EndAssignmentSerializer, responses=s.ContactAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Take the household off the card (it is then served by nobody)."""
        assignment = self.get_object()
        data = self.valid(s.EndAssignmentSerializer)
        assignment = actions.take_off_card(assignment=assignment, served_until=data["served_until"], by=request.user)
        return Response(self.get_serializer(assignment).data)


@extend_schema(parameters=[OpenApiParameter("village", OpenApiTypes.INT, required=True)])
class UncoveredHouseholdViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A village's active households that no member serves now."""

    serializer_class = s.UncoveredHouseholdSerializer
    filterset_class = UncoveredHouseholdFilter
    queryset = Household.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or queries.is_member_user(self.request.user):
            return Household.objects.none()
        try:
            village = int(self.request.query_params.get("village", ""))
        except ValueError:
            raise ApiValidationError({"village": ["Give the village's id."]}) from None
        return queries.uncovered_households(self.request.user, village)


class FeedbackPermission(JurisdictionPermission):
    """Reads as usual; an association member's login also writes (its own reports: the action checks)."""

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS and queries.is_member_user(request.user) and request.user.is_active:
            return True
        return super().has_permission(request, view)


@extend_schema_view(create=extend_schema(request=s.FeedbackInputSerializer, responses=s.MonthlyFeedbackSerializer))
class MonthlyFeedbackViewSet(ActionErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
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
        members = {r.member_id: r.member for r in reports}
        self._readable = {pk for pk, m in members.items() if queries.may_read_feedback_text(user, m)}
        shown = [r for r in reports if r.member_id in self._readable and r.member.user_id != user.pk]
        if shown:
            SensitiveAccess.objects.create(
                user=user, action=SensitiveAccess.Action.API, village_id=shown[0].member.village_id,
                what="monthly feedback", record_type="MonthlyFeedback",
                record_id=shown[0].pk if len(shown) == 1 else None, count=len(shown))

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
        members = (AssociationMember.objects.filter(user=user) if queries.is_member_user(user)
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
class MeetingViewSet(ActionErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
        data = self.valid(s.MeetingInputSerializer, villages=_villages(request.user))
        if "village" not in data:
            raise ApiValidationError({"village": ["This field is required."]})
        meeting = work.record_meeting(village=data.pop("village"), by=request.user, **_meeting_fields(data))
        return Response(s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        data = self.valid(s.MeetingInputSerializer, villages=_villages(request.user))
        data.pop("village", None)
        work.update_meeting(meeting=meeting, version=data.pop("version", None), by=request.user,
                            **_meeting_fields(data))
        return Response(s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)


def _meeting_fields(data: dict) -> dict:
    attendance = {row["member"]: row["attendance"] for row in data.pop("attendance")}
    data.pop("version", None)
    return {**data, "attendance": attendance}


@extend_schema_view(create=extend_schema(request=s.EvaluationInputSerializer, responses=s.MemberEvaluationSerializer))
class MemberEvaluationViewSet(ActionErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              viewsets.GenericViewSet):
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


def _town(user):
    town = queries.town_of(user)
    if town is None:
        raise PermissionDenied
    return town


class CriterionViewSet(ActionErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The evaluation criteria the town sets for each year: the town office writes, the town reads."""

    serializer_class = s.CriterionSerializer
    permission_classes = [TownOfficeWrites]
    filterset_fields = ["year"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if queries.is_member_user(self.request.user):
            return EvaluationCriterion.objects.none()
        return EvaluationCriterion.objects.filter(town=queries.town_of(self.request.user)).order_by("-year", "order")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = work.save_criteria(town=_town(self.request.user), year=data["year"], rows=[data],
                                                 by=self.request.user)[0]

    def perform_update(self, serializer):
        instance = serializer.instance
        row = {"pk": instance.pk, **serializer.validated_data}
        serializer.instance = work.save_criteria(town=instance.town, year=instance.year, rows=[row],
                                                 by=self.request.user)[0]


class YearRulesViewSet(ActionErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """The town's association rules per year (due day of the feedback, grade bands, excellent association).
    POST sets a year's rules (new or changed)."""

    serializer_class = s.YearRulesSerializer
    permission_classes = [TownOfficeWrites]
    filterset_fields = ["year"]

    def get_queryset(self):
        if queries.is_member_user(self.request.user):
            return AssociationYearRules.objects.none()
        return AssociationYearRules.objects.filter(town=queries.town_of(self.request.user)).order_by("-year")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        year = data.pop("year")
        serializer.instance = work.set_year_rules(town=_town(self.request.user), year=year, by=self.request.user,
                                                  **data)


class MemberReviewViewSet(ActionErrors, viewsets.ReadOnlyModelViewSet):
    """Recruitment and the yearly re-checks (kept, left, newly recruited)."""

    serializer_class = s.MemberReviewSerializer
    filterset_class = MemberReviewFilter

    def get_queryset(self):
        return queries.reviews_for(self.request.user).select_related("member").order_by("-year", "pk")

    @extend_schema(request=s.RecheckSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def recheck(self, request):
        """Record a village's yearly re-check: the members kept, and those who leave with the reason."""
        data = self.valid(s.RecheckSerializer, villages=_villages(request.user))
        village = data["village"]
        on_roll = {m.pk: m for m in AssociationMember.objects.current().filter(village=village)}
        wanted = set(data["kept"]) | {row["member"] for row in data["left"]}
        if wanted - set(on_roll):
            raise ApiValidationError({"kept": ["Only members on this village's roll can be re-checked."]})
        counts = actions.record_recheck(
            village=village, year=data["year"], decided_on=data["decided_on"], by=request.user,
            kept=[on_roll[pk] for pk in data["kept"]],
            left=[(on_roll[row["member"]], row["leave_reason"], row["note"]) for row in data["left"]])
        return Response(counts)


FIGURE_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="The year (default: this year)."),
    OpenApiParameter("village", OpenApiTypes.INT, description="One village only."),
]


class AssociationFiguresViewSet(viewsets.GenericViewSet):
    """The association's figures for dashboards: per village, per group, and feedback by month."""

    serializer_class = s.VillageFiguresSerializer
    filter_backends = []

    def get_queryset(self):
        return Village.objects.none()

    def _year(self) -> int:
        try:
            return int(self.request.query_params.get("year", timezone.localdate().year))
        except ValueError:
            raise ApiValidationError({"year": ["A year such as 2025."]}) from None

    def _village(self) -> int | None:
        value = self.request.query_params.get("village")
        if not value:
            return None
        try:
            return queries.village_for_association(self.request.user, int(value)).pk
        except ValueError:
            raise ApiValidationError({"village": ["Give the village's id."]}) from None

    def _check(self) -> None:
        if queries.is_member_user(self.request.user):
            raise PermissionDenied

    @extend_schema(parameters=FIGURE_PARAMETERS, responses=s.VillageFiguresSerializer(many=True))
    def list(self, request):
        """Per village: members, groups without one, coverage, feedback counts, attendance, excellent association."""
        self._check()
        year, today = self._year(), timezone.localdate()
        rows = figures.village_figures(request.user, year, today, village_id=self._village())
        results = figures.association_results(request.user, year, today, rows)
        for row in rows:
            result = results.get(row.village.pk)
            row.excellent_association = result.excellent if result else None
            row.not_excellent_because = result.reasons if result else []
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.VillageFiguresSerializer(page, many=True).data)

    @extend_schema(parameters=[*FIGURE_PARAMETERS, OpenApiParameter("group", OpenApiTypes.INT)],
                   responses=s.MonthFeedbackSerializer(many=True))
    @action(detail=False, methods=["get"])
    def months(self, request):
        """Feedback by month of the year: expected, on time, late, missing, not yet due, on-time rate."""
        self._check()
        filters = {}
        if village := self._village():
            filters["village_id"] = village
        if group := request.query_params.get("group"):
            filters["group_id"] = _int(group, "group")
        rows = figures.feedback_by_month(request.user, self._year(), timezone.localdate(), **filters)
        return Response(s.MonthFeedbackSerializer(rows, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT),
                               OpenApiParameter("village", OpenApiTypes.INT, required=True)],
                   responses=s.GroupFiguresSerializer(many=True))
    @action(detail=False, methods=["get"])
    def groups(self, request):
        """Per villager group of a village: members, coverage and the year's feedback."""
        self._check()
        village = self._village()
        if village is None:
            raise ApiValidationError({"village": ["Give the village's id."]})
        rows = figures.group_rows(request.user, village, self._year(), timezone.localdate())
        for row in rows:
            row["member_count"] = len(row["members"])
        return Response(s.GroupFiguresSerializer(rows, many=True).data)


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ApiValidationError({field: ["A number."]}) from None


ROUTES = [
    ("association-members", AssociationMemberViewSet, "association-member"),
    ("association-card-lines", ContactAssignmentViewSet, "association-card-line"),
    ("association-uncovered-households", UncoveredHouseholdViewSet, "association-uncovered-household"),
    ("association-feedback", MonthlyFeedbackViewSet, "association-feedback"),
    ("association-meetings", MeetingViewSet, "association-meeting"),
    ("association-evaluations", MemberEvaluationViewSet, "association-evaluation"),
    ("association-criteria", CriterionViewSet, "association-criterion"),
    ("association-rules", YearRulesViewSet, "association-rules"),
    ("association-reviews", MemberReviewViewSet, "association-review"),
    ("association-figures", AssociationFiguresViewSet, "association-figures"),
]
