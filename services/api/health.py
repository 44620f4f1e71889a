"""/api/v1/health-campaigns/, /api/v1/health-invitations/ and /api/v1/health-findings/ (with their follow-up steps).

A campaign and its counts are read by everyone who reads the services (counts below 5 hidden per village for
readers who may not see the women's data); invitations and findings only by the town office and the specialist of
the woman's village — another village's record is not found (404) — and every answer showing them is logged
(villages.privacy). Nothing is deleted: POST …/withdraw/ withdraws an invitation, a finding is followed up until it
is closed (POST …/follow-up/)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from services import serializers as s
from services.actions import health as actions
from services.api.common import ServicesPermission, Writes
from services.models import FollowUp
from services.queries import health as queries
from villages.models import SensitiveAccess
from villages.privacy import log_access


def _log(request, rows, what: str, record_type: str) -> None:
    """One access-log row for the women's records in an answer."""
    if not rows:
        return
    villages = {row.invitation.village_id if record_type == "Finding" else row.village_id for row in rows}
    log_access(user=request.user, action=SensitiveAccess.Action.API,
               village_id=villages.pop() if len(villages) == 1 else None, what=what, record_type=record_type,
               record_id=rows[0].pk if len(rows) == 1 else None, count=len(rows))


class HealthCampaignViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Health campaigns of the town. The town office plans one (POST), changes it (PATCH with the version read) and
    invites its target group from the registry as of its first day (POST …/invite/). A campaign read alone has its
    counts."""

    serializer_class = s.HealthCampaignSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["kind"]
    ordering_fields = ["starts_on"]

    def get_queryset(self):
        return queries.campaigns_for(self.request.user).prefetch_related("villages").order_by("-starts_on", "pk")

    def _read(self, campaign, code=status.HTTP_200_OK):
        campaign = self.get_queryset().get(pk=campaign.pk)
        context = {**self.get_serializer_context(), "counts": queries.campaign_counts(self.request.user, campaign)}
        return Response(s.HealthCampaignSerializer(campaign, context=context).data, status=code)

    def retrieve(self, request, pk=None):
        return self._read(self.get_object())

    def create(self, request):
        data = self.valid(s.HealthCampaignSerializer)
        data.pop("version", None)
        campaign = actions.plan_campaign(town=self.town(), by=request.user, **data)
        return self._read(campaign, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        campaign = self.get_object()
        data = self.valid(s.HealthCampaignSerializer, partial=True)
        actions.update_campaign(campaign=campaign, version=self.version_of(data), by=request.user, **data)
        return self._read(campaign)

    @extend_schema(request=s.CampaignInviteSerializer, responses=s.HealthCampaignSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        campaign = self.get_object()
        data = self.valid(s.CampaignInviteSerializer)
        actions.invite_target_group(campaign=campaign, by=request.user, **data)
        return self._read(campaign, status.HTTP_201_CREATED)


class CampaignInvitationViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Women invited to health campaigns and whether they came (sensitive: the town office and the woman's village
    specialist only, logged). POST …/attendance/, …/withdraw/ and …/findings/ record her attendance, withdraw the
    invitation, record a finding."""

    serializer_class = s.CampaignInvitationSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["campaign", "village", "attendance"]

    def get_queryset(self):
        return queries.invitations_for(self.request.user).prefetch_related("findings").order_by(
            "campaign", "village__code", "pk")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _log(request, page, "health campaign invitations", "CampaignInvitation")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _read(self, invitation, code=status.HTTP_200_OK):
        invitation = self.get_queryset().get(pk=invitation.pk)
        _log(request=self.request, rows=[invitation], what=str(invitation), record_type="CampaignInvitation")
        return Response(self.get_serializer(invitation).data, status=code)

    def retrieve(self, request, pk=None):
        return self._read(self.get_object())

    @extend_schema(request=s.ExaminationSerializer, responses=s.CampaignInvitationSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        invitation = self.get_object()
        data = self.valid(s.ExaminationSerializer)
        actions.record_attendance(invitation=invitation, version=data.pop("version", None), by=request.user, **data)
        return self._read(invitation)

    @extend_schema(request=s.WithdrawSerializer, responses=s.CampaignInvitationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        invitation = self.get_object()
        data = self.valid(s.WithdrawSerializer)
        actions.withdraw_invitation(invitation=invitation, version=data.pop("version", None), by=request.user, **data)
        return self._read(invitation)

    @extend_schema(request=s.NewFindingSerializer, responses=s.FindingSerializer)
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        invitation = self.get_object()
        data = self.valid(s.NewFindingSerializer)
        finding = actions.record_finding(invitation=invitation, by=request.user, **data)
        finding = FindingViewSet.rows(request.user).get(pk=finding.pk)
        _log(request, [finding], str(finding), "Finding")
        return Response(s.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class FindingViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Findings of health campaigns with their follow-up steps (sensitive: the town office and the woman's village
    specialist only, logged). POST …/follow-up/ records the next step (referred, treated, closed)."""

    serializer_class = s.FindingSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["category", "state", "invitation__campaign", "invitation__village"]

    @staticmethod
    def rows(user):
        return queries.findings_for(user).prefetch_related(
            Prefetch("steps", queryset=FollowUp.objects.order_by("on", "pk")))

    def get_queryset(self):
        return self.rows(self.request.user).order_by("invitation__campaign", "found_on", "pk")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _log(request, page, "health campaign findings", "Finding")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _read(self, finding):
        finding = self.get_queryset().get(pk=finding.pk)
        _log(self.request, [finding], str(finding), "Finding")
        return Response(self.get_serializer(finding).data)

    def retrieve(self, request, pk=None):
        return self._read(self.get_object())

    @extend_schema(request=s.FollowUpStepSerializer, responses=s.FindingSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        finding = self.get_object()
        data = self.valid(s.FollowUpStepSerializer)
        actions.follow_up(finding=finding, version=data.pop("version", None), by=request.user, **data)
        return self._read(finding)
