"""The county office's overview: the county's totals and its towns ranked, each linking to its town page.

Counts are added up over the towns, indicators divided again from their added-up numerator and denominator
(never averaged). A closed town's figures are read from its snapshot, in one query for all the closed towns; an
open town's are computed from its records (a second or two a town) and kept OPEN_PERIOD_SECONDS: by a worker,
when the views pass `ask` (reports.tasks.town_totals_asker), so that a page never waits for twenty towns.
Only the towns' totals are kept in the cache: a few numbers a town, read in one round trip for all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache

from reports.queries.dashboards import (
    OPEN_PERIOD_SECONDS,
    RANKING_CODE,
    Cell,
    Row,
    codes_digest,
    same_period_last_year,
)
from villages import catalogue
from villages.catalogue import TOWN, Figure
from villages.models import FigureValue, PeriodClosing, Town
from villages.periods import Period

COUNTY_CODES = (
    "members.population", "members.households", "members.married_women", "members.births",
    "association.coverage", "incentives.amount_paid", "incentives.households_paid",
    "services.health_examined", "assessments.assessed", "assessments.average_points",
    "villages.designated_demonstration", "villages.designated_lagging",
)
COUNTY_COLUMNS = ("members.population", "members.births", "association.coverage", "incentives.amount_paid",
                  "assessments.average_points", "villages.designated_lagging")  # the towns' table, beside the rank
COUNTY_RANKINGS = ("assessments.average_points", "association.coverage", "members.births", "incentives.amount_paid",
                   "members.population", "villages.designated_lagging")


@dataclass
class TownLine:
    town: Town
    values: dict[str, object]  # code -> value at the town level
    closing: PeriodClosing | None
    rank: int | None = None
    cells: list[Cell] = field(default_factory=list)  # the values of the dashboard's figures, in their order
    pending: bool = False  # an open period's figures being computed by a worker

    @property
    def is_closed(self) -> bool:
        return self.closing is not None


@dataclass
class CountyDashboard:
    county: object
    period: Period
    last_year: Period
    rank_by: Figure
    rows: list[Row]  # the county's totals, beside the same period last year
    towns: list[TownLine]  # ranked by `rank_by`, best first (the towns without a value last)
    figures: list[Figure]  # the county's figures, in order
    columns: list[Figure] = field(default_factory=list)  # the towns' table: the ranking figure first

    @property
    def closed_towns(self) -> int:
        return sum(1 for line in self.towns if line.is_closed)

    @property
    def pending_towns(self) -> int:
        return sum(1 for line in self.towns if line.pending)

    @property
    def is_closed(self) -> bool:
        """The period is closed for the county when every town of it has closed it."""
        return bool(self.towns) and self.closed_towns == len(self.towns)


def county_codes(user) -> list[str]:
    readable = {figure.code for figure in catalogue.readable(user)}
    return [code for code in COUNTY_CODES if code in readable and TOWN in catalogue.get(code).levels]


def _with_parts(codes) -> list[str]:
    """The codes and, for each indicator, its numerator and denominator (a county's rate is divided again)."""
    needed = list(codes)
    for code in codes:
        figure = catalogue.get(code)
        if figure.is_indicator:
            needed += [part for part in (figure.numerator, figure.denominator) if part not in needed]
    return needed


def _totals_key(town_id: int, period: Period, closing: PeriodClosing | None, codes) -> str:
    return f"county-totals:{town_id}:{period}:{closing.pk if closing else 'open'}:{codes_digest(codes)}"


def compute_town_totals(town_id: int, period: Period, codes) -> dict[str, object]:
    """An open period's totals of one town, computed from its records and kept OPEN_PERIOD_SECONDS."""
    values = catalogue.compute(town_id, period, codes)
    totals = {code: values.get(code) for code in codes}
    cache.set(_totals_key(town_id, period, None, codes), totals, OPEN_PERIOD_SECONDS)
    return totals


def town_totals(towns: list[Town], period: Period, codes, *, ask: Callable | None = None
                ) -> tuple[dict[int, dict | None], dict[int, PeriodClosing]]:
    """Each town's values of `codes` at the town level for the period: {town_id: {code: value}}, and the current
    closing of each town that has closed it.

    Only the towns' totals are kept in the cache (a few numbers a town, read in one round trip for all the towns):
    a closed town's until it is closed again, read from the snapshots in one query for all closed towns; an open
    town's OPEN_PERIOD_SECONDS, computed from its records — a second or two a town. With `ask(town_id, period,
    codes)` (a worker sharing the cache), an open town not in the cache is asked of it once and comes back as None
    ("being computed"), so that a county page never waits for twenty towns' records.
    """
    codes = _with_parts(codes)
    closings = {row.town_id: row for row in PeriodClosing.objects.current().filter(
        town_id__in=[town.pk for town in towns], period=str(period))}
    keys = {town.pk: _totals_key(town.pk, period, closings.get(town.pk), codes) for town in towns}
    cached = cache.get_many(list(keys.values()))
    found: dict[int, dict | None] = {town_id: cached[key] for town_id, key in keys.items() if key in cached}
    closed = [closings[town_id] for town_id in keys if town_id in closings and town_id not in found]
    if closed:
        stored = FigureValue.objects.filter(closing__in=closed, level=TOWN, category="", code__in=codes)
        read: dict[int, dict] = {row.town_id: {} for row in closed}
        for town_id, code, value in stored.values_list("closing__town_id", "code", "value"):
            read[town_id][code] = catalogue.number(value)
        for town_id, values in read.items():  # a snapshot keeps no zero: a missing count is 0
            found[town_id] = {code: values.get(code, None if catalogue.get(code).is_indicator else 0)
                              for code in codes}
        cache.set_many({keys[town_id]: found[town_id] for town_id in read}, None)
    missing = [town_id for town_id in keys if town_id not in found]
    if missing and ask is not None:
        for town_id in missing:
            if cache.add(f"{keys[town_id]}:asked", True, OPEN_PERIOD_SECONDS):  # asked once, not on each reload
                ask(town_id, str(period), codes)
            found[town_id] = None
    for town_id in missing:
        if town_id not in found:
            found[town_id] = compute_town_totals(town_id, period, codes)
    return found, closings


def county_total(figure: Figure, per_town: list[dict | None]):
    """The county's value of a figure from its towns': a count added up, an indicator divided again; None while a
    town's are being computed."""
    if any(values is None for values in per_town):
        return None
    if not figure.is_indicator:
        return sum(values.get(figure.code) or 0 for values in per_town)
    return catalogue.ratio(figure, sum(values.get(figure.numerator) or 0 for values in per_town),
                           sum(values.get(figure.denominator) or 0 for values in per_town))


def county_dashboard(user, county, period: Period, *, rank_by: str | None = None,
                     ask: Callable | None = None) -> CountyDashboard:
    """The county's totals and its towns ranked, as `user` (the county office, or a superuser) may read them;
    `ask`: open towns not yet computed are left to the workers (town_totals)."""
    codes = county_codes(user)
    rank_code = rank_by if rank_by in codes and rank_by in COUNTY_RANKINGS else RANKING_CODE
    towns = list(Town.objects.filter(county=county).order_by("code"))
    last_year = same_period_last_year(period)
    now, closings = town_totals(towns, period, codes, ask=ask)
    before, _closed_before = town_totals(towns, last_year, codes, ask=ask)
    figures = [catalogue.get(code) for code in codes]
    rows = []
    for figure in figures:
        current = county_total(figure, list(now.values()))
        earlier = county_total(figure, list(before.values()))
        rows.append(Row(figure, str(figure.name), "", Cell(current), Cell(earlier), Cell(earlier),
                        link=f"?period={period}"))
    columns = [catalogue.get(rank_code)] + [figure for figure in figures
                                            if figure.code in COUNTY_COLUMNS and figure.code != rank_code]
    lines = [TownLine(town, now[town.pk] or {}, closings.get(town.pk),
                      cells=[Cell((now[town.pk] or {}).get(figure.code)) for figure in columns],
                      pending=now[town.pk] is None or before[town.pk] is None) for town in towns]
    _rank_towns(lines, rank_code)
    return CountyDashboard(county=county, period=period, last_year=last_year, rank_by=catalogue.get(rank_code),
                           rows=rows, towns=lines, figures=figures, columns=columns)


def _rank_towns(lines: list[TownLine], code: str) -> None:
    """Best first (highest value; for lagging villages the fewest), ties sharing a rank; no value comes last."""
    fewest_first = code == "villages.designated_lagging"
    valued = [line for line in lines if line.values.get(code) is not None]
    valued.sort(key=lambda line: (line.values[code] if fewest_first else -line.values[code], line.town.code))
    rank, last = 0, object()
    for position, line in enumerate(valued, start=1):
        if line.values[code] != last:
            rank, last = position, line.values[code]
        line.rank = rank
    lines[:] = valued + [line for line in lines if line.values.get(code) is None]
