"""The self-government status sheet: one village, or the whole town with a summary first.

A village's sheet: its code and groups, self-government declared on and regulations adopted
on, the three-in-one team by body with current holders and pay, the villager groups with
their leaders, designations with rectification plans, and who left the team during the year.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reports.documents.base import Renderer, out_of_reach, period_label, this_year
from reports.queries import status_sheet_villages
from reports.rendering import Part
from villages.models import Appointment, Designation, Position, Village

BODIES = [Position.Body.PARTY_BRANCH, Position.Body.COMMITTEE, Position.Body.ASSOCIATION]
TEAM_ORDER = [
    Position.Kind.PARTY_SECRETARY, Position.Kind.COMMITTEE_DIRECTOR, Position.Kind.SPECIALIST,
    Position.Kind.ASSOCIATION_PRESIDENT, Position.Kind.EXECUTIVE_VICE_PRESIDENT,
    Position.Kind.SECRETARY_GENERAL, Position.Kind.BIRTH_LIAISON,
]


@dataclass
class TeamBody:
    label: str
    rows: list[tuple[Position, Appointment | None]] = field(default_factory=list)


@dataclass
class VillageSheet:
    village: Village
    year: int
    groups: list[tuple]
    bodies: list[TeamBody]
    designations: list[Designation]
    departures: list[tuple[Position, Appointment]]

    @property
    def group_pairs(self) -> list[list[tuple]]:
        """The groups two to a row, the last row padded."""
        padded = self.groups + [(None, None)] * (len(self.groups) % 2)
        return [padded[i:i + 2] for i in range(0, len(padded), 2)]

    @property
    def designation(self) -> Designation | None:
        return next((d for d in self.designations if d.year == self.year), None)

    def holder(self, kind: str) -> Appointment | None:
        for body in self.bodies:
            for position, appointment in body.rows:
                if position.kind == kind:
                    return appointment
        return None

    @property
    def secretary(self):
        return self.holder(Position.Kind.PARTY_SECRETARY)

    @property
    def director(self):
        return self.holder(Position.Kind.COMMITTEE_DIRECTOR)

    @property
    def specialist(self):
        return self.holder(Position.Kind.SPECIALIST)


def title(scope_name: str, period: str) -> str:
    return _("%(scope)s self-government status sheet (%(period)s)") % {
        "scope": scope_name, "period": period_label(period)}


def village_sheet(village: Village, year: int) -> VillageSheet:
    current = {}
    departures = []
    leaders = {}
    for position in village.sheet_positions:
        holders = [a for a in position.sheet_appointments if a.ended_on is None]
        departures += [(position, a) for a in position.sheet_appointments if a.ended_on is not None]
        if position.group_id:
            leaders[position.group_id] = holders[-1] if holders else None
        else:
            current[position.kind] = (position, holders[-1] if holders else None)
    bodies = {body: TeamBody(label=Position.Body(body).label) for body in BODIES}
    for kind in TEAM_ORDER:
        if kind in current:
            position, appointment = current[kind]
            bodies[position.body].rows.append((position, appointment))
    departures.sort(key=lambda pair: pair[1].ended_on)
    return VillageSheet(
        village=village, year=year,
        groups=[(group, leaders.get(group.pk)) for group in village.sheet_groups],
        bodies=[body for body in bodies.values() if body.rows],
        designations=village.sheet_designations[:3],
        departures=departures,
    )


def town_summary(sheets: list[VillageSheet], year: int) -> dict:
    year_end = datetime.date(year, 12, 31)
    end_of_august = datetime.date(year, 8, 31)
    villages = [sheet.village for sheet in sheets]
    kinds = Counter(sheet.designation.kind for sheet in sheets if sheet.designation)
    return {
        "villages": len(villages),
        "groups": sum(len(sheet.groups) for sheet in sheets),
        "declared": sum(1 for v in villages if v.self_government_declared_on
                        and v.self_government_declared_on <= year_end),
        "declared_before": sum(1 for v in villages if v.self_government_declared_on
                               and v.self_government_declared_on.year < year),
        "with_regulations": sum(1 for v in villages if v.regulations_adopted_on
                                and v.regulations_adopted_on <= year_end),
        "regulations_by_august": sum(1 for v in villages if v.regulations_adopted_on
                                     and v.regulations_adopted_on <= end_of_august),
        "designations": [(kind.label, kinds.get(kind.value, 0)) for kind in Designation.Kind],
    }


def parts(document, user) -> list[Part]:
    year = int(document.period[:4]) if document.period else int(this_year())
    villages = status_sheet_villages(user, year=year, village_id=document.village_id)
    if not villages:
        raise out_of_reach()
    sheets = [village_sheet(village, year) for village in villages]
    common = {"document": document, "year": year, "period": period_label(document.period)}
    result = []
    if document.village_id is None:
        result.append(Part("pdf/status_sheet_town.html",
                           {**common, "summary": town_summary(sheets, year), "sheets": sheets}))
    result += [Part("pdf/status_sheet_village.html", {**common, "sheet": sheet}) for sheet in sheets]
    return result


RENDERER = Renderer(
    kind="status_sheet",
    template_version="status-sheet/1",
    title=title,
    parts=parts,
    default_period=this_year,
)
