"""The village affairs disclosure board (村务公开栏): a village's public board for a quarter or a year.

The board gathers every app's records, so its context lives here, beside its registration:
`disclosure_board_context` is the document contract (reports.documents), read as the person who asked. Every
number on it comes from the catalogue (villages.catalogue) at the village level, except the lists the board
publishes by name: the policies in force, the benefits paid (every recipient with a masked name, incentives'
public list of recipients) and the cadres' rewards and sanctions (masked names). Counts about people below five
print as "<5", zero included; no identity number, personal phone, health finding, pregnancy or named person's
contraception is read at all. The template (templates/pdf/reports/disclosure_board.html) prints inside pdf/base.html
on A3 or A4 paper, as its BoardPublication says. Issued by the village committee, numbered and sealed.
"""

import unicodedata
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from threading import Lock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.models import LedgerEntry
from assessments.queries.scoping import ledger_for
from incentives.models import Entitlement, Policy, Rate
from incentives.queries.scoping import entitlements_for, policies_for
from members.models import Person
from members.models.codes import HEAD_RELATIONS
from reports import numbering
from reports.documents.base import VILLAGE_COMMITTEE, VILLAGE_LEVEL, Renderer, this_year
from reports.rendering import Part
from villages import catalogue
from villages.catalogue import SMALL, VILLAGE
from villages.models import Town, User, Village
from villages.periods import QUARTER, YEAR, Period
from villages.privacy import mask_name
from villages.queries import village_in_scope
from villages.templatetags.amounts import amount as amount_text

SUPPRESSED = f"<{SMALL}"
BIRTHS, MARRIAGES, CONTRACEPTION = "members.births", "members.marriages", "members.contraception_started"
ASSISTED, ASSISTANCE_AMOUNT = "services.assistance_families", "services.assistance_amount"
FUND_INCOME, FUND_SPENDING = "services.fund_income", "services.fund_spending"
MONTHLY = (BIRTHS, MARRIAGES)
FIGURES = (BIRTHS, MARRIAGES, CONTRACEPTION, ASSISTED, ASSISTANCE_AMOUNT, FUND_INCOME, FUND_SPENDING)



# --- The board's content --------------------------------------------------------------------------------------

def check_board_request(*, town: Town, village: Village | None, period: Period) -> None:
    """A board is a village's, for a quarter or a year."""
    if village is None:
        raise ValidationError({"village": _("A disclosure board is made for one village.")})
    if period.kind not in (QUARTER, YEAR):
        raise ValidationError({"period": _("A disclosure board covers a quarter (2025Q4) or a year (2025).")})


def count_shown(value) -> str:
    """A count about people as the board prints it: below five (zero included) it is not published."""
    value = int(value or 0)
    return SUPPRESSED if value < SMALL else str(value)


def complaint_phone(town: Town) -> str:
    """The town office's telephone for complaints: the issuing unit's, or the setting until the office sets one."""
    return numbering.issuing_unit(town).complaint_phone or getattr(settings, "BOARD_COMPLAINT_PHONE", "")


def disclosure_board_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    check_board_request(town=town, village=village, period=period)
    village = village_in_scope(user, village.pk)
    return [{"board": board_content(user, village, period)}]


# --- The town's figures, read once per batch ------------------------------------------------------------------
# catalogue.values computes a period's figures for the whole town (every village at once): the same for each of the
# 41 boards of a batch. A worker keeps those of the batch it builds, so a batch's boards all print the figures as
# they were read for its first board, and each worker reads them once instead of once per board. A board built
# alone (not in a batch) reads them afresh.
_batch: ContextVar[tuple | None] = ContextVar("board_batch", default=None)
_batch_figures: OrderedDict = OrderedDict()
_batch_figures_lock = Lock()
BATCH_FIGURES_KEPT = 16  # a batch reads 1 + its months (4 for a quarter, 13 for a year)


@contextmanager
def batch_figures(batch: tuple | None) -> Iterator[None]:
    """The figures read in the block are shared with the other boards of the batch (None: not shared). A batch is
    named by its key and the time it was asked for (a key alone may be used again after a rollback, on SQLite)."""
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)


def town_figures(town_id: int, period: Period, codes: Sequence[str]) -> catalogue.Values:
    """The catalogue's values of the period for the town, read once per batch of boards."""
    batch = _batch.get()
    if batch is None:
        return catalogue.values(town_id, period, codes)
    key = (batch, town_id, str(period), tuple(codes))
    with _batch_figures_lock:
        if key in _batch_figures:
            _batch_figures.move_to_end(key)
            return _batch_figures[key]
    found = catalogue.values(town_id, period, codes)
    with _batch_figures_lock:
        _batch_figures[key] = found
        while len(_batch_figures) > BATCH_FIGURES_KEPT:
            _batch_figures.popitem(last=False)
    return found


def board_content(user: User, village: Village, period: Period) -> dict:
    """The board's sections, each a list of numbered lines that an objection can name."""
    figures = town_figures(village.town_id, period, FIGURES)
    months = [(month, town_figures(village.town_id, month, MONTHLY)) for month in period.months()]
    return {
        "village": village, "period": period.label, "smallest": SMALL, "suppressed": SUPPRESSED,
        "policies": _policies(user, village, period),
        "benefits": _benefits_paid(user, village, period),
        "ledger": _ledger(user, village, period),
        "births": _births(figures, months, village),
        "contraception": _breakdown(figures, CONTRACEPTION, village, people=True),
        "assistance": _breakdown(figures, ASSISTED, village, people=True),
        "assistance_amounts": _breakdown(figures, ASSISTANCE_AMOUNT, village, people=False),
        "fund_income": _breakdown(figures, FUND_INCOME, village, people=False),
        "fund_spending": _breakdown(figures, FUND_SPENDING, village, people=False),
        "complaint_phone": complaint_phone(village.town),
    }


def _policies(user: User, village: Village, period: Period) -> list[dict]:
    day = period.ends_on
    rates = Rate.objects.valid_on(day).filter(policy=OuterRef("pk"))
    policies = (policies_for(user).filter(Q(village__isnull=True) | Q(village=village))
                .in_force_between(period.starts_on, period.ends_on).filter(Exists(rates))
                .prefetch_related("rates").order_by("level", "name", "pk"))
    lines = []
    for policy in policies:
        valid = [rate for rate in policy.rates.all()
                 if rate.valid_from <= day and (rate.valid_until is None or rate.valid_until >= day)]
        lines.append({"name": policy.name, "issuing_body": policy.issuing_body,
                      "level": policy.get_level_display(), "beneficiary": policy.get_beneficiary_display(),
                      "qualifies": policy.description,
                      "rates": [{"amount": rate.amount, "unit": rate.get_unit_display()} for rate in valid]})
    return lines


def _benefits_paid(user: User, village: Village, period: Period) -> dict:
    """Every benefit paid in the period (by the payment's date), by policy and cycle: each recipient with a masked
    name (the household's head for a household's benefit) and the amount. A policy whose rule rests on sensitive
    data (contraception, …) shows only its total, and not even that below five recipients."""
    head = (Person.objects.filter(household=OuterRef("household_id"), relation__in=HEAD_RELATIONS)
            .order_by("status", "pk").values("name")[:1])
    rows = (entitlements_for(user).filter(village=village, status=Entitlement.Status.PAID,
                                          payment__paid_on__range=(period.starts_on, period.ends_on))
            .annotate(head_name=Subquery(head))
            .order_by("policy__level", "policy__name", "cycle__period", "household__group__number",
                      "household__number", "person__birth_date", "pk")
            .values_list("cycle_id", "policy_id", "cycle__period", "household__group__name", "person__name",
                         "head_name", "amount"))  # a few hundred rows a board: no model instances
    rows = list(rows)
    policies = Policy.objects.only("name", "uses_sensitive_data").in_bulk({row[1] for row in rows})
    sections: dict = {}
    for cycle_id, policy_id, cycle_period, group, person_name, head_name, amount in rows:
        section = sections.get(cycle_id)
        if section is None:
            section = sections[cycle_id] = {"policy": policies[policy_id], "period": Period.parse(cycle_period).label,
                                            "count": 0, "total": Decimal("0"), "rows": [], "suppressed": False}
        section["count"] += 1
        section["total"] += amount
        if not section["policy"].uses_sensitive_data:
            section["rows"].append({"group": group, "name": mask_name(person_name or head_name or ""),
                                    "amount": amount})
    for section in sections.values():
        section["suppressed"] = section["policy"].uses_sensitive_data and section["count"] < SMALL
    return {"sections": list(sections.values())}


# The printed list of recipients: by villager group, each group a paragraph of numbered entries ("12 张*华", with the
# amount when the policy's recipients were not all paid the same), broken into lines here rather than by WeasyPrint:
# a row of cells per recipient costs about half a second of layout per A3 board, lines of entries a fifth of that;
# and a line broken here never splits a name. LINE_EM is how many characters of the body text a line holds on each
# paper (static/pdf/document.css: A3 64, A4 54), with a margin for the estimate; a line that still overflows wraps.
LINE_EM = {"A3": 60, "A4": 50}
ENTRY_GAP = "\u3000"  # an ideographic space between entries
GROUP_INDENT_EM = 2  # the lines after a group's first (document.css: .recipients)


def text_em(text: str) -> float:
    """The width of a text in ems of the body font, as estimated: a Chinese character is one, any other about half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55 for char in text)


def recipient_lines(rows: list[dict], *, line_em: float, with_amounts: bool) -> list[dict]:
    """The recipients (numbered from 1 in the list's order) by villager group: [{"group", "lines": [[entry]]}], each
    entry {"line", "name", "amount"}; a group's first line starts after its name."""
    groups: list[dict] = []
    for number, row in enumerate(rows, start=1):
        if not groups or groups[-1]["group"] != row["group"]:
            groups.append({"group": row["group"], "lines": [[]], "used": text_em(f"{row['group']}：")})
        group = groups[-1]
        entry = {"line": number, "name": row["name"], "amount": row["amount"] if with_amounts else None}
        width = text_em(f"{number} {row['name']}") + (text_em(f" {amount_text(row['amount'])}") if with_amounts else 0)
        line = group["lines"][-1]
        if line and group["used"] + 1 + width > line_em:
            line = []
            group["lines"].append(line)
            group["used"] = GROUP_INDENT_EM
        group["used"] += width + (1 if line else 0)
        line.append(entry)
    return [{"group": group["group"], "lines": group["lines"]} for group in groups]


def common_amount(rows: list[dict]) -> Decimal | None:
    """The amount every recipient of the list was paid, when it is one amount."""
    amounts = {row["amount"] for row in rows}
    return amounts.pop() if len(amounts) == 1 else None


def lay_out_recipients(board: dict, paper_size: str) -> None:
    """Give each list of recipients of the board its printed lines (`printed`) for the paper."""
    for section in board["benefits"]["sections"]:
        section["each"] = common_amount(section["rows"])
        section["printed"] = recipient_lines(section["rows"], line_em=LINE_EM.get(paper_size, LINE_EM["A4"]),
                                             with_amounts=section["each"] is None)


def _ledger(user: User, village: Village, period: Period) -> list[dict]:
    entries = (ledger_for(user).filter(village=village, decided_on__range=(period.starts_on, period.ends_on))
               .order_by("decided_on", "pk"))
    lines = [{"kind": entry.get_kind_display(), "title": entry.title, "person": mask_name(entry.person_name),
              "post": entry.person_role, "decided_on": entry.decided_on, "decided_by": entry.decided_by,
              "amount": entry.amount, "reward": entry.kind in LedgerEntry.REWARDS} for entry in entries]
    return sorted(lines, key=lambda line: not line["reward"])  # rewards first, each in the order decided


def _births(figures, months, village: Village) -> dict:
    orders = figures.breakdown(BIRTHS, catalogue.BIRTH_ORDER, VILLAGE, village.pk)
    return {
        "births": count_shown(figures.get(BIRTHS, VILLAGE, village.pk)),
        "marriages": count_shown(figures.get(MARRIAGES, VILLAGE, village.pk)),
        "by_order": [{"label": catalogue.BIRTH_ORDER.label(order), "shown": count_shown(value)}
                     for order, value in orders.items()],
        "by_month": [{"label": month.label, "births": count_shown(found.get(BIRTHS, VILLAGE, village.pk)),
                      "marriages": count_shown(found.get(MARRIAGES, VILLAGE, village.pk))}
                     for month, found in months],
    }


def _breakdown(figures, code: str, village: Village, *, people: bool) -> dict:
    """A figure at the village with its first breakdown; counts about people suppressed below five."""
    figure = catalogue.get(code)
    dimension = figure.breakdowns[0]
    total = figures.get(code, VILLAGE, village.pk) or 0
    rows = []
    for category, value in figures.breakdown(code, dimension, VILLAGE, village.pk).items():
        if not people and not value:
            continue
        rows.append({"label": dimension.label(category),
                     "shown": count_shown(value) if people else value})
    return {"name": figure.name, "unit": figure.unit, "rows": rows,
            "total": count_shown(total) if people else Decimal(total)}




class BoardRenderer(Renderer):
    """The boards of one batch share the town's figures (town_figures)."""

    def parts(self, document, user) -> list[Part]:
        batch = (document.batch_id, document.requested_at) if document.batch_id else None
        with batch_figures(batch):
            parts = super().parts(document, user)
        paper_size = document.board.paper_size if hasattr(document, "board") else "A3"  # the publication's paper
        for part in parts:
            lay_out_recipients(part.context["board"], paper_size)
        return parts


DISCLOSURE_BOARD = BoardRenderer(
    kind="disclosure_board",
    template_version="disclosure-board/1",
    title_format=gettext_lazy("%(scope)s village affairs disclosure board (%(period)s)"),
    template="pdf/reports/disclosure_board.html",
    context=disclosure_board_context,
    default_period=this_year,
    is_public=True,
    town_level=False,
    check=check_board_request,
    period_word=pgettext_lazy("of a disclosure board", "Period disclosed"),
    issued_by=VILLAGE_COMMITTEE,
    numbered=(VILLAGE_LEVEL,),
    sealed=True,
)
