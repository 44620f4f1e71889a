"""The leadership's dashboards: the catalogue's headline figures for the town, a village or a group, each beside
the previous period and the same period last year, the villages' ranking and state, and what changed most.

Every number is read through the catalogue (`villages.catalogue.values`), once per period for the whole town:
the town, a village and a group page read the same three batches, so a page costs the same few queries
whichever unit it shows. Counts about people below five are hidden from the leadership below the town level.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Assessment, ItemScore, PeriodCode, Scheme
from incentives.models import Policy
from villages import catalogue, closing
from villages.catalogue import GROUP, TOWN, VILLAGE, Figure, Values
from villages.models import Designation, PeriodClosing, Town, Village, VillagerGroup
from villages.periods import MONTH, QUARTER, YEAR, Period
from villages.queries import OutOfScope, designations_for, groups_for, villages_for
from villages.roles import is_association_member, reads_aggregates_only

# The headline figures, by section; (code, breakdown code or None).
SECTIONS = (
    (gettext_lazy("Population and households"), (
        ("members.population", None), ("members.households", None), ("members.married_women", None))),
    (gettext_lazy("Births"), (("members.births", "order"),)),
    (gettext_lazy("Family categories"), (("members.family_categories", "category"),)),
    (gettext_lazy("Self-government"), (
        ("villages.declared", None), ("villages.regulations", None), ("villages.designated_demonstration", None),
        ("villages.designated_qualified", None), ("villages.designated_lagging", None))),
    (gettext_lazy("The association"), (
        ("association.members", None), ("association.coverage", None), ("association.feedback_on_time_rate", None))),
    (gettext_lazy("Benefits"), (
        ("incentives.amount_paid", None), ("incentives.budget", "policy"), ("incentives.budget_paid", "policy"),
        ("incentives.budget_paid_share", None), ("incentives.households_paid", None))),
    (gettext_lazy("Services"), (
        ("services.site_investment", None), ("services.health_campaigns", None), ("services.health_examined", None),
        ("services.health_findings", "finding"), ("services.assistance_families", None),
        ("services.funds_raised", None), ("services.training_classes", None), ("services.training_attended", None))),
    (gettext_lazy("Assessments"), (("assessments.assessed", None), ("assessments.average_points", None))),
    (gettext_lazy("Rewards and sanctions"), (
        ("assessments.rewards", None), ("assessments.sanctions", None), ("assessments.cases", None))),
)
CODES = tuple(code for _title, rows in SECTIONS for code, _breakdown in rows)
STATES = ("demonstration", "qualified", "lagging")
STATE_CODES = tuple(f"villages.designated_{state}" for state in STATES)
RANKING_CODE = "assessments.average_points"
OPEN_PERIOD_SECONDS = 300  # how long an open period's computed figures are kept for the dashboards


@dataclass
class Cell:
    """One number as its reader may see it: `hidden` when a small count about people is suppressed."""

    value: object
    hidden: bool = False

    @property
    def shown(self) -> str:
        if self.hidden:
            return "<5"
        return "—" if self.value is None else str(self.value)

    @property
    def grouped(self) -> str:
        """As `shown`, grouped by thousands (a county's 952,000 people, 172,762,730.00 yuan), decimals kept."""
        if self.hidden or self.value is None:
            return self.shown
        places = max(0, -self.value.as_tuple().exponent) if isinstance(self.value, Decimal) else 0
        return number_format(self.value, decimal_pos=places, use_l10n=True, force_grouping=True)


@dataclass
class Change:
    """A value against an earlier one: the difference, in percent of the earlier value when it has one."""

    delta: Decimal | int | None
    percent: Decimal | None

    @property
    def arrow(self) -> str:
        if self.delta is None:
            return ""
        return "▲" if self.delta > 0 else "▼" if self.delta < 0 else "＝"

    @property
    def direction(self) -> str:
        if self.delta is None:
            return "none"
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"


@dataclass
class Row:
    figure: Figure
    label: str
    category: str
    current: Cell
    previous: Cell
    last_year: Cell
    parts: list["Row"] = field(default_factory=list)

    link: str = ""  # the query string of the figure's page for the period and unit

    @property
    def code(self) -> str:
        return self.figure.code

    @property
    def lines(self) -> list["Row"]:
        return [self, *self.parts]

    @property
    def figure_url(self) -> str:
        return self.link

    @property
    def against_previous(self) -> Change:
        return change(self.current, self.previous)

    @property
    def against_last_year(self) -> Change:
        return change(self.current, self.last_year)


@dataclass
class Dashboard:
    town: Town
    period: Period
    previous: Period
    last_year: Period
    level: str
    unit: object  # the Town, Village or VillagerGroup shown
    sections: list[tuple[str, list[Row]]]
    found: Values
    ranking: list[dict] = field(default_factory=list)
    states: dict[int, str] = field(default_factory=dict)
    villages: list[dict] = field(default_factory=list)
    changed_most: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for _title, rows in self.sections for row in rows]

    @property
    def same_previous(self) -> bool:
        """A year's previous period is last year: the page shows one column for both."""
        return self.previous == self.last_year


def change(current: Cell, earlier: Cell) -> Change:
    if current.hidden or earlier.hidden or current.value is None or earlier.value is None:
        return Change(None, None)
    delta = current.value - earlier.value
    percent = (Decimal(delta) * 100 / Decimal(earlier.value)).quantize(Decimal("0.1")) if earlier.value else None
    return Change(delta, percent.copy_abs() if percent is not None and not percent else percent)


# --- Periods ----------------------------------------------------------------------------------------------

def dashboard_period(raw: str | None, town: Town) -> Period:
    """The period asked for (a year or a quarter), else the working year; ValidationError on a bad spelling."""
    if not raw:
        return closing.working_period(town, YEAR)
    period = Period.parse(raw)
    if period.kind == MONTH:
        raise ValidationError(_("Give a year (2025) or a quarter (2025Q3)."), code="invalid")
    return period


def period_choices(town: Town | None, years: int = 5, *, newest: int | None = None) -> list[Period]:
    """The working year (or `newest`) and the four before it, each followed by its quarters, newest first (no
    query: the years with data would cost a scan of every app's dated records on each page)."""
    newest = newest or closing.working_year(town)
    choices = []
    for year in range(newest, newest - years, -1):
        choices.append(Period(YEAR, year))
        choices.extend(reversed(Period(YEAR, year).quarters()))
    return choices


def same_period_last_year(period: Period) -> Period:
    return Period(period.kind, period.year - 1, period.number)


def compared_periods(period: Period) -> tuple[Period, Period, Period]:
    return period, period.previous(), same_period_last_year(period)


def trend_periods(period: Period) -> list[Period]:
    """The last eight quarters up to a quarter, the last five years up to a year."""
    count = 8 if period.kind == QUARTER else 5
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


# --- Scope ------------------------------------------------------------------------------------------------

def village_for_dashboard(user, pk: int) -> Village:
    """A village whose page the user may read: the town's for the office and leadership, a specialist's own."""
    village = villages_for(user).filter(pk=pk).first() if not is_association_member(user) else None
    if village is None:
        raise OutOfScope
    return village


def group_for_dashboard(user, pk: int) -> VillagerGroup:
    """A group whose page the user may read: within the village for a specialist, their own for a member."""
    group = groups_for(user).filter(pk=pk).first()
    if group is None:
        raise OutOfScope
    return group


# --- Reading ----------------------------------------------------------------------------------------------

def readable_codes(user) -> list[str]:
    readable = {figure.code for figure in catalogue.readable(user)}
    return [code for code in CODES if code in readable]


def period_values(town_id: int, periods: list[Period], codes) -> dict[Period, Values]:
    """The catalogue's values for each period, one batch per distinct period, kept in the cache.

    A closed period's snapshot does not change: it is kept until the period is closed again (the key names the
    closing). An open period's figures are computed from the records, which takes seconds on a whole town: they
    are kept OPEN_PERIOD_SECONDS, and the page says when they were computed. One query finds the closings.
    """
    wanted = list(dict.fromkeys(periods))
    closings = {row.period: row for row in PeriodClosing.objects.current().filter(
        town_id=town_id, period__in=[str(period) for period in wanted])}
    return {period: cached_values(town_id, period, closings.get(str(period)), codes) for period in wanted}


def codes_digest(codes) -> str:
    """A short name for a set of figure codes, in the cache's keys."""
    return hashlib.sha256(",".join(sorted(codes)).encode()).hexdigest()[:16]


def cached_values(town_id: int, period: Period, closed: PeriodClosing | None, codes) -> "Indexed":
    """One period's values of a town, from the cache (`closed`: its current closing, None when open)."""
    key = f"dashboards:{town_id}:{period}:{closed.pk if closed else 'open'}:{codes_digest(codes)}"
    cached = cache.get(key)
    if cached is None:
        values = catalogue.snapshot(closed, codes) if closed else catalogue.compute(town_id, period, codes)
        cached = (values, timezone.now())
        cache.set(key, cached, None if closed else OPEN_PERIOD_SECONDS)
    return Indexed(town_id=cached[0].town_id, period=cached[0].period, data=cached[0].data,
                   closing=cached[0].closing, computed_at=cached[1])


@dataclass
class Indexed(Values):
    """A period's values indexed once by unit, so that a page's many breakdowns and rankings do not each scan
    the whole town's values (some twelve thousand per period on the demo town)."""

    computed_at: object = None

    def __post_init__(self):
        self._by_unit: dict[tuple, dict[str, object]] = {}
        self._by_level: dict[tuple, dict[int, object]] = {}
        for (code, level, unit, category), value in self.data.items():
            self._by_unit.setdefault((code, level, unit), {})[category] = value
            if not category:
                self._by_level.setdefault((code, level), {})[unit] = value

    def units(self, code: str, level: str) -> dict[int, object]:
        return dict(self._by_level.get((code, level), {}))

    def breakdown(self, code: str, dimension, level: str = TOWN, unit: int | None = None) -> dict:
        unit = self.town_id if level == TOWN else unit
        prefix = f"{dimension.code}:"
        found = {category[len(prefix):]: value for category, value in self._by_unit.get((code, level, unit), {}).items()
                 if category.startswith(prefix)}
        return {category: found.get(category, 0) for category in dimension.labels} | found


def dashboard(user, town: Town, period: Period, *, village: Village | None = None,
              group: VillagerGroup | None = None) -> Dashboard:
    """The dashboard of the town, one village or one group, as `user` may read it."""
    codes = readable_codes(user)
    extra = [code for code in (*STATE_CODES, RANKING_CODE) if code not in codes]
    current, previous, last_year = compared_periods(period)
    found = period_values(town.pk, [current, previous, last_year], codes + extra)
    level, unit_id, unit = ((GROUP, group.pk, group) if group is not None else
                            (VILLAGE, village.pk, village) if village is not None else (TOWN, town.pk, town))
    reader = Reader(aggregate_only=reads_aggregates_only(user), level=level, unit=unit_id,
                    policy_names=_policy_names(town.pk))
    sections = []
    for title, entries in SECTIONS:
        rows = [reader.row(catalogue.get(code), breakdown, found[current], found[previous], found[last_year])
                for code, breakdown in entries if code in codes and level in catalogue.get(code).levels]
        if rows:
            sections.append((str(title), rows))
    shown_village = group.village_id if group is not None else village.pk if village is not None else None
    link = f"?period={period}" + (f"&village={shown_village}" if shown_village else "")
    for _title, rows in sections:
        for row in rows:
            for line in row.lines:
                line.link = link
    board = Dashboard(town=town, period=period, previous=previous, last_year=last_year, level=level, unit=unit,
                      sections=sections, found=found[current])
    names = village_names(user, town)
    board.ranking = ranking(found[current], names)
    board.states = village_states(found[current])
    board.villages = village_rows(board.ranking, board.states, names)
    board.changed_most = changed_most(board)
    return board


@dataclass
class Reader:
    aggregate_only: bool
    level: str
    unit: int
    policy_names: dict[str, str]

    def cell(self, figure: Figure, values: Values, category: str = "") -> Cell:
        value = values.get(figure.code, self.level, self.unit, category)
        seen = catalogue.shown(figure, value, aggregate_only=self.aggregate_only, level=self.level)
        return Cell(seen, hidden=seen is None and value is not None)

    def row(self, figure: Figure, breakdown: str | None, now: Values, before: Values, year_ago: Values) -> Row:
        row = Row(figure, str(figure.name), "", self.cell(figure, now), self.cell(figure, before),
                  self.cell(figure, year_ago))
        dimension = next((d for d in figure.breakdowns if d.code == breakdown), None)
        if dimension is not None:
            categories = set(now.breakdown(figure.code, dimension, self.level, self.unit))
            categories |= set(year_ago.breakdown(figure.code, dimension, self.level, self.unit))
            for category in _ordered(categories, dimension):
                key = f"{dimension.code}:{category}"
                label = self.policy_names.get(category) if dimension.code == "policy" else dimension.label(category)
                row.parts.append(Row(figure, label or category, key, self.cell(figure, now, key),
                                     self.cell(figure, before, key), self.cell(figure, year_ago, key)))
            if dimension.code == "policy":
                row.parts = largest(row.parts)
        return row


def largest(parts: list[Row], count: int = 5) -> list[Row]:
    """The policies with the largest amounts, the rest added up (a town has a village policy per village)."""
    ordered = sorted(parts, key=lambda part: -(part.current.value or 0))
    if len(ordered) <= count + 1:
        return ordered
    rest = ordered[count:]

    def total(attribute: str) -> Cell:
        return Cell(sum(getattr(part, attribute).value or 0 for part in rest))

    other = Row(rest[0].figure, _("%(count)s other policies") % {"count": len(rest)}, "", total("current"),
                total("previous"), total("last_year"))
    return [*ordered[:count], other]


def _ordered(categories: set[str], dimension) -> list[str]:
    known = [category for category in dimension.labels if category in categories]
    return known + sorted(categories - set(known))


def _policy_names(town_id: int) -> dict[str, str]:
    return {str(pk): name for pk, name in Policy.objects.filter(town_id=town_id).values_list("pk", "name")}


def village_names(user, town: Town) -> dict[int, str]:
    return dict(villages_for(user).filter(town=town).select_related(None).order_by("code").values_list("pk", "name"))


def ranking(found: Values, names: dict[int, str]) -> list[dict]:
    """The villages by their assessment result for the period, best first, with their rank (ties share it)."""
    results = found.units(RANKING_CODE, VILLAGE)
    ordered = sorted(((value, pk) for pk, value in results.items() if value is not None and pk in names),
                     key=lambda pair: (-pair[0], names[pair[1]]))
    rows, rank, last = [], 0, None
    for position, (value, pk) in enumerate(ordered, start=1):
        if value != last:
            rank, last = position, value
        rows.append({"village_id": pk, "name": names[pk], "points": value, "rank": rank})
    return rows


def village_states(found: Values) -> dict[int, str]:
    """Each village's designation for the period's year (demonstration, qualified or lagging)."""
    states = {}
    for state, code in zip(STATES, STATE_CODES, strict=True):
        for pk, value in found.units(code, VILLAGE).items():
            if value:
                states[pk] = state
    return states


def state_labels() -> dict[str, str]:
    return {"demonstration": _("demonstration"), "qualified": _("qualified"), "lagging": _("lagging"),
            "": _("not designated")}


def village_rows(ranked: list[dict], states: dict[int, str], names: dict[int, str]) -> list[dict]:
    """Every village: the ranked ones in their order, then the others in the order of their codes."""
    labels = state_labels()
    rows = [dict(row) for row in ranked]
    seen = {row["village_id"] for row in rows}
    rows += [{"village_id": pk, "name": name, "points": None, "rank": None} for pk, name in names.items()
             if pk not in seen]
    for row in rows:
        row["state"] = states.get(row["village_id"], "")
        row["state_label"] = labels[row["state"]]
    return rows


def changed_most(board: Dashboard, count: int = 3) -> list[str]:
    """Sentences on the figures that moved most against the same period last year."""
    moved = []
    for row in board.rows:
        moved_by = row.against_last_year
        if moved_by.percent is not None and moved_by.delta and row.figure.unit != "%":
            moved.append((abs(moved_by.percent), row, moved_by))
    moved.sort(key=lambda item: item[0], reverse=True)
    lines = []
    for _size, row, moved_by in moved[:count]:
        template = (_("%(figure)s rose %(percent)s%% against %(period)s (%(before)s → %(now)s).") if moved_by.delta > 0
                    else _("%(figure)s fell %(percent)s%% against %(period)s (%(before)s → %(now)s)."))
        lines.append(template % {"figure": row.label, "percent": abs(moved_by.percent), "period": board.last_year.label,
                                 "before": row.last_year.shown, "now": row.current.shown})
    return lines


def rectification(user, village: Village, year: int) -> Designation | None:
    """The village's designation as lagging for the year, with its rectification plan, if it has one."""
    return designations_for(user).filter(village=village, year=year, kind=Designation.Kind.LAGGING).first()


def assessment_items(village: Village, period: Period) -> list:
    """The item scores of the village's published assessment for the period (none for a month)."""
    assessment = Assessment.objects.filter(
        scheme__town_id=village.town_id, scheme__year=period.year, period=PeriodCode.of(period), village=village,
        status=Assessment.Status.PUBLISHED, scheme__subject=Scheme.Subject.VILLAGE).first()
    if assessment is None:
        return []
    scores = ItemScore.objects.filter(assessment=assessment).select_related("item__block")
    return list(scores.order_by("item__block__order", "item__order"))


def groups_of(user, village: Village) -> list[VillagerGroup]:
    return list(groups_for(user).filter(village=village).select_related(None).order_by("number"))


def trend(town_id: int, period: Period, code: str, level: str = TOWN, unit: int | None = None) -> list[tuple]:
    """One figure over the last eight quarters or five years: [(period, value)]."""
    periods = trend_periods(period)
    found = period_values(town_id, periods, [code])
    return [(each, found[each].get(code, level, unit)) for each in periods]

