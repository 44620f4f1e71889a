"""/api/v1/leading-groups/ with their members (POST …/members/ adds one, POST …/end-member/ ends one)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from services import serializers as s
from services.actions import groups as actions
from services.api.common import ServicesPermission, Writes
from services.models import LeadingGroupMember
from services.queries import groups as queries


class LeadingGroupViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Leading groups for villager self-government, the town's (village empty) and the villages', with their
    members. POST sets one up, PATCH changes it (a `dissolved_on` dissolves it) with the version read; nothing is
    deleted."""

    serializer_class = s.LeadingGroupSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village"]
    ordering_fields = ["set_up_on"]

    def get_queryset(self):
        members = Prefetch("members", queryset=LeadingGroupMember.objects.order_by("started_on", "pk"))
        return queries.groups_for(self.request.user).prefetch_related(members).order_by("village__code",
                                                                                        "-set_up_on", "pk")

    def _read(self, group, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=group.pk)).data, status=code)

    def create(self, request):
        data = self.valid(s.LeadingGroupSerializer)
        data.pop("version", None)
        data.pop("dissolved_on", None)
        group = actions.set_up_group(town=self.town(), village=data.pop("village", None), by=request.user, **data)
        return self._read(group, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        group = self.get_object()
        data = self.valid(s.LeadingGroupSerializer, partial=True)
        data.pop("village", None)
        actions.update_group(group=group, version=self.version_of(data), by=request.user, **data)
        return self._read(group)

    @extend_schema(request=s.LeadingGroupMemberSerializer, responses=s.LeadingGroupSerializer)
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        group = self.get_object()
        data = self.valid(s.LeadingGroupMemberSerializer)
        data.pop("version", None)
        actions.add_member(group=group, by=request.user, **data)
        return self._read(group, status.HTTP_201_CREATED)

    @extend_schema(request=s.EndMemberSerializer, responses=s.LeadingGroupSerializer)
    @action(detail=True, methods=["post"], url_path="end-member")
    def end_member(self, request, pk=None):
        group = self.get_object()
        data = self.valid(s.EndMemberSerializer)
        member = group.members.filter(pk=data["member"]).first()
        if member is None:
            raise NotFound
        actions.end_member(member=member, ended_on=data["ended_on"], version=data.get("version"), by=request.user,
                           correction_reason=data["correction_reason"])
        return self._read(group)
