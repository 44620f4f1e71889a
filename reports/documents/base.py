"""What every kind of document registers, and the glue between the apps' contexts and the rendering.

A kind registers its title, templates, default period, audience and the context function of the app
whose records it prints (see reports/documents/__init__.py for the contract). `Renderer.parts` is the
one place that reads a context as the person who asked, turns an out-of-scope or invalid request into
the reason the build records, and frames each part; `Renderer.accesses` says what the access log records
of the parts' sensitive data, which the build writes with the file (reports.building).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from reports import numbering
from reports.rendering import Part
from villages import closing
from villages.models import Town
from villages.periods import YEAR, Period
from villages.queries import OutOfScope

FRAME = "pdf/base.html"  # every part's frame; given as `base_template` to templates also printed from the browser
OUT_OF_REACH = gettext_lazy("The village is not, or no longer, in the jurisdiction of the person who asked for "
                            "this document.")


# Who issues a kind of document: the town (its issuing unit), or the village's committee or association.
TOWN, VILLAGE_COMMITTEE, VILLAGE_ASSOCIATION = "town", "village_committee", "village_association"
# The levels at which a kind carries a document number (文号).
TOWN_LEVEL, VILLAGE_LEVEL = "town", "village"


class DocumentError(Exception):
    """A reason the document cannot be built, in words shown to the person who asked for it."""


def this_year(town: Town) -> Period:
    """The usual period of a yearly document: the town's working year."""
    return closing.working_period(town, YEAR)


def period_label(period: Period) -> str:
    """A document's period as printed in its title: 2025年, 2025年第3季度, 2025年7月 (in the active language)."""
    return period.label


def period_date(period: Period, contexts: list[dict]) -> datetime.date:
    """The date a period's document speaks for: the end of its period, or today while the period runs."""
    return min(period.ends_on, timezone.localdate())


def issuer_name(kind: str, document) -> str:
    """Who issues the document, as printed at its head and under its seal."""
    if kind == VILLAGE_COMMITTEE and document.village_id:
        return _("%(village)s villagers' committee") % {"village": document.village.name}
    if kind == VILLAGE_ASSOCIATION and document.village_id:
        return _("%(village)s family planning association") % {"village": document.village.name}
    return numbering.issuing_unit(document.town).name


@dataclass(frozen=True)
class Official:
    """What a part prints in the official layout (pdf/base.html): the issuing unit, the document number,
    the date the document speaks for, the word and label of its period, and its sign-off when the part
    carries one (signatures: the keys of reports.templatetags.official.SIGNATURES)."""

    issuer: str
    number: str
    dated: datetime.date
    period_word: str
    period_label: str
    red_header: bool = False
    signatures: tuple[str, ...] = ()
    sealed: bool = False

    @property
    def signs_off(self) -> bool:
        return bool(self.signatures or self.sealed)


def page_counter_css() -> str:
    """A CSS `content` value such as "第 " counter(page) " 页，共 " counter(pages) " 页"."""
    marker = "\x00"
    label = _("Page %(page)s of %(pages)s") % {"page": marker + "p", "pages": marker + "n"}
    pieces = []
    for chunk in re.split(f"({marker}[pn])", label):
        if chunk == marker + "p":
            pieces.append("counter(page)")
        elif chunk == marker + "n":
            pieces.append("counter(pages)")
        elif chunk:
            pieces.append('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(pieces)


@dataclass(frozen=True)
class Renderer:
    """A kind of document: what reports.documents.RENDERERS holds for each Document.Kind.

    `context(*, user, town, village, period)` returns the parts' contexts; each part prints with
    `template`, except the first part of a town document, which prints with `town_template` when the
    kind has one (the town's summary before the villages). `title_format` is printed with the scope's
    name and the period's `label`. `check(town=, village=, period=)`, when given, refuses a request
    that cannot give a document (ValidationError) before it is queued. `access(part)`, when given, says
    what the access log records for a part that shows sensitive personal data (None: nothing).
    `contains_sensitive`: the document shows people's personal data in full, so only those who see the
    sensitive data of its villages (the town office, the village's specialist) list and download it
    (reports.queries), and each download is logged.
    """

    kind: str
    template_version: str
    title_format: str
    template: str
    context: Callable[..., list[dict]]
    default_period: Callable[[Town], Period]
    town_template: str = ""
    is_public: bool = False
    town_level: bool = True
    village_level: bool = True
    contains_sensitive: bool = False
    check: Callable[..., None] | None = None
    access: Callable[[dict], dict | None] | None = None
    label: Callable[[Period], str] = period_label
    period_word: str = pgettext_lazy("of a document", "Period")
    issued_by: str = TOWN
    numbered: tuple[str, ...] = ()
    dated: Callable[[Period, list[dict]], datetime.date] = period_date
    red_header: bool = False
    signatures: tuple[str, ...] = ()
    sealed: bool = False
    sign_each_part: bool = False
    # A kind that is a spreadsheet, not a PDF (reports.documents.exports): writes its file itself.
    # export(document, output, on_progress) writes into the binary file `output`, calls on_progress(percent)
    # as it goes, and returns what the access log is to record (as `accesses` does for a PDF).
    export: Callable[..., list[dict]] | None = None

    def title(self, scope_name: str, period: Period) -> str:
        return self.title_format % {"scope": scope_name, "period": self.label(period)}

    def parts(self, document, user) -> list[Part]:
        """The document's sections, read as `user` (the person who asked for it)."""
        try:
            period = Period.parse(document.period) if document.period else self.default_period(document.town)
            contexts = self.context(user=user, town=document.town, village=document.village, period=period)
        except OutOfScope as refusal:
            raise DocumentError(str(refusal) or str(OUT_OF_REACH)) from None
        except ValidationError as refusal:
            raise DocumentError(" ".join(refusal.messages)) from None
        frame = {"document": document, "base_template": FRAME}
        last = len(contexts) - 1
        return [Part(self.template_of(document, number),
                     {**context, **frame, "official": self.official(document, period, contexts, number == last)})
                for number, context in enumerate(contexts)]

    def is_numbered(self, document) -> bool:
        return (VILLAGE_LEVEL if document.village_id else TOWN_LEVEL) in self.numbered

    def official(self, document, period: Period, contexts: list[dict], last: bool) -> Official:
        """The official layout of a part. Gives the document its number the first time a numbered kind is built
        (reports.numbering: kept by every rebuild and later version)."""
        if self.is_numbered(document) and document.number_id is None:
            document.number = numbering.document_number(
                town=document.town, kind=document.kind, village=document.village, period=str(period),
                year=period.year)
        signs = self.sign_each_part or last
        return Official(
            issuer=issuer_name(self.issued_by, document),
            number=str(document.number) if document.number_id else "",
            dated=self.dated(period, contexts), period_word=str(self.period_word), period_label=self.label(period),
            red_header=self.red_header and not document.village_id,
            signatures=self.signatures if signs else (), sealed=self.sealed and signs,
        )

    def accesses(self, parts: list[Part]) -> list[dict]:
        """What the access log records of these parts: one entry for each part that shows sensitive data."""
        if self.access is None:
            return []
        return [access for access in map(self.access, (part.context for part in parts)) if access]

    def template_of(self, document, number: int) -> str:
        """The template of the document's part `number`: a town document opens with the town's part."""
        if document.village_id is None and self.town_template and number == 0:
            return self.town_template
        return self.template
