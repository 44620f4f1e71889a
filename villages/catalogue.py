"""The catalogue of figures: every number the town publishes, defined once, computed for a period.

Each app declares its figures in its own `figures.py` (found when the apps are ready, as the admin
finds `admin.py`) with `register(Figure(...))`. A figure is either

- a *count* (DHIS2's data element): `compute(town_id, period)` yields rows at the finest level it
  knows — `(village_id, group_id, categories, value)`, group or village `None` where the figure is
  not about one — and the catalogue adds them up to each group, village and the town, in total and
  per category of each breakdown (`sex:F`, `age_band:15-49`); or
- an *indicator*: `numerator / denominator × factor` over two counts, at every unit.

Stock figures are as at the period's last day (people registered on 31 December); flow figures
count what happened during the period (births in the year). Both are computed from effective-dated
records (event dates, joined and left dates), never from today's state, so a past period's figure
does not move when the present changes.

`values(town_id, period)` answers a period's figures: from the snapshot when the town office has
closed the period (`villages.models.PeriodClosing`), computed otherwise. Pages, documents and the
other apps read figures only through it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from villages.periods import Period

TOWN, VILLAGE, GROUP = "town", "village", "group"
LEVELS = (TOWN, VILLAGE, GROUP)
STOCK, FLOW = "stock", "flow"


@dataclass(frozen=True)
class Dimension:
    """A breakdown of a figure into categories (sex, age band, birth order …), with their labels."""

    code: str
    name: Promise
    labels: dict

    def label(self, category: str) -> str:
        return str(self.labels.get(category, category))


SEX = Dimension("sex", _("sex"), {"M": _("male"), "F": _("female")})
AGE_BAND = Dimension("age_band", _("age band"), {
    "0-14": _("0–14 years"), "15-49": _("15–49 years"), "50-64": _("50–64 years"), "65+": _("65 years and over"),
})
BIRTH_ORDER = Dimension("order", _("birth order"), {"1": _("first child"), "2": _("second child"),
                                                     "3+": _("third child or later")})


@dataclass(frozen=True)
class Figure:
    """One figure of the catalogue: what is counted, how, and who may read it."""

    code: str  # "<app>.<name>", stable: snapshots, URLs and the API use it
    name: Promise
    definition: Promise  # what is counted and what is not, shown wherever the number is
    unit: Promise
    compute: Callable[[int, Period], Iterable[tuple]] | None = None
    kind: str = STOCK
    levels: tuple = LEVELS  # the units it is broken down to
    breakdowns: tuple[Dimension, ...] = ()
    # Safe for the leadership and public documents (counts below SMALL are suppressed there).
    aggregate_safe: bool = True
    # A count of people or households, small values of which could point at someone.
    about_people: bool = True
    # Indicators: numerator / denominator × factor, rounded to `decimals`.
    numerator: str = ""
    denominator: str = ""
    factor: int = 100
    decimals: int = 0
    # The records behind the figure: (user, period, level, unit_id) -> a queryset scoped to the user.
    records: Callable | None = None
    app: str = ""
    topic: Promise | str = ""

    @property
    def is_indicator(self) -> bool:
        return bool(self.numerator)

    def __post_init__(self):
        if self.is_indicator == (self.compute is not None):
            raise ValueError(f"{self.code}: a figure has either compute or numerator and denominator")


_REGISTRY: dict[str, Figure] = {}
SMALL = 5  # counts about people below this are not shown to aggregate-only readers or on public documents


def register(figure: Figure) -> Figure:
    if figure.code in _REGISTRY and _REGISTRY[figure.code] != figure:
        raise ValueError(f"figure {figure.code} registered twice")
    _REGISTRY[figure.code] = figure
    return figure


def discover() -> None:
    autodiscover_modules("figures")


def catalogue() -> list[Figure]:
    """Every figure, in the order of the apps, then as registered."""
    order = {config.name: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_REGISTRY.values(), key=lambda figure: order.get(figure.code.split(".")[0], 99))


def get(code: str) -> Figure:
    return _REGISTRY[code]


def exists(code: str) -> bool:
    return code in _REGISTRY


# --- Computing ---------------------------------------------------------------------------------------

Key = tuple[str, str, int, str]  # (code, level, unit_id, category)


@dataclass
class Values:
    """A period's figures for a town: by (code, level, unit, category), with where they came from."""

    town_id: int
    period: Period
    data: dict = field(default_factory=dict)
    closing: object = None  # the PeriodClosing whose snapshot this is, None when computed now

    def get(self, code: str, level: str = TOWN, unit: int | None = None, category: str = ""):
        unit = self.town_id if level == TOWN else unit
        figure = _REGISTRY.get(code)
        default = 0 if figure is not None and not figure.is_indicator and level in figure.levels else None
        return self.data.get((code, level, unit, category), default)

    def units(self, code: str, level: str) -> dict[int, object]:
        """The totals at every unit of a level that has a value."""
        return {unit: value for (c, lv, unit, cat), value in self.data.items() if c == code and lv == level and not cat}

    def breakdown(self, code: str, dimension: Dimension, level: str = TOWN, unit: int | None = None) -> dict:
        """The figure's value per category of `dimension`, in the dimension's order."""
        unit = self.town_id if level == TOWN else unit
        prefix = f"{dimension.code}:"
        found = {cat[len(prefix):]: value for (c, lv, u, cat), value in self.data.items()
                 if c == code and lv == level and u == unit and cat.startswith(prefix)}
        return {category: found.get(category, 0) for category in dimension.labels} | found

    @property
    def is_closed(self) -> bool:
        return self.closing is not None


def compute(town_id: int, period: Period, codes: Iterable[str] | None = None) -> Values:
    """Compute figures now from the records (all of the catalogue unless `codes` names some)."""
    wanted = [get(code) for code in codes] if codes is not None else catalogue()
    needed = {f.code: f for f in wanted}
    for figure in wanted:
        if figure.is_indicator:
            needed.setdefault(figure.numerator, get(figure.numerator))
            needed.setdefault(figure.denominator, get(figure.denominator))
    totals: dict[Key, Decimal | int] = defaultdict(int)
    villages_of = _villages_of_groups(town_id)
    for figure in needed.values():
        if figure.compute is not None:
            _add_up(totals, figure, town_id, period, villages_of)
    for figure in needed.values():
        if figure.is_indicator:
            _divide(totals, figure, town_id)
    keep = {f.code for f in wanted}
    return Values(town_id=town_id, period=period,
                  data={key: value for key, value in totals.items() if key[0] in keep}, closing=None)


def _villages_of_groups(town_id: int) -> dict[int, int]:
    from villages.models import VillagerGroup

    return dict(VillagerGroup.objects.filter(village__town_id=town_id).values_list("pk", "village_id"))


def _add_up(totals: dict, figure: Figure, town_id: int, period: Period, villages_of: dict[int, int]) -> None:
    for village_id, group_id, categories, value in figure.compute(town_id, period):
        if not value:
            continue  # a missing value reads as 0: nothing to store, and no unit appears only because it is empty
        if group_id is not None and village_id is None:
            village_id = villages_of.get(group_id)
        units = [(TOWN, town_id)]
        if village_id is not None and VILLAGE in figure.levels:
            units.append((VILLAGE, village_id))
        if group_id is not None and GROUP in figure.levels:
            units.append((GROUP, group_id))
        cats = [""] + [f"{dim}:{cat}" for dim, cat in (categories or {}).items()]
        for level, unit in units:
            for cat in cats:
                totals[(figure.code, level, unit, cat)] += value


def _divide(totals: dict, figure: Figure, town_id: int) -> None:
    denominators = {key[1:]: value for key, value in totals.items() if key[0] == figure.denominator}
    for (level, unit, cat), whole in denominators.items():
        totals[(figure.code, level, unit, cat)] = ratio(figure, totals.get((figure.numerator, level, unit, cat), 0),
                                                        whole)


def ratio(figure: Figure, part, whole) -> Decimal | None:
    """An indicator's value from its numerator and denominator: part / whole × factor, rounded half up to the
    figure's decimals; None when the denominator is 0."""
    if not whole:
        return None
    quantum = Decimal(1).scaleb(-figure.decimals)
    return (Decimal(part) * figure.factor / Decimal(whole)).quantize(quantum, ROUND_HALF_UP)


def values(town_id: int, period: Period, codes: Iterable[str] | None = None, *, live: bool = False) -> Values:
    """A period's figures: the current snapshot when the period is closed (unless `live`), computed otherwise."""
    from villages.models import PeriodClosing

    codes = list(codes) if codes is not None else None
    closing = None if live else PeriodClosing.objects.current().filter(town_id=town_id, period=str(period)).first()
    if closing is None:
        return compute(town_id, period, codes)
    return snapshot(closing, codes)


def snapshot(closing, codes: Iterable[str] | None = None) -> Values:
    """The figures as stored when `closing` was made (any version, current or superseded)."""
    from villages.models import FigureValue

    rows = FigureValue.objects.filter(closing=closing)
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    data = {(r.code, r.level, r.unit_id, r.category): number(r.value)
            for r in rows.only("code", "level", "unit_id", "category", "value").iterator(chunk_size=5000)}
    return Values(town_id=closing.town_id, period=Period.parse(closing.period), data=data, closing=closing)


def number(value: Decimal | None):
    """A stored value as the catalogue computes it: an int when whole, a Decimal otherwise."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def in_unit(queryset, level: str, unit: int | None, *, village: str = "village", group: str | None = "group"):
    """A figure's records narrowed to one unit: `village` and `group` are the lookups to the village and group
    (`group=None` when the records have no group: a group then has none)."""
    if level == VILLAGE:
        return queryset.filter(**{village: unit})
    if level == GROUP:
        return queryset.filter(**{group: unit}) if group else queryset.none()
    return queryset


# --- Reading for a person ------------------------------------------------------------------------------

def shown(figure: Figure, value, *, aggregate_only: bool, level: str = TOWN):
    """The value as a reader may see it: a count about people below SMALL is hidden from aggregate-only
    readers (the leadership, public documents) below the town level; None when hidden or undefined."""
    if value is None:
        return None
    if aggregate_only and figure.about_people and not figure.is_indicator and level != TOWN and 0 < value < SMALL:
        return None
    return value


def readable(user) -> list[Figure]:
    """The figures a user may read: aggregate-only readers get only the figures safe for them."""
    from villages.roles import reads_aggregates_only

    return [f for f in catalogue() if f.aggregate_safe or not reads_aggregates_only(user)]


def reader_unit(user, town) -> tuple[str, int, str]:
    """The unit whose figures a user reads by default: the town, their village or their group."""
    from villages.roles import is_association_member, is_specialist

    if is_specialist(user):
        return VILLAGE, user.village_id, user.village.name
    if is_association_member(user):
        return GROUP, user.group_id, str(user.group)
    return TOWN, town.pk, town.name


def may_read_unit(user, level: str, unit: int, villages_of_groups: dict[int, int]) -> bool:
    """The town's totals are for everyone with a role; a village's and a group's only within the jurisdiction."""
    from villages.roles import is_association_member, is_specialist

    if level == TOWN:
        return True
    if is_specialist(user):
        return unit == user.village_id if level == VILLAGE else villages_of_groups.get(unit) == user.village_id
    if is_association_member(user):
        return level == GROUP and unit == user.group_id
    return True


# --- The years that have data, and the working year ----------------------------------------------------

_YEAR_SOURCES: list[Callable[[int], Iterable[int]]] = []


def register_years(source: Callable[[int], Iterable[int]]) -> Callable:
    """An app names the years its records have data for a town (`source(town_id)`), for year selectors."""
    if source not in _YEAR_SOURCES:
        _YEAR_SOURCES.append(source)
    return source


def years_with_data(town_id: int | None) -> list[int]:
    """The years any app has data for, newest first (the current year when none has)."""
    years = set()
    if town_id is not None:
        for source in _YEAR_SOURCES:
            years.update(year for year in source(town_id) if year)
    return sorted(years or {timezone.localdate().year}, reverse=True)
