"""Every read of policies and benefits, scoped to the user (villages.queries is the one mechanism).

Town-wide policies are read by everyone in the town; a village's own policies by its village.
Entitlements, holds and facts belong to a village. Policies whose rule uses sensitive data are
shown person by person only to those who may see that village's sensitive data (villages.privacy).
"""

from django.db.models import Prefetch, Q, QuerySet

from incentives.models import Budget, Condition, Cycle, Entitlement, Fact, Hold, Payment, Policy, Rate
from members.models import Household, Person
from villages.models import User, Village
from villages.privacy import sees_sensitive_in_jurisdiction
from villages.queries import NOTHING, get_scoped_or_404, jurisdiction_filter, villages_for, whole_towns_filter
from villages.queries import scoped as scoped_by_village
from villages.roles import is_county_office, sees_whole_town


def _policy_filter(user: User) -> Q:
    if jurisdiction_filter(user, village="village") == NOTHING:
        return NOTHING
    if user.is_superuser:
        return Q()
    if sees_whole_town(user) or is_county_office(user):
        return whole_towns_filter(user)
    village_id = user.village_id or user.group.village_id
    town = Village.objects.filter(pk=village_id).values("town_id")
    return Q(town_id__in=town) & (Q(village__isnull=True) | Q(village_id=village_id))


def policies_for(user: User) -> QuerySet[Policy]:
    return Policy.objects.filter(_policy_filter(user)).select_related("village", "town")


def policy_for_user(user: User, pk: int) -> Policy:
    return get_or_404(policies_for(user).prefetch_related(
        Prefetch("rates", queryset=Rate.objects.order_by("valid_from")),
        Prefetch("conditions", queryset=Condition.objects.order_by("position", "pk")), "evidence"), pk)


def get_or_404(queryset: QuerySet, pk) -> object:
    from django.http import Http404

    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def cycles_for(user: User) -> QuerySet[Cycle]:
    return Cycle.objects.filter(policy__in=policies_for(user)).select_related("policy__village")


def cycle_for_user(user: User, pk: int) -> Cycle:
    return get_or_404(cycles_for(user).select_related("approved_by", "computed_by"), pk)


def entitlements_for(user: User) -> QuerySet[Entitlement]:
    """Entitlements in the user's jurisdiction; those of sensitive policies only for who may see them."""
    rows = scoped_by_village(Entitlement.objects.all(), user, village="village", group="household__group")
    if not sees_sensitive_in_jurisdiction(user):
        rows = rows.exclude(policy__uses_sensitive_data=True)
    return rows


def entitlement_for_user(user: User, pk: int) -> Entitlement:
    return get_or_404(entitlements_for(user).select_related("policy", "cycle", "household", "person", "village"), pk)


def holds_for(user: User) -> QuerySet[Hold]:
    rows = scoped_by_village(Hold.objects.all(), user, village="village", group="household__group")
    if not sees_sensitive_in_jurisdiction(user):
        rows = rows.exclude(policy__uses_sensitive_data=True)
    return rows.select_related("policy", "household", "person", "village")


def payments_for(user: User) -> QuerySet[Payment]:
    return scoped_by_village(Payment.objects.all(), user, village="village").select_related(
        "cycle__policy", "village", "recorded_by")


def budgets_for(user: User) -> QuerySet[Budget]:
    town_wide = Q(village__isnull=True) & Q(policy__in=policies_for(user))
    if sees_whole_town(user):
        rows = Budget.objects.filter(town_wide | Q(village__in=villages_for(user)))
    else:
        rows = Budget.objects.filter(village__in=villages_for(user))
    return rows.select_related("policy", "village")


def facts_for(user: User) -> QuerySet[Fact]:
    """Recorded facts; those of the sensitive kinds (health) only for who may see sensitive data."""
    rows = scoped_by_village(Fact.objects.all(), user, village="village", group="household__group")
    if not sees_sensitive_in_jurisdiction(user):
        rows = rows.exclude(kind__in=Fact.SENSITIVE_KINDS)
    return rows.select_related("household", "person", "village")


def households_for(user: User) -> QuerySet[Household]:
    return scoped_by_village(Household.objects.all(), user, village="village", group="group")


def household_for_user(user: User, pk: int) -> Household:
    return get_scoped_or_404(Household.objects.select_related("village", "group", "town"), user,
                             village="village", group="group", pk=pk)


def people_for(user: User) -> QuerySet[Person]:
    return scoped_by_village(Person.objects.all(), user, village="household__village", group="household__group")
