"""/api/v1/service-sites/ and /api/v1/site-investments/."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from services import serializers as s
from services.actions import sites as actions
from services.api.common import ServicesPermission, Writes
from services.queries import sites as queries

WRITE = ("correction_reason",)


class ServiceSiteViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Service sites of the town and its villages. POST opens a site, PATCH changes its details (with the
    version read), POST …/state/ changes its state from a date (a site is closed, never deleted)."""

    serializer_class = s.ServiceSiteSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["village", "kind", "state"]
    ordering_fields = ["name", "state_since"]

    def get_queryset(self):
        return queries.sites_for(self.request.user).order_by("village__code", "kind", "pk")

    def create(self, request):
        data = self.valid(s.ServiceSiteSerializer)
        data.pop("version", None)
        site = actions.open_site(town=self.town(), village=data.pop("village", None), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=site.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SiteUpdateSerializer, responses=s.ServiceSiteSerializer)
    def partial_update(self, request, pk=None):
        site = self.get_object()
        data = self.valid(s.SiteUpdateSerializer, partial=True)
        actions.update_site(site=site, version=self.version_of(data), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=site.pk)).data)

    @extend_schema(request=s.StateChangeSerializer, responses=s.ServiceSiteSerializer)
    @action(detail=True, methods=["post"])
    def state(self, request, pk=None):
        site = self.get_object()
        data = self.valid(s.StateChangeSerializer)
        actions.change_state(site=site, state=data["state"], on=data["changed_on"], note=data["note"],
                             version=data.get("version"), correction_reason=data["correction_reason"],
                             by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=site.pk)).data)


class SiteInvestmentViewSet(Writes, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Money invested in service sites. POST records an investment, PATCH corrects one (with the version read)."""

    serializer_class = s.SiteInvestmentSerializer
    permission_classes = [ServicesPermission]
    filterset_fields = ["site", "source"]
    ordering_fields = ["invested_on", "amount"]

    def get_queryset(self):
        return queries.investments_for(self.request.user).order_by("-invested_on", "pk")

    def create(self, request):
        data = self.valid(s.SiteInvestmentSerializer, sites=queries.sites_for(request.user))
        data.pop("version", None)
        investment = actions.record_investment(site=data.pop("site"), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=investment.pk)).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        investment = self.get_object()
        data = self.valid(s.SiteInvestmentSerializer, partial=True, sites=queries.sites_for(request.user))
        data.pop("site", None)
        actions.update_investment(investment=investment, version=self.version_of(data), by=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=investment.pk)).data)
