"""The one scoping mechanism: what a user may see and change.

Deny by default. Every view, API endpoint, admin page, export, document and task narrows its
querysets through `scoped()` (or a function built on it), naming the path from its model to
the village (and, where members may look, to the villager group).

| role           | sees                          | changes         | sensitive data   |
|----------------|-------------------------------|-----------------|------------------|
| town office    | its town                      | its town        | its town         |
| leadership     | its town                      | nothing         | never            |
| specialist     | its village                   | its village     | its village      |
| member         | its villager group            | own reports     | never            |
| no role        | nothing                       | nothing         | never            |
"""

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from villages.models import Town, User, Village, VillagerGroup

NOTHING = Q(pk__in=[])


def _lookup(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def _village_equals(path: str) -> str:
    return path or "pk"


def jurisdiction_filter(user, *, village: str = "village", group: str | None = None) -> Q:
    """The Q that keeps the rows in the user's jurisdiction.

    `village` is the lookup path from the model to its Village ("" for Village itself);
    `group` the path to its VillagerGroup, when the model has one.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    role = user.role
    if role in (User.Role.TOWN_OFFICE, User.Role.LEADERSHIP) and user.town_id:
        return Q(**{_lookup(village, "town"): user.town_id})
    if role == User.Role.SPECIALIST and user.village_id:
        return Q(**{_village_equals(village): user.village_id})
    if role == User.Role.MEMBER and user.group_id:
        if group is not None:
            return Q(**{group or "pk": user.group_id})
        return Q(**{_village_equals(village): user.group.village_id})
    return NOTHING


def scoped(queryset: QuerySet, user, *, village: str = "village", group: str | None = None) -> QuerySet:
    """Narrow any queryset to the user's jurisdiction."""
    return queryset.filter(jurisdiction_filter(user, village=village, group=group))


def get_scoped_or_404(queryset: QuerySet, user, *, village: str = "village",
                      group: str | None = None, **lookup) -> Model:
    """One record the user may see; another jurisdiction's record is simply not found."""
    try:
        return scoped(queryset, user, village=village, group=group).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def may_change(user) -> bool:
    """Whether the user's role may change records at all (within its jurisdiction)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (user.role == User.Role.TOWN_OFFICE and user.town_id is not None) or (
        user.role == User.Role.SPECIALIST and user.village_id is not None
    )


def is_town_office(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.role == User.Role.TOWN_OFFICE and user.town_id is not None)


def changeable(queryset: QuerySet, user, *, village: str = "village") -> QuerySet:
    """The rows the user may change: its jurisdiction, if its role changes anything."""
    if not may_change(user):
        return queryset.none()
    return scoped(queryset, user, village=village)


def may_see_sensitive(user, village_id: int | None) -> bool:
    """Sensitive personal data: town office staff, and the specialist of the person's village."""
    if user is None or not user.is_authenticated or not user.is_active or village_id is None:
        return False
    if user.is_superuser:
        return True
    if user.role == User.Role.SPECIALIST:
        return user.village_id == village_id
    if user.role == User.Role.TOWN_OFFICE and user.town_id:
        return Village.objects.filter(pk=village_id, town_id=user.town_id).exists()
    return False


def towns_for(user) -> QuerySet[Town]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Town.objects.none()
    if user.is_superuser:
        return Town.objects.all()
    return Town.objects.filter(villages__in=villages_for(user)).distinct()


def villages_for(user) -> QuerySet[Village]:
    return scoped(Village.objects.select_related("town"), user, village="")


def groups_for(user) -> QuerySet[VillagerGroup]:
    return scoped(VillagerGroup.objects.select_related("village"), user, group="")


def village_for_user(user, pk: int) -> Village:
    return get_scoped_or_404(Village.objects.select_related("town"), user, village="", pk=pk)
