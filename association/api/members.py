"""Members, the lines of their contact cards, and the households served by nobody."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from association import queries
from association import serializers as s
from association.actions import members as actions
from association.api.common import (
    InputValidation,
    changeable_groups,
    changeable_people,
    member_logins,
)
from association.filters import (
    AssociationMemberFilter,
    ContactAssignmentFilter,
    UncoveredHouseholdFilter,
)
from association.models import AssociationMember
from members.models import Household
from villages.roles import is_association_member


@extend_schema_view(create=extend_schema(request=s.RecruitSerializer, responses=s.AssociationMemberSerializer),
                    partial_update=extend_schema(request=s.MemberUpdateSerializer,
                                                 responses=s.AssociationMemberSerializer))
class AssociationMemberViewSet(InputValidation, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """Members of the villages' associations. Recruit with POST; they leave, never get deleted."""

    serializer_class = s.AssociationMemberSerializer
    filterset_class = AssociationMemberFilter
    ordering_fields = ["joined_on", "name"]
    search_fields = ["name"]

    def get_queryset(self):
        return queries.member_list(self.request.user, current=None)

    def create(self, request):
        user = request.user
        data = self.valid(s.RecruitSerializer, groups=changeable_groups(user), people=changeable_people(user))
        member = actions.recruit_member(village=data["group"].village, by=request.user, **data)
        return Response(self._show(member), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        member = self.get_object()
        user = request.user
        data = self.valid(s.MemberUpdateSerializer, groups=changeable_groups(user), people=changeable_people(user),
                          logins=member_logins(user))
        version = data.pop("version")
        actions.update_member(member=member, version=version, by=request.user, **data)
        return Response(self._show(member))

    def _show(self, member) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=member.pk)).data

    def _card_member(self) -> AssociationMember:
        member = self.get_object()
        if is_association_member(self.request.user) and member.user_id != self.request.user.pk:
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
                                         served_from=data["served_from"], by=request.user,
                                         correction_reason=data["correction_reason"])
        return Response(s.ContactAssignmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.HandoverSerializer, responses=s.ContactAssignmentSerializer(many=True))
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        """Hand every household of the member to another member in one step (and leave, with a reason)."""
        member = self.get_object()
        data = self.valid(s.HandoverSerializer, successors=queries.successors_for(member))
        rows = actions.hand_over_households(member=member, successor=data["successor"],
                                            handed_over_on=data["handed_over_on"], by=request.user,
                                            leave_reason=data["leave_reason"], leave_note=data["note"],
                                            correction_reason=data["correction_reason"])
        return Response(s.ContactAssignmentSerializer(rows, many=True).data)

    @extend_schema(request=s.LeaveSerializer, responses=s.AssociationMemberSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The member leaves; the households go to the successor, or are served by nobody."""
        member = self.get_object()
        data = self.valid(s.LeaveSerializer, successors=queries.successors_for(member))
        actions.leave_association(member=member, left_on=data["left_on"], reason=data["leave_reason"],
                                  note=data["note"], successor=data.get("successor"), by=request.user,
                                  correction_reason=data["correction_reason"])
        return Response(self._show(member))


class ContactAssignmentViewSet(InputValidation, viewsets.ReadOnlyModelViewSet):
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
        assignment = actions.take_off_card(assignment=assignment, served_until=data["served_until"], by=request.user,
                                           correction_reason=data["correction_reason"])
        return Response(self.get_serializer(assignment).data)


@extend_schema(parameters=[OpenApiParameter("village", OpenApiTypes.INT, required=True)])
class UncoveredHouseholdViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A village's active households that no member serves now."""

    serializer_class = s.UncoveredHouseholdSerializer
    filterset_class = UncoveredHouseholdFilter
    queryset = Household.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or is_association_member(self.request.user):
            return Household.objects.none()
        try:
            village = int(self.request.query_params.get("village", ""))
        except ValueError:
            raise ApiValidationError({"village": ["Give the village's id."]}) from None
        return queries.uncovered_households(self.request.user, village)
