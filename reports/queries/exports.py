"""Scoped reads of exports (documents of an export kind): each is its asker's own."""

from django.db.models import Q

from reports.models.documents import EXPORT_KINDS
from villages.models import Village
from villages.privacy import sees_sensitive_in_jurisdiction
from villages.queries import NOTHING, jurisdiction_filter
from villages.roles import is_association_member, is_specialist, may_browse_people, sees_whole_town


def exports_filter(user) -> Q:
    """The exports the user lists and downloads: those they asked for, while they still read the households
    (the village's, or the whole town's for a town export) and, for one that holds sensitive columns, while
    they still see sensitive data."""
    if user is None or not user.is_authenticated or not user.is_active or not may_browse_people(user):
        return NOTHING
    if user.is_superuser:
        return Q(kind__in=EXPORT_KINDS, requested_by=user)
    where = Q(village__isnull=False) & jurisdiction_filter(user, village="village")
    if sees_whole_town(user):
        where |= Q(village__isnull=True, town_id=user.town_id)
    readable = Q(kind__in=EXPORT_KINDS, requested_by=user) & where
    if not sees_sensitive_in_jurisdiction(user):
        readable &= ~Q(params__sensitive=True)
    return readable


def export_scope(user) -> Village | None:
    """The village an export of the user's is about: none for those who read the whole town."""
    if sees_whole_town(user):
        return None
    if is_specialist(user):
        return user.village
    if is_association_member(user):
        return user.group.village
    return None
