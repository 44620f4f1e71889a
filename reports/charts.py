"""The dashboards' charts, drawn on the server as SVG: a trend line, a ranking, a distribution, a grid of villages.

Plain SVG built here (no script, no internet, no inline style: presentation attributes only), so a chart reads
the same in a page (`<img src=…svg>`, which the content security policy allows), in print and in a PDF
(`chart_svg()` gives the string the annual summary embeds). Black-and-white print: lines carry markers and
values, bars carry their numbers, and the grid's states are patterns with a label in every cell, not colour alone.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from reports.queries import dashboards
from villages import catalogue
from villages.catalogue import GROUP, TOWN, VILLAGE
from villages.models import Town, Village, VillagerGroup
from villages.periods import QUARTER
from villages.roles import reads_aggregates_only

FONT = "Noto Sans CJK SC, Noto Sans SC, WenQuanYi Micro Hei, sans-serif"
INK = "#1f2933"
GREY = "#9aa5b1"
TRENDS = ("members.births", "members.population", "members.married_women", "association.members",
          "association.feedback_on_time_rate", "incentives.amount_paid", "assessments.average_points")
CHARTS = ("trend", "ranking", "births", "families", "grid")


def _text(x, y, text, *, size=12, anchor="start", weight="normal", fill=INK) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}">{escape(str(text))}</text>')


def _svg(width: int, height: int, title: str, body: list[str], defs: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-family="{FONT}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
            f'<title>{escape(title)}</title>{defs}<rect width="{width}" height="{height}" fill="#ffffff"/>'
            f'{_text(12, 22, title, size=15, weight="bold")}{"".join(body)}</svg>')


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else str(value)


def line_chart(title: str, points: list[tuple[str, object]], *, width: int = 560, height: int = 260) -> str:
    """A trend: one value per period, joined, with a marker and the value at each point; gaps stay empty."""
    left, right, top, bottom = 56, 16, 40, 40
    numbers = [value for _label, value in points if value is not None]
    low, high = (min(numbers + [0]), max(numbers + [1])) if numbers else (0, 1)
    span = (high - low) or 1
    step = (width - left - right) / max(len(points) - 1, 1)

    def y_of(value):
        return top + (height - top - bottom) * (1 - float(value - low) / float(span))

    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="{GREY}"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="{GREY}"/>',
            _text(left - 6, y_of(high) + 4, _number(high), size=10, anchor="end"),
            _text(left - 6, y_of(low) + 4, _number(low), size=10, anchor="end")]
    path, segments = [], []
    for index, (label, value) in enumerate(points):
        x = left + step * index
        body.append(_text(x, height - bottom + 16, label, size=10, anchor="middle"))
        if value is None:
            if path:
                segments.append(path)
            path = []
            continue
        path.append(f"{x:.1f},{y_of(value):.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="4" fill="#ffffff" stroke="{INK}" '
                    f'stroke-width="2"/>')
        body.append(_text(x, y_of(value) - 9, _number(value), size=10, anchor="middle"))
    if path:
        segments.append(path)
    for segment in segments:
        body.insert(0, f'<polyline points="{" ".join(segment)}" fill="none" stroke="{INK}" stroke-width="2"/>')
    return _svg(width, height, title, body)


def bar_chart(title: str, bars: list[tuple[str, object]], *, width: int = 560, highlight: str | None = None) -> str:
    """Horizontal bars, longest first as given, each labelled with its name and its number."""
    row, top, label_width = 18, 36, 110
    height = top + row * max(len(bars), 1) + 12
    numbers = [float(value) for _label, value in bars if value is not None]
    most = max(numbers) if numbers else 1
    room = width - label_width - 70
    body = []
    for index, (label, value) in enumerate(bars):
        y = top + row * index
        chosen = label == highlight
        body.append(_text(label_width - 6, y + 12, label, size=11, anchor="end", weight="bold" if chosen else "normal"))
        length = room * float(value) / most if value is not None and most else 0
        fill = "url(#hatch)" if chosen else GREY
        body.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 5}" fill="{fill}" '
                    f'stroke="{INK}" stroke-width="0.6"/>')
        body.append(_text(label_width + length + 4, y + 12, _number(value), size=10))
    return _svg(width, height, title, body, _patterns())


def _patterns() -> str:
    """Fills that survive black-and-white print: solid dark, hatched, dotted, blank."""
    return ('<defs>'
            f'<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#c7d2fe"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" '
            f'stroke-width="2"/></pattern>'
            f'<pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" '
            f'fill="#d1fae5"/><circle cx="3" cy="3" r="1.3" fill="{INK}"/></pattern>'
            f'<pattern id="cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" '
            f'fill="#fecaca"/><path d="M0,0 L6,6 M6,0 L0,6" stroke="{INK}" stroke-width="1"/></pattern>'
            '</defs>')


STATE_FILLS = {"demonstration": "url(#hatch)", "qualified": "url(#dots)", "lagging": "url(#cross)", "": "#ffffff"}


def grid_chart(title: str, villages: list[tuple[str, str]], *, columns: int = 7, width: int = 700) -> str:
    """A map-like grid of the villages (in the order of their codes), each cell patterned and labelled by state."""
    labels = dashboards.state_labels()
    cell_w = (width - 24) / columns
    cell_h = 46
    rows = (len(villages) + columns - 1) // columns
    top = 38
    body = []
    for index, (name, state) in enumerate(villages):
        x = 12 + cell_w * (index % columns)
        y = top + cell_h * (index // columns)
        body.append(f'<rect x="{x + 2:.1f}" y="{y + 2:.1f}" width="{cell_w - 4:.1f}" height="{cell_h - 4}" '
                    f'fill="{STATE_FILLS.get(state, "#ffffff")}" stroke="{INK}" stroke-width="0.8"/>')
        body.append(f'<rect x="{x + 6:.1f}" y="{y + 6}" width="{cell_w - 12:.1f}" height="32" fill="#ffffff" '
                    f'fill-opacity="0.85"/>')
        body.append(_text(x + cell_w / 2, y + 20, name, size=11, anchor="middle", weight="bold"))
        body.append(_text(x + cell_w / 2, y + 34, labels.get(state, ""), size=9, anchor="middle"))
    legend_y = top + cell_h * rows + 10
    for index, state in enumerate(("demonstration", "qualified", "lagging", "")):
        x = 12 + index * 160
        body.append(f'<rect x="{x}" y="{legend_y}" width="22" height="14" fill="{STATE_FILLS[state]}" '
                    f'stroke="{INK}" stroke-width="0.8"/>')
        body.append(_text(x + 28, legend_y + 12, labels[state], size=11))
    return _svg(width, legend_y + 26, title, body, _patterns())


# --- The charts of a dashboard ------------------------------------------------------------------------------

@dataclass
class Scope:
    town: Town
    village: Village | None = None
    group: VillagerGroup | None = None

    @property
    def level_unit(self) -> tuple[str, int]:
        if self.group is not None:
            return GROUP, self.group.pk
        if self.village is not None:
            return VILLAGE, self.village.pk
        return TOWN, self.town.pk

    @property
    def name(self) -> str:
        return str(self.group or self.village or self.town.name)


def chart_svg(name: str, *, user, scope: Scope, period, code: str = "members.births") -> str:
    """The SVG of one dashboard chart for the user, the unit and the period (the PDF documents embed it)."""
    level, unit = scope.level_unit
    if name == "trend":
        readable = {f.code for f in catalogue.readable(user)}
        figure = catalogue.get(code if code in TRENDS and code in readable else "members.births")
        points = dashboards.trend(scope.town.pk, period, figure.code, level, unit)
        aggregate_only = reads_aggregates_only(user)
        shown = [(each.label if each.kind != QUARTER else f"{each.year}Q{each.number}",
                  catalogue.shown(figure, value, aggregate_only=aggregate_only, level=level)) for each, value in points]
        return line_chart(f"{figure.name} · {scope.name}", shown)
    board = dashboards.dashboard(user, scope.town, period, village=scope.village, group=scope.group)
    if name == "ranking":
        bars = [(row["name"], row["points"]) for row in board.ranking]
        title = _("Assessment results, %(period)s") % {"period": period.label}
        return bar_chart(title, bars, highlight=scope.village.name if scope.village else None)
    if name in ("births", "families"):
        code = "members.births" if name == "births" else "members.family_categories"
        row = next((row for row in board.rows if row.code == code), None)
        parts = [(part.label, part.current.value) for part in row.parts] if row else []
        return bar_chart(f"{row.label if row else code} · {scope.name} · {period.label}", parts)
    if name == "grid":
        names = dashboards.village_names(user, scope.town)
        cells = [(village_name, board.states.get(pk, "")) for pk, village_name in names.items()]
        title = _("Villages by designation, %(year)s") % {"year": period.year}
        return grid_chart(title, cells)
    raise ValueError(f"no chart {name}")

