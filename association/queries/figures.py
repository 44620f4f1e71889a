"""The association's figures, set-based and scoped to the user, as they stood on a day.

Every count reads the dated records, never today's state for a past day: a member is on the roll
from `joined_on` until `left_on`, a household on a contact card from `served_from` until
`served_until`, a household registered from `registered_on` until its status changed. A year's
figures are taken on 31 December, a quarter's or month's on its last day, or today while the
period is not over (`as_of`).

- Members: members on the roll that day per village and villager group; groups without one.
- Coverage: households registered that day with a contact member that day, over all households
  registered that day.
- Monthly feedback: for each month, the members expected to report (on the roll at the month's
  end), the reports on time (received by the due day of the following month), late, and missing
  (expected, not received, and past due). A month not yet due has reports pending, not missing.
  The on-time rate is on time / expected, over the months already due.
- Meeting attendance: present / all recorded attendance, per quarter.
- The excellent-association result per village and year, from the town's thresholds
  (`association_results`, read by the assessments).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractQuarter

from association.models import AssociationYearRules, ContactAssignment, MeetingAttendance
from association.queries import feedback_for, meetings_for, members_for, registered_on, year_rules
from members.models import Household
from villages.models import User, Village
from villages.periods import Period, month_end
from villages.queries import groups_for, scoped, town_id_of, villages_for


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Coverage:
    active: int = 0
    covered: int = 0

    @property
    def uncovered(self) -> int:
        return self.active - self.covered

    @property
    def rate(self) -> Decimal | None:
        return percent(self.covered, self.active)


@dataclass
class FeedbackCounts:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def received(self) -> int:
        return self.on_time + self.late

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.on_time, self.due)

    def add(self, other: "FeedbackCounts") -> None:
        for name in ("expected", "on_time", "late", "missing", "pending"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MonthFeedback(FeedbackCounts):
    month: datetime.date | None = None
    due_on: datetime.date | None = None


@dataclass
class Attendance:
    meetings: int = 0
    present: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def recorded(self) -> int:
        return self.present + self.apologies + self.absent

    @property
    def rate(self) -> Decimal | None:
        return percent(self.present, self.recorded)

    def add(self, other: "Attendance") -> None:
        for name in ("meetings", "present", "apologies", "absent"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def as_of(period: int | Period, today: datetime.date) -> datetime.date:
    """The day a period's figures are taken: a year's (given as a number) or other period's last day,
    or today while the period is not over."""
    ends_on = datetime.date(period, 12, 31) if isinstance(period, int) else period.ends_on
    return min(ends_on, today)


def months_of(year: int, today: datetime.date) -> list[datetime.date]:
    """The months of the year that have begun."""
    return [datetime.date(year, n, 1) for n in range(1, 13) if datetime.date(year, n, 1) <= today]


def _roll_end(month: datetime.date, today: datetime.date) -> datetime.date:
    return min(month_end(month), today)


def on_roll(end: datetime.date) -> Q:
    """Members on the roll on the day `end`, as a condition for a count (`.current(end)` filters the same)."""
    return Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))


def members_by(user: User, key: str, on: datetime.date, **filters) -> dict[int, int]:
    """Members on the roll on the day, counted by "village" or "group"."""
    rows = (members_for(user).current(on).filter(**filters).values(key).annotate(n=Count("pk"))
            .values_list(key, "n").order_by())
    return dict(rows)


def coverage_by(user: User, key: str, on: datetime.date, **filters) -> dict[int, Coverage]:
    """Households registered on the day and those a member served that day, by "village" or "group" (one query)."""
    served = ContactAssignment.objects.serving_on(on).filter(household=OuterRef("pk"))
    rows = (scoped(Household.objects.filter(registered_on(on)), user, village="village", group="group")
            .filter(**filters)
            .values(key).annotate(active=Count("pk"), covered=Count("pk", filter=Exists(served))).order_by())
    return {row[key]: Coverage(active=row["active"], covered=row["covered"]) for row in rows}


def feedback_by(user: User, year: int, today: datetime.date, key: str = "village",
                **filters) -> dict[int, dict[datetime.date, MonthFeedback]]:
    """Per village, group or member ("village", "group", "pk"): each begun month's feedback counts (two queries)."""
    months = months_of(year, today)
    if not months:
        return {}
    members = members_for(user).filter(**filters)
    expected_rows = members.values(key).annotate(**{
        f"m{m.month}": Count("pk", filter=on_roll(_roll_end(m, today))) for m in months}).order_by()
    member_key = "member" if key == "pk" else f"member__{key}"
    received_rows = (feedback_for(user).filter(month__year=year, **{f"member__{k}": v for k, v in filters.items()})
                     .values(member_key, "month").annotate(
                         on_time=Count("pk", filter=Q(submitted_on__lte=F("due_on"))),
                         late=Count("pk", filter=Q(submitted_on__gt=F("due_on")))).order_by())
    received = {(row[member_key], row["month"]): row for row in received_rows}
    due_day = _due_day(user, year)
    return {row[key]: _months(row, key, months, received, today, due_day) for row in expected_rows}


def _months(row: dict, key: str, months, received: dict, today, due_day: int) -> dict[datetime.date, MonthFeedback]:
    result = {}
    for month in months:
        due_on = AssociationYearRules.due_on(month, due_day)
        counts = received.get((row[key], month), {"on_time": 0, "late": 0})
        figure = MonthFeedback(month=month, due_on=due_on, expected=row[f"m{month.month}"],
                               on_time=counts["on_time"], late=counts["late"])
        outstanding = max(figure.expected - figure.received, 0)
        if today > due_on:
            figure.missing = outstanding
        else:
            figure.pending = outstanding
        result[month] = figure
    return result


def _due_day(user: User, year: int) -> int:
    town_id = town_id_of(user)
    if town_id is None:
        return AssociationYearRules.DEFAULT_DUE_DAY
    return year_rules(town_id, year).feedback_due_day


def feedback_by_month(user: User, year: int, today: datetime.date, **filters) -> list[MonthFeedback]:
    """The months of the year summed over everything in scope (optionally one village or group)."""
    totals: dict[datetime.date, MonthFeedback] = {}
    for months in feedback_by(user, year, today, key="village", **filters).values():
        for month, figure in months.items():
            total = totals.setdefault(month, MonthFeedback(month=month, due_on=figure.due_on))
            total.add(figure)
    begun = months_of(year, today)
    if len(totals) < len(begun):
        due_day = _due_day(user, year)
        for month in begun:
            totals.setdefault(month, MonthFeedback(month=month, due_on=AssociationYearRules.due_on(month, due_day)))
    return [totals[m] for m in begun]


def feedback_totals(user: User, year: int, today: datetime.date, key: str = "village",
                    **filters) -> dict[int, FeedbackCounts]:
    """The year's counts per village, group or member."""
    totals = {}
    for pk, months in feedback_by(user, year, today, key=key, **filters).items():
        total = totals[pk] = FeedbackCounts()
        for figure in months.values():
            total.add(figure)
    return totals


def attendance_by(user: User, year: int, key: str = "village", **filters) -> dict[int, dict[int, Attendance]]:
    """Per village ("village") or member ("member"): attendance per quarter (one query)."""
    path = "meeting__village" if key == "village" else "member"
    rows = (scoped(MeetingAttendance.objects.all(), user, village="meeting__village", group="member__group")
            .filter(meeting__held_on__year=year, **filters)
            .annotate(quarter=ExtractQuarter("meeting__held_on")).values(path, "quarter").annotate(
                meetings=Count("meeting", distinct=True),
                present=Count("pk", filter=Q(status=MeetingAttendance.Status.PRESENT)),
                apologies=Count("pk", filter=Q(status=MeetingAttendance.Status.APOLOGIES)),
                absent=Count("pk", filter=Q(status=MeetingAttendance.Status.ABSENT))).order_by())
    result: dict[int, dict[int, Attendance]] = defaultdict(dict)
    for row in rows:
        result[row[path]][row["quarter"]] = Attendance(meetings=row["meetings"], present=row["present"],
                                                       apologies=row["apologies"], absent=row["absent"])
    return result


def attendance_year(quarters: dict[int, Attendance]) -> Attendance:
    total = Attendance()
    for figure in quarters.values():
        total.add(figure)
    return total


@dataclass
class VillageFigures:
    village: Village
    year: int
    members: int = 0
    groups: int = 0
    groups_without_member: int = 0
    coverage: Coverage = field(default_factory=Coverage)
    feedback: FeedbackCounts = field(default_factory=FeedbackCounts)
    attendance: Attendance = field(default_factory=Attendance)
    meetings: int = 0


def village_figures(user: User, year: int, today: datetime.date, village_id: int | None = None) -> list[VillageFigures]:
    """One row per village in scope: members, groups without one, coverage, feedback, attendance (six queries).

    Members, groups without one and coverage as they stood at the year's end (or today, in this year).
    """
    on = as_of(year, today)
    villages = villages_for(user).annotate(group_count=Count("groups")).order_by("code")
    filters = {"village_id": village_id} if village_id else {}
    if village_id:
        villages = villages.filter(pk=village_id)
    members = members_by(user, "village", on, **filters)
    grouped = dict(members_for(user).current(on).filter(**filters).values("village")
                   .annotate(n=Count("group", distinct=True)).values_list("village", "n").order_by())
    coverage = coverage_by(user, "village", on, **filters)
    feedback = feedback_totals(user, year, today, "village", **filters)
    attendance = attendance_by(user, year, "village", **({"meeting__village_id": village_id} if village_id else {}))
    meetings = dict(meetings_for(user).filter(held_on__year=year, **filters).values("village")
                    .annotate(n=Count("pk")).values_list("village", "n").order_by())
    return [VillageFigures(
        village=v, year=year, members=members.get(v.pk, 0), groups=v.group_count,
        groups_without_member=v.group_count - grouped.get(v.pk, 0), coverage=coverage.get(v.pk, Coverage()),
        feedback=feedback.get(v.pk, FeedbackCounts()), attendance=attendance_year(attendance.get(v.pk, {})),
        meetings=meetings.get(v.pk, 0)) for v in villages]


def total_figures(rows: list[VillageFigures], year: int) -> VillageFigures:
    """The sum of the villages' rows (the town's line)."""
    total = VillageFigures(village=None, year=year)
    for row in rows:
        total.members += row.members
        total.groups += row.groups
        total.groups_without_member += row.groups_without_member
        total.coverage.active += row.coverage.active
        total.coverage.covered += row.coverage.covered
        total.feedback.add(row.feedback)
        total.attendance.add(row.attendance)
        total.meetings += row.meetings
    return total


@dataclass
class AssociationResult:
    """Whether a village's association was excellent in a year, and why (for the assessments)."""

    village_id: int
    year: int
    excellent: bool
    coverage: Decimal | None
    on_time: Decimal | None
    attendance: Decimal | None
    meetings: int
    reasons: list[str]


def association_results(user: User, year: int, today: datetime.date,
                        rows: list[VillageFigures] | None = None) -> dict[int, AssociationResult]:
    """The excellent-association result per village in the user's scope, against the town's thresholds.

    The assessments read this; pages that already have the villages' figures pass them as `rows`.
    """
    from django.utils.translation import gettext as _

    results = {}
    rules_by_town = {}
    for row in rows if rows is not None else village_figures(user, year, today):
        town_id = row.village.town_id
        rules = rules_by_town.get(town_id) or rules_by_town.setdefault(town_id, year_rules(town_id, year))
        checks = [
            (row.coverage.rate, rules.excellent_coverage, _("households with a contact member")),
            (row.feedback.on_time_rate, rules.excellent_on_time, _("feedback on time")),
            (row.attendance.rate, rules.excellent_attendance, _("meeting attendance rate")),
        ]
        reasons = [_("%(what)s below %(limit)s%%") % {"what": what, "limit": limit}
                   for value, limit, what in checks if value is None or value < limit]
        if row.meetings < rules.excellent_meetings:
            reasons.append(_("%(held)s of %(needed)s meetings held") % {"held": row.meetings,
                                                                         "needed": rules.excellent_meetings})
        results[row.village.pk] = AssociationResult(
            village_id=row.village.pk, year=year, excellent=not reasons, coverage=row.coverage.rate,
            on_time=row.feedback.on_time_rate, attendance=row.attendance.rate, meetings=row.meetings,
            reasons=reasons)
    return results


def group_rows(user: User, village_id: int, year: int, today: datetime.date) -> list[dict]:
    """The village's groups, each with its members and coverage at the year's end and the year's feedback
    (four queries)."""
    on = as_of(year, today)
    groups = list(groups_for(user).filter(village_id=village_id).order_by("number"))
    members = defaultdict(list)
    for member in members_for(user).current(on).filter(village_id=village_id).order_by("joined_on", "pk"):
        members[member.group_id].append(member)
    coverage = coverage_by(user, "group", on, village_id=village_id)
    feedback = feedback_totals(user, year, today, "group", village_id=village_id)
    return [{"group": g, "members": members.get(g.pk, []), "coverage": coverage.get(g.pk, Coverage()),
             "feedback": feedback.get(g.pk, FeedbackCounts())} for g in groups]
