"""The data of the self-government status sheet: one village, or the whole town with a summary first.

A village's sheet: its code and groups, self-government declared on and regulations adopted
on, the three-in-one team by body with current holders and pay, the villager groups with
their leaders, designations with rectification plans, and who left the team during the year.

`status_sheet_context` is the document contract (reports.documents): read as the person who
asked, it returns the sheet's parts, the town's summary first for a town document, or raises
OutOfScope for the whole town asked by someone who reads one village, or for a village not theirs to read.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from villages import catalogue
from villages.models import Appointment, Designation, Position, Town, User, Village, VillagerGroup
from villages.periods import MONTH, YEAR, Period
from villages.queries import OutOfScope, reads_whole_town, villages_for

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


SUMMARY = ("villages.villages", "villages.groups", "villages.declared", "villages.declared_before",
           "villages.regulations", *(f"villages.designated_{kind}" for kind in Designation.Kind.values))


def town_summary(town: Town, year: int) -> dict:
    """The town's headline figures of the year, read through the catalogue (its snapshot once the year is closed)."""
    found = catalogue.values(town.pk, Period(YEAR, year), SUMMARY)
    august = catalogue.values(town.pk, Period(MONTH, year, 8), ["villages.regulations"])
    return {
        "villages": found.get("villages.villages"),
        "groups": found.get("villages.groups"),
        "declared": found.get("villages.declared"),
        "declared_before": found.get("villages.declared_before"),
        "with_regulations": found.get("villages.regulations"),
        "regulations_by_august": august.get("villages.regulations"),
        "designations": [(kind.label, found.get(f"villages.designated_{kind.value}")) for kind in Designation.Kind],
        "closing": found.closing,
    }


def status_sheet_villages(user: User, *, year: int, town_id: int | None = None,
                          village_id: int | None = None) -> list[Village]:
    """Villages with their groups, positions, this year's appointments and designations.

    Five queries whatever the number of villages. Each village gets `sheet_positions` (with
    `sheet_appointments`: current holders and those who left during the year) and
    `sheet_designations` (up to and including the year, newest first).
    """
    appointments = Appointment.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__year=year)).order_by(
        "started_on"
    )
    positions = Position.objects.select_related("group").order_by("kind", "group__number").prefetch_related(
        Prefetch("appointments", queryset=appointments, to_attr="sheet_appointments")
    )
    villages = villages_for(user).filter(is_active=True).order_by("code").prefetch_related(
        Prefetch("groups", queryset=VillagerGroup.objects.order_by("number"), to_attr="sheet_groups"),
        Prefetch("positions", queryset=positions, to_attr="sheet_positions"),
        Prefetch("designations", queryset=Designation.objects.filter(year__lte=year).order_by("-year"),
                 to_attr="sheet_designations"),
    )
    if town_id is not None:
        villages = villages.filter(town_id=town_id)
    if village_id is not None:
        villages = villages.filter(pk=village_id)
    return list(villages)


def status_sheet_context(*, user: User, town: Town, village: Village | None, period: Period) -> list[dict]:
    """The sheet of the period's year: for the town, its summary, then every village's sheet it may read."""
    if village is None and not reads_whole_town(user, town.pk):
        raise OutOfScope
    year = period.year
    villages = status_sheet_villages(user, year=year, town_id=town.pk, village_id=village.pk if village else None)
    if not villages:
        raise OutOfScope
    sheets = [village_sheet(each, year) for each in villages]
    common = {"year": year, "period": period.label}
    summary = [{**common, "summary": town_summary(town, year), "sheets": sheets}] if village is None else []
    return summary + [{**common, "sheet": sheet} for sheet in sheets]
