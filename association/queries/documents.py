"""What the association's two printed documents show: a village's members' contact cards and its member roster.

`member_contact_cards_context` and `association_roster_context` are the document contract
(reports.documents): read as the person who asked, they return the contexts of the document's
parts, raise villages' OutOfScope for a village that is not theirs to read (a member's login reads
neither: its pages are its own), and a ValidationError for a request no document comes from.
`contact_card_context` is one member's card, also printed from the member's page.

The association's documents show it as it stands on the day they are built: their period is this
year. The templates, templates/pdf/association/contact_card.html and roster.html, extend
`base_template` when the context names one (the document pipeline's "pdf/base.html", with its
`document` and `stamp`), and otherwise a print frame of their own (A4, browser printing).
Neither document holds sensitive data: no identity numbers, phones or health information.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from association.models import AssociationMember, AssociationYearRules
from association.queries import (
    card_households,
    member_for_user,
    members_for,
    village_for_association,
    year_rules,
)
from association.queries.figures import coverage_by, members_by
from members.models import Person
from villages.models import Town, User, Village
from villages.periods import YEAR, Period
from villages.queries import OutOfScope
from villages.roles import is_association_member


def this_year() -> Period:
    return Period.containing(timezone.localdate(), YEAR)


def check_request(*, town: Town, village: Village | None, period: Period) -> None:
    """The association's documents are of this year: they show it as it stands today."""
    if period != this_year():
        raise ValidationError({"period": _("The association's documents show it as it stands today: the period is "
                                           "this year (%(year)s).") % {"year": this_year().year}})


def _people_count():
    return Subquery(Person.objects.filter(household=OuterRef("household_id"), status=Person.Status.ACTIVE)
                    .values("household").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())


def contact_card_context(*, user: User, member_id: int) -> dict:
    """A member's contact card (会员联系卡): who, duties, the households served, a year of feedback to sign."""
    try:
        member = member_for_user(user, member_id)
    except Http404:
        raise OutOfScope from None
    if is_association_member(user) and member.user_id != user.pk:
        raise OutOfScope
    return _card(member, year_rules(member.village.town_id, timezone.localdate().year), _officers(member.village_id))


def _card(member: AssociationMember, rules: AssociationYearRules, officers: dict[str, AssociationMember]) -> dict:
    """The card of a member found in the user's scope, with the town's rules of this year and the village's officers."""
    today = timezone.localdate()
    households = list(card_households(member).annotate(people=_people_count()))
    return {
        "member": member, "village": member.village, "town": member.village.town, "households": households,
        "people": sum(a.people or 0 for a in households), "year": today.year, "due_day": rules.feedback_due_day,
        "months": [(m, rules.due_on(m, rules.feedback_due_day)) for m in
                   (datetime.date(today.year, n, 1) for n in range(1, 13))], "printed_on": today,
        "officers": officers,
    }


def member_contact_cards_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    """Every current member's card in the village, one part each, so that a large village's progress shows.

    One query per card (its households) and four in all besides: the village's rules and officers are read once.
    """
    check_request(town=town, village=village, period=period)
    village = _village(user, village)
    members = (members_for(user).current().filter(village=village).select_related("village__town", "group")
               .order_by("group__number", "joined_on", "pk"))
    rules, officers = year_rules(village.town_id, timezone.localdate().year), _officers(village.pk)
    cards = [_card(member, rules, officers) for member in members]
    if not cards:
        raise ValidationError(_("The village's association has no member on the roll."))
    return cards


def _village(user: User, village: Village | None) -> Village:
    """The village whose association the user may read as a whole."""
    try:
        return village_for_association(user, village.pk if village else None)
    except Http404:
        raise OutOfScope from None


def _officers(village_id: int) -> dict[str, AssociationMember]:
    officers = AssociationMember.objects.current().filter(village_id=village_id,
                                                          role__in=AssociationMember.OFFICER_ROLES)
    return {m.role: m for m in officers}


def association_roster_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    """The village's member roster (会员花名册): every member on the roll by group, and the groups without one."""
    check_request(town=town, village=village, period=period)
    village = _village(user, village)
    members = list(members_for(user).current().filter(village=village).select_related("group").annotate(
        households=Count("assignments", filter=Q(assignments__served_until__isnull=True)),
    ).order_by("group__number", "joined_on", "pk"))
    with_member = {m.group_id for m in members}
    today = timezone.localdate()
    coverage = coverage_by(user, "village", today, village_id=village.pk).get(village.pk)
    return [{
        "village": village, "town": village.town, "members": members,
        "groups_without_member": [g for g in village.groups.order_by("number") if g.pk not in with_member],
        "officers": _officers(village.pk), "coverage": coverage,
        "member_count": members_by(user, "village", today, village_id=village.pk).get(village.pk, 0),
        "by_role": _by_role(members), "printed_on": today,
    }]


def _by_role(members: list[AssociationMember]) -> list[tuple[str, int]]:
    counts = {}
    for member in members:
        counts[member.role] = counts.get(member.role, 0) + 1
    return [(label, counts[value]) for value, label in AssociationMember.Role.choices if value in counts]
