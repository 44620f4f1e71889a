"""The services' scope: the town office and the leadership read the town's records and every village's,
a specialist their own village's (not the town's), association members nothing."""

from django.db.models import Q, QuerySet

from villages.models import Town, Village
from villages.queries import changeable, jurisdiction_filter, scoped, towns_for, whole_towns_filter
from villages.roles import is_association_member, is_town_office, may_see_people


def in_scope(queryset: QuerySet, user, *, village: str = "village", town: str = "town") -> QuerySet:
    """Rows of villages in the user's jurisdiction (villages.queries.scoped), and the town's own rows (village
    empty) for those who read the whole town. Association members see none of the services' records."""
    if is_association_member(user):
        return queryset.none()
    own_town = Q(pk__in=[])
    if not user.is_superuser:
        own_town = whole_towns_filter(user, town=town) & Q(**{f"{village}__isnull": True})
    return queryset.filter(jurisdiction_filter(user, village=village) | own_town)


def may_write(user, town_id: int, village: Village | None) -> bool:
    """Whether the user may change a record of this village (or of the town, village empty)."""
    from villages.roles import may_change_village

    if village is None:
        return is_town_office(user) and (user.is_superuser or user.town_id == town_id)
    return may_change_village(user, village)


def sees_donors(user) -> bool:
    """Donors' names: the town office and the villages' specialists (within their scope)."""
    return may_see_people(user)


def reader_villages(user) -> QuerySet[Village]:
    if is_association_member(user):
        return Village.objects.none()
    return scoped(Village.objects.select_related("town"), user, village="").order_by("code")


def writable_villages(user) -> QuerySet[Village]:
    return changeable(Village.objects.all(), user, village="").order_by("code")


def reader_town(user) -> Town | None:
    """The town whose services the user reads (None for association members and users without one)."""
    if is_association_member(user):
        return None
    if user.town_id:
        return user.town
    if user.village_id:
        return user.village.town
    return towns_for(user).first()
