"""What every kind of document declares: its title, templates, context builder and audience."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.rendering import Part
from villages.periods import Period


class DocumentError(Exception):
    """A reason the document cannot be built, in words shown to the person who asked for it."""


@dataclass(frozen=True)
class Renderer:
    """A kind of document.

    `parts(document, user)` reads through the scoped queries as `user` (the person who asked)
    and returns the sections to render; a long document returns many parts so that its
    progress can be followed. `title(scope_name, period)` is the printed title. `check(town=,
    village=, period=)`, when given, refuses a request that cannot give a document (ValidationError).
    """

    kind: str
    template_version: str
    title: Callable[[str, str], str]
    parts: Callable[..., list[Part]]
    default_period: Callable[[], str]
    is_public: bool = False
    town_level: bool = True
    village_level: bool = True
    contains_sensitive: bool = False
    check: Callable[..., None] | None = None


def this_year() -> str:
    return str(timezone.localdate().year)


def out_of_reach() -> DocumentError:
    return DocumentError(_("The village is not, or no longer, in the jurisdiction of the person who asked for "
                           "this document."))


def period_label(period: str) -> str:
    """A document's period as printed in its title: 2025年, 2025年第3季度, 2025年7月 (in the active language)."""
    return Period.parse(period).label if period else ""


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
