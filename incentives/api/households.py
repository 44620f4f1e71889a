"""A household's benefits: holds, recorded facts, and each member's eligibility with reasons."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from incentives import actions, queries, serializers
from incentives.api.common import BenefitViewSet, LoggedPolicyReads, LoggedReads
from incentives.filters import FactFilter, HoldFilter
from incentives.models import Fact
from villages import closing
from villages.privacy import log_access, may_see_sensitive, sees_sensitive_in_jurisdiction
from villages.queries import changeable


class HoldViewSet(LoggedPolicyReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Suspensions and stops; POST holds a recipient, …/resume/ ends a suspension."""

    logged_as, logged_what = "hold", "holds of policies using sensitive data"

    serializer_class = serializers.HoldSerializer
    filterset_class = HoldFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.holds_for(self.request.user).order_by("-started_on", "-pk")

    @extend_schema(request=serializers.HoldSerializer, responses={201: serializers.HoldSerializer})
    def create(self, request):
        user = request.user
        data = dict(self.valid(serializers.HoldSerializer, policies=queries.policies_for(user),
                               households=changeable(queries.households_for(user), user),
                               people=queries.people_for(user)))
        since = data.pop("started_on", None) or timezone.localdate()
        hold = actions.hold_recipient(by=user, since=since, **data)
        return Response(serializers.HoldSerializer(hold).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ResumeSerializer, responses=serializers.HoldSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        hold = actions.resume_recipient(hold=self.get_object(), by=request.user,
                                        **self.valid(serializers.ResumeSerializer))
        return Response(serializers.HoldSerializer(hold).data)


class FactViewSet(LoggedReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, BenefitViewSet):
    """Recorded facts (sensitive kinds only for who may see them, logged); …/deactivate/ instead of deleting."""

    logged_as, logged_what = "fact", "recorded facts of sensitive kinds (health)"

    def sensitive(self, rows):
        return [row for row in rows if row["kind"] in Fact.SENSITIVE_KINDS]

    serializer_class = serializers.FactSerializer
    filterset_class = FactFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return queries.facts_for(self.request.user).order_by("-occurred_on", "-pk")

    @extend_schema(request=serializers.FactSerializer, responses={201: serializers.FactSerializer})
    def create(self, request):
        user = request.user
        data = self.valid(serializers.FactSerializer, households=changeable(queries.households_for(user), user),
                          people=queries.people_for(user))
        if data["kind"] in actions.facts.SENSITIVE and not sees_sensitive_in_jurisdiction(user):
            raise ApiValidationError({"kind": ["You may not record sensitive facts."]})
        fact = actions.record_fact(by=user, **data)
        return Response(serializers.FactSerializer(fact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.FactSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        fact = actions.deactivate_fact(fact=self.get_object(), by=request.user,
                                       **self.valid(serializers.ReasonSerializer))
        return Response(serializers.FactSerializer(fact).data)


class EligibilityViewSet(BenefitViewSet):
    """Why each member of a household is or is not eligible for each policy, condition by condition."""

    serializer_class = serializers.EligibilitySerializer
    pagination_class = None

    def get_queryset(self):
        return queries.households_for(self.request.user)

    @extend_schema(parameters=[serializers.EligibilityQuerySerializer],
                   responses=serializers.EligibilitySerializer(many=True))
    def list(self, request):
        data = self.valid(serializers.EligibilityQuerySerializer, data=request.query_params)
        household = queries.household_for_user(request.user, data["household"])
        year = data.get("year") or closing.working_year_of(request.user)
        cards = queries.household_benefits(request.user, household, year)
        sensitive = may_see_sensitive(request.user, household.village_id)
        access = queries.reasons_access(household, cards, sensitive=sensitive)
        if access:
            log_access(user=request.user, **access)
        return Response(serializers.EligibilitySerializer(cards, many=True).data)
