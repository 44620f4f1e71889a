"""Leading groups a user may see: the list (the town's first, then each village's, with the villages that have
none) and a group's page with its members and history."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from services.models import LeadingGroup, LeadingGroupMember
from services.models.groups import ROLE_ORDER
from services.queries.scope import in_scope, reader_villages


def groups_for(user) -> QuerySet[LeadingGroup]:
    return in_scope(LeadingGroup.objects.select_related("town", "village"), user)


def members_for(user) -> QuerySet[LeadingGroupMember]:
    return in_scope(LeadingGroupMember.objects.select_related("group__town", "group__village"), user,
                    village="group__village", town="group__town")


def group_for_user(user, pk: int) -> LeadingGroup:
    try:
        return groups_for(user).get(pk=pk)
    except LeadingGroup.DoesNotExist:
        raise Http404 from None


def member_for_user(user, pk: int) -> LeadingGroupMember:
    try:
        return members_for(user).get(pk=pk)
    except LeadingGroupMember.DoesNotExist:
        raise Http404 from None


def ordered(members) -> list:
    """Current members first, by role (leader, deputies, members, office head), then those who left."""
    return sorted(members, key=lambda m: (m.ended_on is not None, ROLE_ORDER.get(m.role, 99), m.started_on, m.pk))


@dataclass
class GroupRow:
    village: object  # None for the town's own group
    current: LeadingGroup | None
    earlier: list  # dissolved groups, newest first


def group_rows(user) -> list[GroupRow]:
    """The town's row (for those who read the town), then one per village in the user's scope: its current group
    with its current members, and its dissolved ones (three queries in all)."""
    current_members = Prefetch("members", queryset=LeadingGroupMember.objects.filter(ended_on__isnull=True),
                               to_attr="current_members")
    by_unit: dict = {}
    for group in groups_for(user).prefetch_related(current_members).order_by("-set_up_on", "-pk"):
        by_unit.setdefault(group.village_id, []).append(group)
    rows = []
    if None in by_unit:
        rows.append(_row(None, by_unit[None]))
    for village in reader_villages(user):
        rows.append(_row(village, by_unit.get(village.pk, [])))
    return rows


def _row(village, groups: list) -> GroupRow:
    current = next((g for g in groups if g.dissolved_on is None), None)
    if current is not None:
        current.current_members = ordered(current.current_members)
    return GroupRow(village=village, current=current, earlier=[g for g in groups if g is not current])


def group_page(user, pk: int) -> LeadingGroup:
    """A group with its members (current first), and its change history."""
    try:
        group = groups_for(user).prefetch_related("members").get(pk=pk)
    except LeadingGroup.DoesNotExist:
        raise Http404 from None
    group.member_rows = ordered(group.members.all())
    group.history_rows = list(group.history.select_related("history_user").order_by("-history_date")[:50])
    group.member_history = list(LeadingGroupMember.history.filter(group_id=group.pk)
                                .select_related("history_user").order_by("-history_date")[:50])
    return group
