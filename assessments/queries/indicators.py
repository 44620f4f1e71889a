"""Computed indicators: figures an assessment item takes from the records instead of an assessor.

An indicator is ONE registered, set-based function

    @indicator("key", _("label"))
    def key(villages: QuerySet[Village], period: Period) -> dict[int, Reading]: ...

that reads the figure for every village of `villages` in a handful of queries and returns a
`Reading` per village id: the figure as a ratio between 0 and 1 (1 earns the item's full points),
how to show it, and which records are behind it, so a village can check every point. The
per-village form `read_one(key, village, period)` is the same function on a one-village queryset,
so the two can never disagree.

Where the catalogue of figures (villages.catalogue) holds the number, the indicator reads it from
there, so an assessment and the town's published figures never disagree: self-government declared,
regulations adopted and dismissals read the villages' figures (a closed period's snapshot once the
town office has closed it); the records behind them are listed from the same dated records.
Indicators on the association's work (feedback on time, contact coverage) read the association app,
the one on training the services' attendance records; any further one (benefit accuracy, registry
timeliness) is added the same way, one function each.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.models import AssociationMember, ContactAssignment, MonthlyFeedback
from members.models import Household
from services.models import Invitation
from villages import catalogue
from villages.models import Appointment, Position, Village
from villages.periods import Period, month_end


@dataclass(frozen=True)
class Reading:
    figure: Decimal  # 0..1; the item earns figure × its maximum points
    shown: str
    records: str

    def points(self, max_points: Decimal) -> Decimal:
        return (max_points * self.figure).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


TownFunction = Callable[[QuerySet, Period], dict[int, Reading]]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    read: TownFunction


REGISTRY: dict[str, Indicator] = {}


def indicator(key: str, label) -> Callable[[TownFunction], TownFunction]:
    """Register a set-based indicator function under `key`."""

    def register(function: TownFunction) -> TownFunction:
        if key in REGISTRY:
            raise ValueError(f"indicator {key!r} is registered twice")
        REGISTRY[key] = Indicator(key=key, label=label, read=function)
        return function

    return register


def choices() -> list[tuple[str, str]]:
    return [(entry.key, entry.label) for entry in REGISTRY.values()]


def read_town(key: str, villages: QuerySet, period: Period) -> dict[int, Reading]:
    return REGISTRY[key].read(villages, period)


def read_one(key: str, village: Village, period: Period) -> Reading:
    return REGISTRY[key].read(Village.objects.filter(pk=village.pk), period)[village.pk]


YES, NO = Decimal(1), Decimal(0)


def _day(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


def _from_catalogue(code: str, towns, period: Period) -> dict[int, object]:
    """The figure's value for every village of the towns (those of the villages read), from the catalogue."""
    values = {}
    for town_id in set(towns):
        values.update(catalogue.values(town_id, period, [code]).units(code, catalogue.VILLAGE))
    return values


@indicator("self_government_declared", gettext_lazy("Self-government declared"))
def self_government_declared(villages: QuerySet, period: Period) -> dict[int, Reading]:
    rows = list(villages.values_list("pk", "town_id", "self_government_declared_on"))
    declared = _from_catalogue("villages.declared", [town for _pk, town, _day in rows], period)
    readings = {}
    for pk, _town, declared_on in rows:
        if declared.get(pk):
            readings[pk] = Reading(YES, _("yes"), _("Declared villager self-government on %(day)s.")
                                   % {"day": _day(declared_on)})
        else:
            readings[pk] = Reading(NO, _("no"), _("No declaration of villager self-government by %(day)s.")
                                   % {"day": _day(period.ends_on)})
    return readings


@indicator("regulations_adopted", gettext_lazy("Self-government regulations adopted"))
def regulations_adopted(villages: QuerySet, period: Period) -> dict[int, Reading]:
    rows = list(villages.values_list("pk", "town_id", "regulations_adopted_on"))
    adopted = _from_catalogue("villages.regulations", [town for _pk, town, _day in rows], period)
    readings = {}
    for pk, _town, adopted_on in rows:
        if adopted.get(pk):
            readings[pk] = Reading(YES, _("yes"), _("Regulations on villager self-government adopted on %(day)s.")
                                   % {"day": _day(adopted_on)})
        else:
            readings[pk] = Reading(NO, _("no"), _("No regulations on villager self-government adopted by %(day)s.")
                                   % {"day": _day(period.ends_on)})
    return readings


def _in_post_at(day: datetime.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


@indicator("team_complete", gettext_lazy("Three-in-one team complete"))
def team_complete(villages: QuerySet, period: Period) -> dict[int, Reading]:
    """Share of the village-level posts of the three-in-one team held at the end of the period."""
    village_posts = Position.objects.filter(village__in=villages, group__isnull=True)
    posts = defaultdict(dict)
    for pk, village_id, kind in village_posts.values_list("pk", "village_id", "kind"):
        posts[village_id][pk] = kind
    held = set(
        Appointment.objects.filter(_in_post_at(period.ends_on), position__in=village_posts)
        .values_list("position_id", flat=True)
    )
    readings = {}
    for pk in villages.values_list("pk", flat=True):
        own = posts.get(pk, {})
        vacant = sorted(str(Position.Kind(kind).label) for post, kind in own.items() if post not in held)
        filled = len(own) - len(vacant)
        figure = (Decimal(filled) / len(own)).quantize(Decimal("0.0001")) if own else NO
        records = _("%(filled)d of %(total)d village posts held on %(day)s.") % {
            "filled": filled, "total": len(own), "day": _day(period.ends_on)}
        if vacant:
            records += " " + _("Vacant: %(posts)s.") % {"posts": "、".join(vacant)}
        readings[pk] = Reading(figure, f"{filled}/{len(own)}", records)
    return readings


@indicator("no_dismissals", gettext_lazy("No cadre dismissed in the period"))
def no_dismissals(villages: QuerySet, period: Period) -> dict[int, Reading]:
    listed = defaultdict(list)
    rows = (
        Appointment.objects.filter(
            position__village__in=villages, end_reason=Appointment.EndReason.DISMISSAL,
            ended_on__gte=period.starts_on, ended_on__lte=period.ends_on,
        )
        .order_by("ended_on")
        .values_list("position__village_id", "position__kind", "holder_name", "ended_on")
    )
    for village_id, kind, holder, ended_on in rows:
        listed[village_id].append(
            _("%(post)s %(name)s dismissed on %(day)s") % {
                "post": Position.Kind(kind).label, "name": holder, "day": _day(ended_on)}
        )
    villages = list(villages.values_list("pk", "town_id"))
    dismissed = _from_catalogue("villages.dismissals", [town for _pk, town in villages], period)
    readings = {}
    for pk, _town in villages:
        if dismissed.get(pk):
            readings[pk] = Reading(NO, _("%(count)d dismissed") % {"count": dismissed[pk]},
                                   "；".join(listed[pk]) + "。")
        else:
            readings[pk] = Reading(YES, _("none"), _("No cadre dismissed between %(start)s and %(end)s.")
                                   % {"start": _day(period.starts_on), "end": _day(period.ends_on)})
    return readings


def _ratio(part: int, whole: int) -> Decimal:
    return (Decimal(part) / whole).quantize(Decimal("0.0001")) if whole else NO


def _percent(part: int, whole: int) -> str:
    return f"{_ratio(part, whole) * 100:.1f}%" if whole else "—"


def _months_in(period: Period) -> list[datetime.date]:
    return [month.starts_on for month in period.months()]


@indicator("feedback_on_time", gettext_lazy("Association feedback on time"))
def feedback_on_time(villages: QuerySet, period: Period) -> dict[int, Reading]:
    """Monthly reports received by their due day, against the reports due from the members on the roll."""
    months = _months_in(period)
    on_roll = {f"m{m.month}": Count("pk", filter=Q(joined_on__lte=month_end(m))
                                    & (Q(left_on__isnull=True) | Q(left_on__gt=month_end(m)))) for m in months}
    expected = {row["village"]: sum(row[key] for key in on_roll)
                for row in AssociationMember.objects.filter(village__in=villages).values("village")
                .annotate(**on_roll).order_by()}
    received = dict(
        MonthlyFeedback.objects.filter(member__village__in=villages, month__in=months)
        .values("member__village").annotate(n=Count("pk", filter=Q(submitted_on__lte=F("due_on"))))
        .order_by().values_list("member__village", "n")
    )
    readings = {}
    for pk in villages.values_list("pk", flat=True):
        due, on_time = expected.get(pk, 0), received.get(pk, 0)
        readings[pk] = Reading(
            _ratio(on_time, due), _percent(on_time, due),
            _("%(on_time)d of %(due)d monthly reports from %(start)s to %(end)s received by their due day.")
            % {"on_time": on_time, "due": due, "start": _day(period.starts_on), "end": _day(period.ends_on)},
        )
    return readings


@indicator("contact_coverage", gettext_lazy("Households with a contact member"))
def contact_coverage(villages: QuerySet, period: Period) -> dict[int, Reading]:
    """Households registered and active at the end of the period that an association member served that day."""
    end = period.ends_on
    active = Household.objects.filter(village__in=villages, registered_on__lte=end).filter(
        Q(status=Household.Status.ACTIVE) | Q(status_changed_on__gt=end))
    served = ContactAssignment.objects.serving_on(end).filter(household=OuterRef("pk"))
    rows = {row["village"]: row for row in active.values("village").annotate(
        households=Count("pk"), covered=Count("pk", filter=Exists(served))).order_by()}
    readings = {}
    for pk in villages.values_list("pk", flat=True):
        row = rows.get(pk, {"households": 0, "covered": 0})
        readings[pk] = Reading(
            _ratio(row["covered"], row["households"]), _percent(row["covered"], row["households"]),
            _("%(covered)d of %(households)d active households had a contact member on %(day)s.")
            % {"covered": row["covered"], "households": row["households"], "day": _day(end)},
        )
    return readings


ABSENCE_COST = Decimal("0.1")  # of the training item's points, per absence
POST_ORDER = {kind: order for order, kind in enumerate(Position.Kind.values)}


@indicator("training_attendance", gettext_lazy("Attendance at the town's training"))
def training_attendance(villages: QuerySet, period: Period) -> dict[int, Reading]:
    """Absences of each village's invited post-holders from the classes of the period (one query): each costs a
    tenth of the item's points, until none are left. The records name who missed which class, with the note."""
    absences = defaultdict(list)
    invited = defaultdict(int)
    rows = (Invitation.objects.filter(village__in=villages, withdrawn=False, training__cancelled=False,
                                      training__starts_on__range=(period.starts_on, period.ends_on))
            .order_by("training__starts_on", "pk")
            .values_list("village_id", "attended", "name", "role", "training__topic", "training__starts_on",
                         "note"))
    labels = dict(Position.Kind.choices)
    rows = sorted(rows, key=lambda row: (row[5], POST_ORDER[row[3]]))  # by day, then post
    for village_id, attended, name, role, topic, day, note in rows:
        invited[village_id] += 1
        if attended is False:
            line = _("%(post)s %(name)s absent from %(topic)s on %(day)s") % {
                "post": labels[role], "name": name, "topic": topic, "day": _day(day)}
            absences[village_id].append(f"{line}（{note}）" if note else line)
    readings = {}
    for pk in villages.values_list("pk", flat=True):
        missed = absences.get(pk, [])
        figure = max(Decimal(0), 1 - ABSENCE_COST * len(missed))
        if missed:
            records = _("%(absent)d of %(invited)d invitations from %(start)s to %(end)s missed: ") % {
                "absent": len(missed), "invited": invited[pk], "start": _day(period.starts_on),
                "end": _day(period.ends_on)} + "；".join(missed) + "。"
            shown = _("%(count)d absent") % {"count": len(missed)}
        else:
            records = _("No absence from the %(invited)d invitations to training from %(start)s to %(end)s.") % {
                "invited": invited.get(pk, 0), "start": _day(period.starts_on),
                "end": _day(period.ends_on)}
            shown = _("none absent")
        readings[pk] = Reading(figure, shown, records)
    return readings
