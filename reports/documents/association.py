"""The association's printed documents: every member's contact card of a village, and its member roster.

The parts come from association.queries.documents, read as the person who asked; the templates
(templates/pdf/association/) are also printed from the browser, and extend the frame given as
`base_template`. Neither holds sensitive data. Both show the association as it stands on the day
they are built, so their period is the current year.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from association.queries.documents import association_roster_context, check_request, member_contact_cards_context
from reports.documents.base import VILLAGE_ASSOCIATION, Renderer, this_year

YEAR = pgettext_lazy("of a document", "Year")

CARDS = Renderer(
    kind="member_contact_cards",
    template_version="member-contact-cards/1",
    title_format=_("%(scope)s association member contact cards (%(period)s)"),
    template="pdf/association/contact_card.html",
    context=member_contact_cards_context,
    default_period=this_year,
    town_level=False,
    check=check_request,
    period_word=YEAR,
    issued_by=VILLAGE_ASSOCIATION,
)

ROSTER = Renderer(
    kind="association_roster",
    template_version="association-roster/1",
    title_format=_("%(scope)s association member roster (%(period)s)"),
    template="pdf/association/roster.html",
    context=association_roster_context,
    default_period=this_year,
    town_level=False,
    check=check_request,
    period_word=YEAR,
    issued_by=VILLAGE_ASSOCIATION,
    signatures=("prepared",),
    sealed=True,
)
