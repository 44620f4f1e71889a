"""/api/v1/disclosure-boards/ and /api/v1/board-objections/: the disclosure boards' pages as endpoints.

Another village's board or objection is not found (404); bad input answers 400 with field errors, an
action's refusal too (villages.api_errors), a stale response 409.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reports.actions.boards import (
    correct_board,
    publish_board,
    record_objection,
    request_all_boards,
    request_board,
    respond_to_objection,
    review_board,
)
from reports.models.boards import BoardPublication
from reports.queries.boards import boards_for, objections_for
from reports.queries.documents import requestable_villages
from reports.serializers.boards import (
    BoardCorrectSerializer,
    BoardPublishSerializer,
    BoardRequestSerializer,
    BoardReviewSerializer,
    BoardSerializer,
    ObjectionCreateSerializer,
    ObjectionResponseSerializer,
    ObjectionSerializer,
)
from villages.models import SensitiveAccess
from villages.privacy import log_shown


def _valid(serializer_class, request):
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


class BoardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Disclosure board versions of the user's villages; POST asks for a board (or, for the town office,
    every village's: the answer is then the batch id and the versions)."""

    serializer_class = BoardSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        rows = boards_for(self.request.user).order_by("-period", "village__code", "-version")
        params = self.request.query_params
        for field in ("village", "period", "state"):
            if params.get(field):
                rows = rows.filter(**{field: params[field]})
        return rows

    @extend_schema(request=BoardRequestSerializer, responses={201: BoardSerializer})
    def create(self, request):
        data = _valid(BoardRequestSerializer, request)
        options = {"requested_by": request.user, "period": str(data["period"]), "paper_size": data["paper_size"],
                   "publish_from": data.get("publish_from"), "publish_until": data.get("publish_until")}
        if data["all_villages"]:
            batch = request_all_boards(**options)
            boards = BoardPublication.objects.filter(document__batch=batch).select_related(
                "document", "village", "superseded_by").order_by("village__code")
            return Response({"batch": batch.pk, "boards": self.get_serializer(boards, many=True).data},
                            status=status.HTTP_201_CREATED)
        village = requestable_villages(request.user).filter(pk=data["village"]).first()
        if village is None:
            raise NotFound
        board = request_board(village=village, **options)
        return Response(self.get_serializer(board).data, status=status.HTTP_201_CREATED)

    def _answer(self, board, success=status.HTTP_200_OK):
        return Response(self.get_serializer(boards_for(self.request.user).get(pk=board.pk)).data, status=success)

    @extend_schema(request=BoardReviewSerializer, responses={200: BoardSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = _valid(BoardReviewSerializer, request)
        board = review_board(board=self.get_object(), by=request.user, approve=data["decision"] == "approve",
                             note=data["note"])
        return self._answer(board)

    @extend_schema(request=BoardPublishSerializer, responses={200: BoardSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = _valid(BoardPublishSerializer, request)
        board = publish_board(board=self.get_object(), by=request.user, published_until=data.get("published_until"),
                              correction_reason=data["correction_reason"])
        return self._answer(board)

    @extend_schema(request=BoardCorrectSerializer, responses={201: BoardSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        data = _valid(BoardCorrectSerializer, request)
        board = correct_board(board=self.get_object(), by=request.user, reason=data["reason"],
                              paper_size=data["paper_size"], publish_from=data.get("publish_from"),
                              publish_until=data.get("publish_until"))
        return self._answer(board, status.HTTP_201_CREATED)


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Objections to the boards of the user's villages (the town office and the village's specialist only):
    `?overdue=1` lists those past their deadline and unanswered."""

    serializer_class = ObjectionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        rows = objections_for(self.request.user)
        if self.request.query_params.get("overdue"):
            rows = rows.overdue(timezone.localdate())
        return rows.order_by("respond_by", "pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        results = response.data.get("results", response.data) if isinstance(response.data, dict) else response.data
        if results:
            log_shown(user=request.user, action=SensitiveAccess.Action.API, village_ids=[r["village"] for r in results],
                      what="objections to disclosure boards", record_type="reports.boardobjection")
        return response

    @extend_schema(request=ObjectionCreateSerializer, responses={201: ObjectionSerializer})
    def create(self, request):
        data = _valid(ObjectionCreateSerializer, request)
        board = boards_for(request.user).filter(pk=data.pop("board")).first()
        if board is None:
            raise NotFound
        objection = record_objection(board=board, by=request.user, **data)
        return Response(self.get_serializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObjectionResponseSerializer, responses={200: ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        data = _valid(ObjectionResponseSerializer, request)
        correction = None
        if data.get("correction"):
            correction = boards_for(request.user).filter(pk=data["correction"]).first()
            if correction is None:
                raise NotFound
        objection = respond_to_objection(objection=self.get_object(), by=request.user, response=data["response"],
                                         version=data["version"], responded_on=data.get("responded_on"),
                                         correction=correction)
        return Response(self.get_serializer(objection).data)


ROUTES = [("disclosure-boards", BoardViewSet, "disclosure-board"),
          ("board-objections", ObjectionViewSet, "board-objection")]
