"""/api/v1/fund-entries/ and /api/v1/fundraisings/."""

from django.db.models import Count, Prefetch, Sum
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from services import serializers as s
from services.actions import funding as actions
from services.api.common import ServicesPermission, Writes
from services.models import Donation
from services.queries import funding as queries
from services.queries.scope import sees_donors


class FundEntryViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Income and spending for self-government and services, per village or the town. POST records an entry
    (a negative amount reverses one), PATCH corrects one with the version read; nothing is deleted."""

    serializer_class = s.FundEntrySerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "direction", "source", "use"]
    ordering_fields = ["entry_date", "amount"]

    def get_queryset(self):
        return queries.fund_entries_for(self.request.user).order_by("-entry_date", "pk")

    def create(self, request):
        data = self.valid(s.FundEntrySerializer)
        data.pop("version", None)
        entry = actions.record_fund_entry(town=self.town(), village=data.pop("village", None), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        entry = self.get_object()
        data = self.valid(s.FundEntrySerializer, partial=True)
        data.pop("village", None)
        actions.update_fund_entry(entry=entry, version=self.version_of(data), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)


class FundraisingViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The association's fundraising drives with what they raised and whom they helped; donors are listed to the
    town office and the village's specialist. POST …/donations/ records a donation."""

    serializer_class = s.FundraisingSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village"]
    ordering_fields = ["starts_on"]

    def get_queryset(self):
        rows = queries.fundraisings_for(self.request.user).annotate(raised=Sum("donations__amount"),
                                                                   donors=Count("donations"))
        if self.action == "retrieve" and sees_donors(self.request.user):
            rows = rows.prefetch_related(Prefetch("donations", queryset=Donation.objects.order_by("donated_on", "pk"),
                                                  to_attr="donation_rows"))
        return rows.order_by("-starts_on", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sees_donors": sees_donors(self.request.user)}

    def create(self, request):
        data = self.valid(s.FundraisingSerializer)
        data.pop("version", None)
        drive = actions.start_fundraising(town=self.town(), village=data.pop("village", None), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=drive.pk)).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        drive = self.get_object()
        data = self.valid(s.FundraisingSerializer, partial=True)
        data.pop("village", None)
        actions.update_fundraising(fundraising=drive, version=self.version_of(data), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=drive.pk)).data)

    @extend_schema(request=s.DonationSerializer, responses=s.DonationSerializer)
    @action(detail=True, methods=["post"])
    def donations(self, request, pk=None):
        drive = self.get_object()
        data = self.valid(s.DonationSerializer)
        donation = actions.record_donation(fundraising=drive, by=request.user, **data)
        return Response(s.DonationSerializer(donation).data, status=status.HTTP_201_CREATED)
