"""What the association's two printed documents show: a member's contact card and a village's member roster.

Each builder takes ids only (the user who asks, the member or village) and reads through the
same scoping as the pages, so it can run in a background task. Another village's record, or
another member's card for a member's login, raises `NotInScope` (a 404 on a page).

The templates, templates/pdf/association/contact_card.html and roster.html, extend
`base_template` when the context names one (the document pipeline's "pdf/base.html", with its
`document` and `stamp`), and otherwise a print frame of their own (A4, browser printing).
Neither document holds sensitive data: no identity numbers, phones or health information.
"""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from association.models import AssociationMember
from association.queries import (
    card_households,
    member_for_user,
    members_for,
    village_for_association,
    year_rules,
)
from association.queries.figures import coverage_by, members_by
from members.models import Person
from villages.models import User
from villages.roles import is_association_member


class NotInScope(Http404):
    """The record is not in the jurisdiction of the person who asked (or no longer is)."""


def _user(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).select_related("group__village").first()
    if user is None:
        raise NotInScope
    return user


def _people_count():
    return Subquery(Person.objects.filter(household=OuterRef("household_id"), status=Person.Status.ACTIVE)
                    .values("household").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())


def contact_card_context(*, user_id: int, member_id: int) -> dict:
    """A member's contact card (会员联系卡): who, duties, the households served, a year of feedback to sign."""
    user = _user(user_id)
    try:
        member = member_for_user(user, member_id)
    except Http404:
        raise NotInScope from None
    if is_association_member(user) and member.user_id != user.pk:
        raise NotInScope
    today = timezone.localdate()
    rules = year_rules(member.village.town_id, today.year)
    households = list(card_households(member).annotate(people=_people_count()))
    return {
        "member": member, "village": member.village, "town": member.village.town, "households": households,
        "people": sum(a.people or 0 for a in households), "year": today.year, "due_day": rules.feedback_due_day,
        "months": [(m, rules.due_on(m, rules.feedback_due_day)) for m in
                   (datetime.date(today.year, n, 1) for n in range(1, 13))], "printed_on": today,
        "officers": _officers(member.village_id),
    }


def village_contact_cards(*, user_id: int, village_id: int) -> list[dict]:
    """Every current member's card in a village, one context each (a document of the village's cards)."""
    user = _user(user_id)
    try:
        village = village_for_association(user, village_id)
    except Http404:
        raise NotInScope from None
    ids = members_for(user).current().filter(village=village).order_by("group__number", "joined_on", "pk")
    return [contact_card_context(user_id=user_id, member_id=pk) for pk in ids.values_list("pk", flat=True)]


def _officers(village_id: int) -> dict[str, AssociationMember]:
    officers = AssociationMember.objects.current().filter(village_id=village_id,
                                                          role__in=AssociationMember.OFFICER_ROLES)
    return {m.role: m for m in officers}


def village_roster_context(*, user_id: int, village_id: int) -> dict:
    """The village's member roster (会员花名册): every member on the roll by group, and the groups without one."""
    user = _user(user_id)
    try:
        village = village_for_association(user, village_id)
    except Http404:
        raise NotInScope from None
    members = list(members_for(user).current().filter(village=village).select_related("group").annotate(
        households=Count("assignments", filter=Q(assignments__served_until__isnull=True)),
    ).order_by("group__number", "joined_on", "pk"))
    with_member = {m.group_id for m in members}
    coverage = coverage_by(user, "village", village_id=village.pk).get(village.pk)
    return {
        "village": village, "town": village.town, "members": members,
        "groups_without_member": [g for g in village.groups.order_by("number") if g.pk not in with_member],
        "officers": _officers(village.pk), "coverage": coverage,
        "member_count": members_by(user, "village", village_id=village.pk).get(village.pk, 0),
        "by_role": _by_role(members), "printed_on": timezone.localdate(),
    }


def _by_role(members: list[AssociationMember]) -> list[tuple[str, int]]:
    counts = {}
    for member in members:
        counts[member.role] = counts.get(member.role, 0) + 1
    return [(label, counts[value]) for value, label in AssociationMember.Role.choices if value in counts]
