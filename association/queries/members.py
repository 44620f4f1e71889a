"""Every read of the association's member network, scoped to the user (villages.queries is the one mechanism).

Members of the association see their own villager group's members, and only their own contact
card, feedback, meetings and evaluation. This module holds the scoping and the members, their
cards and re-checks; the year's work (feedback, meetings, evaluations, rules) is in `work`, the
figures in `figures`, the printable documents' contexts in `documents`.
"""

import datetime

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from association.models import AssociationMember, ContactAssignment, MemberReview
from members.models import Household, Person
from members.models.codes import HEAD_RELATIONS
from villages.models import Town, User, Village, VillagerGroup
from villages.queries import get_scoped_or_404, scoped
from villages.roles import is_association_member

MEMBER_PATHS = {"village": "village", "group": "group"}
VIA_MEMBER = {"village": "member__village", "group": "member__group"}


def town_of(user: User) -> Town | None:
    """The town a signed-in user works in (its town, its village's or its group's), or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.town_id:
        return Town.objects.get(pk=user.town_id)
    if user.village_id:
        return Town.objects.get(villages=user.village_id)
    if user.group_id:
        return Town.objects.get(villages__groups=user.group_id)
    return None


def own_only(queryset: QuerySet, user: User, path: str = "member__user") -> QuerySet:
    """A member's login sees only what is its own, within what scoping already allows."""
    if is_association_member(user):
        return queryset.filter(**{path: user.pk})
    return queryset


def members_for(user: User) -> QuerySet[AssociationMember]:
    return scoped(AssociationMember.objects.all(), user, **MEMBER_PATHS)


def member_for_user(user: User, pk: int) -> AssociationMember:
    """One member the user may see (their group's members, for a member); another village's answers 404."""
    return get_scoped_or_404(AssociationMember.objects.select_related("village__town", "group", "person__household",
                                                                      "user"),
                             user, pk=pk, **MEMBER_PATHS)


def own_member(user: User) -> AssociationMember:
    """The signed-in association member's own record (a current member's login only)."""
    if not is_association_member(user):
        raise Http404
    return get_object_or_404(AssociationMember.objects.current().select_related("village__town", "group"),
                             user=user)


def village_for_association(user: User, pk: int) -> Village:
    """A village whose association the user may look at as a whole (not members: they see their own pages)."""
    if is_association_member(user):
        raise Http404
    return get_scoped_or_404(Village.objects.select_related("town"), user, village="", pk=pk)


def registered_on(day: datetime.date) -> Q:
    """Households registered on the day: registered by then, and still active or changing status only later.

    The registry's `active()` is today's state; figures for a past day read this.
    """
    return Q(registered_on__lte=day) & (Q(status=Household.Status.ACTIVE) | Q(status_changed_on__gt=day))


def household_head_name(household: str = "pk") -> Subquery:
    """The name of the household's head, for rows whose `household` path leads to the household."""
    return Subquery(Person.objects.filter(household=OuterRef(household), relation__in=HEAD_RELATIONS)
                    .order_by("status", "pk").values("name")[:1])


def member_list(user: User, *, village: int | None = None, group: int | None = None, current: bool | None = True,
                role: str = "", search: str = "") -> QuerySet[AssociationMember]:
    """The member list with each member's number of households, in one query whatever the page size."""
    members = members_for(user).select_related("village", "group").annotate(
        households=Count("assignments", filter=Q(assignments__served_until__isnull=True)),
    ).order_by("village__code", "group__number", "joined_on", "pk")
    if village:
        members = members.filter(village_id=village)
    if group:
        members = members.filter(group_id=group)
    if current is True:
        members = members.filter(left_on__isnull=True)
    elif current is False:
        members = members.filter(left_on__isnull=False)
    if role:
        members = members.filter(role=role)
    if search.strip():
        members = members.filter(name__contains=search.strip())
    return members


def assignments_for(user: User) -> QuerySet[ContactAssignment]:
    return own_only(scoped(ContactAssignment.objects.all(), user, **VIA_MEMBER), user)


def card_households(member: AssociationMember) -> QuerySet[ContactAssignment]:
    """The households on a member's card now, with each head's name (one query)."""
    return (member.assignments.current().select_related("household__group")
            .annotate(head_name=household_head_name("household_id")).order_by("household__number"))


def card_history(member: AssociationMember) -> QuerySet[ContactAssignment]:
    """Every stretch of service on the card, the ended ones with whoever took the household over."""
    successor = ContactAssignment.objects.filter(household=OuterRef("household_id"),
                                                 served_from=OuterRef("served_until")).exclude(member=OuterRef("member"))
    return (member.assignments.filter(served_until__isnull=False).select_related("household")
            .annotate(successor_name=Subquery(successor.values("member__name")[:1]))
            .order_by("-served_until", "household__number"))


def uncovered_households(user: User, village_id: int, on: datetime.date | None = None) -> QuerySet[Household]:
    """The village's households that no member serves: now, or (with `on`) those registered that day and
    served by nobody that day."""
    if on is None:
        households, served = Household.objects.active(), ContactAssignment.objects.current()
    else:
        households, served = Household.objects.filter(registered_on(on)), ContactAssignment.objects.serving_on(on)
    return (scoped(households, user, village="village", group="group")
            .filter(village_id=village_id)
            .exclude(Exists(served.filter(household=OuterRef("pk"))))
            .select_related("group").annotate(head_name=household_head_name())
            .order_by("group__number", "number"))


def assignable_households(member: AssociationMember) -> QuerySet[Household]:
    """Households that may go on this member's card: active, of the village, served by nobody."""
    return (Household.objects.active().filter(village_id=member.village_id)
            .exclude(Exists(ContactAssignment.objects.current().filter(household=OuterRef("pk"))))
            .select_related("group").annotate(head_name=household_head_name(), other_group=Case(
                When(group_id=member.group_id, then=Value(0)), default=Value(1)))
            .order_by("other_group", "group__number", "number"))


def groups_without_member(user: User, village_id: int | None = None,
                          on: datetime.date | None = None) -> QuerySet[VillagerGroup]:
    """The groups without a member on the roll: now, or (with `on`) that day."""
    groups = scoped(VillagerGroup.objects.select_related("village"), user, group="")
    if village_id:
        groups = groups.filter(village_id=village_id)
    return groups.exclude(Exists(AssociationMember.objects.current(on).filter(group=OuterRef("pk"))))


def successors_for(member: AssociationMember) -> QuerySet[AssociationMember]:
    return (AssociationMember.objects.current().filter(village_id=member.village_id).exclude(pk=member.pk)
            .select_related("group").order_by("group__number", "name"))


def reviews_for(user: User) -> QuerySet[MemberReview]:
    return own_only(scoped(MemberReview.objects.all(), user, **VIA_MEMBER), user)


def review_counts(user: User, year: int, village_id: int | None = None) -> dict[str, int]:
    """The yearly re-check in figures: kept, left and newly recruited."""
    reviews = reviews_for(user).filter(year=year)
    if village_id:
        reviews = reviews.filter(member__village_id=village_id)
    counts = dict(reviews.values("outcome").annotate(n=Count("pk")).values_list("outcome", "n").order_by())
    return {outcome: counts.get(outcome, 0) for outcome in MemberReview.Outcome.values}


def member_logins_for(member: AssociationMember) -> QuerySet[User]:
    """Association members' logins of the village not yet linked to another member."""
    taken = AssociationMember.objects.filter(user=OuterRef("pk")).exclude(pk=member.pk)
    return (User.objects.filter(role=User.Role.MEMBER, group__village_id=member.village_id, is_active=True)
            .exclude(Exists(taken)).order_by("username"))
