"""/api/v1/annual-summaries/: the town's annual work summaries, by year.

GET lists and reads them (the town office and the leadership of the town); POST writes a year's first summary
(version 0), PATCH/PUT /<year>/ changes its prose with the version it was read from (409 when stale);
POST /<year>/build/ asks for its PDF in a language (zh-hans, en), built in the background.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.actions.summary import request_summary, save_summary
from reports.api.documents import NOT_SENT, not_sent_response
from reports.queries.summary import require_reader, summaries_for
from reports.serializers.documents import DocumentSerializer
from reports.serializers.summary import AnnualSummarySerializer, AnnualSummaryUpdateSerializer, SummaryBuildSerializer
from villages.locking import MISSING_VERSION


class AnnualSummaryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AnnualSummarySerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    ordering_fields = ["year"]

    def get_queryset(self):
        return summaries_for(self.request.user).order_by("-year")

    def get_object(self):
        require_reader(self.request.user)
        return super().get_object()

    def create(self, request):
        require_reader(request.user)
        form = AnnualSummarySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        summary = save_summary(town=request.user.town, year=data.pop("year"), version=data.pop("version"),
                               by=request.user, **data)
        return Response(self.get_serializer(summary).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnnualSummaryUpdateSerializer, responses={200: AnnualSummarySerializer})
    def update(self, request, year=None, partial=False):
        summary = self.get_object()
        form = AnnualSummaryUpdateSerializer(summary, data=request.data, partial=partial)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [str(MISSING_VERSION)]})
        saved = save_summary(town=summary.town, year=summary.year, version=data.pop("version"), by=request.user,
                             **data)
        return Response(self.get_serializer(saved).data)

    @extend_schema(request=AnnualSummaryUpdateSerializer, responses={200: AnnualSummarySerializer})
    def partial_update(self, request, year=None):
        return self.update(request, year=year, partial=True)

    @extend_schema(request=SummaryBuildSerializer, responses={201: DocumentSerializer, 503: NOT_SENT})
    @action(detail=True, methods=["post"])
    def build(self, request, year=None):
        """Ask for the year's PDF (the summary need not be written yet: the figures print without prose)."""
        require_reader(request.user)
        if not year or not year.isdigit():
            raise Http404
        form = SummaryBuildSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = request_summary(town=request.user.town, year=int(year), language=form.validated_data["language"],
                                   requested_by=request.user)
        data = DocumentSerializer(document, context=self.get_serializer_context()).data
        if document.not_sent:
            return not_sent_response(data)
        return Response(data, status=status.HTTP_201_CREATED)


ROUTES = [("annual-summaries", AnnualSummaryViewSet, "annual-summary")]
