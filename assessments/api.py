"""/api/v1/ endpoints of the assessments app; every queryset goes through the user's jurisdiction."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments import actions, queries
from assessments.filters import AssessmentFilter, CaseFilter, LedgerFilter, SupervisionFilter
from assessments.models import Assessment, Block, Deduction, ItemScore
from assessments.serializers import (
    AssessmentSerializer,
    CaseSerializer,
    DecideCaseSerializer,
    LedgerEntrySerializer,
    ResultSerializer,
    SchemeSerializer,
    ScoreItemSerializer,
    SelfScoreSerializer,
    SupervisionVisitSerializer,
)
from villages.permissions import TownOfficeWrites


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SchemeSerializer
    filterset_fields = ["year", "subject"]

    def get_queryset(self):
        return queries.schemes_for(self.request.user).prefetch_related(
            Prefetch("blocks", Block.objects.prefetch_related("items")), "bands", "vetoes").order_by("-year", "pk")


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return queries.assessments_for(self.request.user).prefetch_related(
            Prefetch("item_scores", ItemScore.objects.select_related("item").prefetch_related(
                Prefetch("deductions", Deduction.objects.order_by("pk")))),
            "veto_findings__veto",
        ).order_by("-scheme__year", "period", "village__code")

    def _item_score(self, assessment: Assessment, pk: int) -> ItemScore:
        item_score = assessment.item_scores.select_related("item", "assessment").filter(pk=pk).first()
        if item_score is None:
            raise serializers.ValidationError({"item_score": ["This item is not part of the assessment."]})
        return item_score

    @extend_schema(request=ScoreItemSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="score-item")
    def score_item(self, request, pk=None):
        assessment = self.get_object()
        data = ScoreItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item_score = self._item_score(assessment, data.validated_data["item_score"])
        actions.score_item(
            item_score=item_score, note=data.validated_data["note"], scored_by=request.user,
            version=data.validated_data.get("version"),
            deductions=[actions.DeductionInput(**entry) for entry in data.validated_data["deductions"]])
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(request=SelfScoreSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="self-score")
    def self_score(self, request, pk=None):
        assessment = self.get_object()
        data = SelfScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item_score = self._item_score(assessment, data.validated_data["item_score"])
        actions.self_score(item_score=item_score, points=data.validated_data["points"],
                           note=data.validated_data["note"], scored_by=request.user,
                           version=data.validated_data.get("version"))
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Published results with the change against the period before and the same period last year."""

    serializer_class = ResultSerializer
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return queries.assessments_for(self.request.user).filter(status=Assessment.Status.PUBLISHED).order_by(
            "-scheme__year", "period", "rank", "village__code")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["changes"] = getattr(self, "_changes", {})
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        groups = {}
        for assessment in page or []:
            groups.setdefault((assessment.scheme_id, assessment.period), []).append(assessment)
        self._changes = {}
        for group in groups.values():
            for result in queries.results_with_changes(group[0].scheme, group[0].period, group):
                self._changes[result.assessment.pk] = (result.change_quarter, result.change_year)
        return page


class RecordViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Town office records through the actions; nothing is updated or deleted through the API."""

    permission_classes = [TownOfficeWrites]
    create_action = None

    def perform_create(self, serializer):
        serializer.instance = type(self).create_action(recorded_by=self.request.user, **serializer.validated_data)


class LedgerViewSet(RecordViewSet):
    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerFilter
    create_action = staticmethod(actions.record_ledger_entry)

    def get_queryset(self):
        return queries.ledger_for(self.request.user).order_by("-decided_on", "pk")


class CaseViewSet(RecordViewSet):
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    create_action = staticmethod(actions.open_case)

    def get_queryset(self):
        return queries.cases_for(self.request.user).order_by("-reported_on", "pk")

    @extend_schema(request=DecideCaseSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        data = DecideCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.decide_case(case=case, recorded_by=request.user, **data.validated_data)
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)


class SupervisionViewSet(RecordViewSet):
    serializer_class = SupervisionVisitSerializer
    filterset_class = SupervisionFilter
    create_action = staticmethod(actions.record_supervision_visit)

    def get_queryset(self):
        return queries.visits_for(self.request.user).order_by("-visited_on", "pk")


ROUTES = [
    ("assessment-schemes", SchemeViewSet, "assessment-scheme"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("assessment-results", ResultViewSet, "assessment-result"),
    ("ledger", LedgerViewSet, "ledger-entry"),
    ("misconduct-cases", CaseViewSet, "misconduct-case"),
    ("supervision-visits", SupervisionViewSet, "supervision-visit"),
]
