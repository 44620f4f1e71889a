"""The association's printed documents: every member's contact card of a village, and its member roster.

The contexts come from association.queries.documents, read as the person who asked; the
templates (templates/pdf/association/) print inside pdf/base.html. Neither holds sensitive data. Both show
the association as it stands on the day they are built, so their period is the current year.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from association.queries.documents import NotInScope, village_contact_cards, village_roster_context
from reports.documents.base import DocumentError, Renderer, out_of_reach, period_label, this_year
from reports.rendering import Part

FRAME = "pdf/base.html"


def cards_title(scope_name: str, period: str) -> str:
    return _("%(scope)s association member contact cards (%(period)s)") % {
        "scope": scope_name, "period": period_label(period)}


def roster_title(scope_name: str, period: str) -> str:
    return _("%(scope)s association member roster (%(period)s)") % {"scope": scope_name, "period": period_label(period)}


def check(*, town, village, period: str) -> None:
    if period != this_year():
        raise ValidationError({"period": _("The association's documents show it as it stands today: the period is "
                                           "this year (%(year)s).") % {"year": this_year()}})


def cards_parts(document, user) -> list[Part]:
    """One part per member's card, so that the progress of a large village can be followed."""
    try:
        contexts = village_contact_cards(user_id=user.pk, village_id=document.village_id)
    except NotInScope:
        raise out_of_reach() from None
    if not contexts:
        raise DocumentError(_("The village's association has no member on the roll."))
    return [Part("pdf/association/contact_card.html", {**context, "base_template": FRAME, "document": document})
            for context in contexts]


def roster_parts(document, user) -> list[Part]:
    try:
        context = village_roster_context(user_id=user.pk, village_id=document.village_id)
    except NotInScope:
        raise out_of_reach() from None
    return [Part("pdf/association/roster.html", {**context, "base_template": FRAME, "document": document})]


CARDS = Renderer(
    kind="member_contact_cards",
    template_version="member-contact-cards/1",
    title=cards_title,
    parts=cards_parts,
    default_period=this_year,
    town_level=False,
    check=check,
)

ROSTER = Renderer(
    kind="association_roster",
    template_version="association-roster/1",
    title=roster_title,
    parts=roster_parts,
    default_period=this_year,
    town_level=False,
    check=check,
)
