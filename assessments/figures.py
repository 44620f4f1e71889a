"""The assessments' figures: misconduct cases, rewards and sanctions, and the villages' published results.

Cases count by the day they were reported, ledger entries by the day they were decided; an honour
withdrawn later is a sanction of the year it was withdrawn in and leaves the year it was given alone.
A village's result is its published assessment of the period (the year-end assessment for a year,
the quarter's for a quarter; months have none).
"""

from django.db.models import CharField, Count, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Case, LedgerEntry, PeriodCode, Scheme
from assessments.queries.scoping import assessments_for, cases_for, ledger_for
from villages.catalogue import FLOW, TOWN, VILLAGE, Dimension, Figure, in_unit, register, register_years
from villages.periods import MONTH, Period

TOPIC = _("Assessments, rewards and sanctions")
VILLAGE_LEVELS = (TOWN, VILLAGE)
Kind = LedgerEntry.Kind
REWARDS = tuple(LedgerEntry.REWARDS)
SANCTIONS = (Kind.HONOUR_WITHDRAWN, Kind.PARTY_DISCIPLINE, Kind.ECONOMIC_PENALTY, Kind.DISMISSAL, Kind.TOWN_NOTICE)
LABELS = dict(Kind.choices)
REWARD_KIND = Dimension("ledger_kind", _("kind of entry"), {kind.value: LABELS[kind] for kind in REWARDS})
SANCTION_KIND = Dimension("ledger_kind", _("kind of entry"), {kind.value: LABELS[kind] for kind in SANCTIONS})


def _inside(period: Period, field: str) -> Q:
    return Q(**{f"{field}__range": (period.starts_on, period.ends_on)})


# --- Misconduct cases ------------------------------------------------------------------------------

def _cases(town_id: int, period: Period):
    rows = (Case.objects.filter(_inside(period, "reported_on"), village__town_id=town_id).values("village")
            .annotate(n=Count("pk")).order_by())
    return [(row["village"], None, None, row["n"]) for row in rows]


def _villages_with_cases(town_id: int, period: Period):
    rows = (Case.objects.filter(_inside(period, "reported_on"), village__town_id=town_id)
            .values_list("village", flat=True).distinct().order_by())
    return [(village, None, None, 1) for village in rows]


def _case_records(user, period: Period, level: str, unit: int | None):
    return in_unit(cases_for(user).filter(_inside(period, "reported_on")), level, unit, group=None)


# --- The ledger --------------------------------------------------------------------------------------

def _entries(town_id: int, period: Period, kinds):
    return LedgerEntry.objects.filter(_inside(period, "decided_on"), village__town_id=town_id, kind__in=kinds)


def _by_kind(kinds):
    def compute(town_id: int, period: Period):
        rows = _entries(town_id, period, kinds).values("village", "kind").annotate(n=Count("pk")).order_by()
        return [(row["village"], None, {"ledger_kind": row["kind"]}, row["n"]) for row in rows]
    return compute


def _people(kind: str):
    """One per person named in the village's entries of `kind`: the cadre's appointment where the entry has
    one, else the name (town cadres and others without an appointment)."""
    person = Concat(Coalesce(Cast("appointment_id", CharField()), Value("")), Value(":"), "person_name",
                    output_field=CharField())

    def compute(town_id: int, period: Period):
        rows = (_entries(town_id, period, [kind]).exclude(person_name="").values("village")
                .annotate(n=Count(person, distinct=True)).order_by())
        return [(row["village"], None, None, row["n"]) for row in rows]
    return compute


def _ledger_records(kinds, *, named: bool = False):
    def records(user, period: Period, level: str, unit: int | None):
        rows = ledger_for(user).filter(_inside(period, "decided_on"), kind__in=kinds)
        return in_unit(rows.exclude(person_name="") if named else rows, level, unit, group=None)
    return records


# --- Published results ---------------------------------------------------------------------------------

def _published(queryset, period: Period):
    if period.kind == MONTH:
        return queryset.none()
    return queryset.filter(scheme__year=period.year, period=PeriodCode.of(period), total__isnull=False,
                           scheme__subject=Scheme.Subject.VILLAGE, status=Assessment.Status.PUBLISHED)


def _assessed(town_id: int, period: Period):
    rows = _published(Assessment.objects.filter(scheme__town_id=town_id), period).values_list("village", flat=True)
    return [(village, None, None, 1) for village in rows]


def _points(town_id: int, period: Period):
    rows = (_published(Assessment.objects.filter(scheme__town_id=town_id), period).values("village")
            .annotate(total=Sum("total")).order_by())
    return [(row["village"], None, None, row["total"]) for row in rows]


def _result_records(user, period: Period, level: str, unit: int | None):
    return in_unit(_published(assessments_for(user), period), level, unit, group=None)


register(Figure(
    code="assessments.cases", name=_("Misconduct cases reported"), unit=_("cases"), compute=_cases, kind=FLOW,
    levels=VILLAGE_LEVELS,
    definition=_("Misconduct cases (concealed or falsified records, failures of management responsibility…) "
                 "reported on a day inside the period, whatever their outcome, including those later closed as "
                 "unfounded. Cases reported earlier and decided in the period are not counted."),
    records=_case_records, topic=TOPIC,
))
register(Figure(
    code="assessments.villages_with_cases", name=_("Villages with misconduct cases"), unit=_("villages"),
    compute=_villages_with_cases, kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Villages with at least one misconduct case reported on a day inside the period."),
    records=_case_records, topic=TOPIC,
))
register(Figure(
    code="assessments.party_discipline", name=_("Cadres given party discipline"), unit=_("people"),
    compute=_people(Kind.PARTY_DISCIPLINE), kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("People given party discipline by a decision in the rewards and sanctions ledger dated inside the "
                 "period, each once per village however many decisions concern them."),
    records=_ledger_records([Kind.PARTY_DISCIPLINE], named=True), topic=TOPIC,
))
register(Figure(
    code="assessments.economic_penalties", name=_("People with economic consequences"), unit=_("people"),
    compute=_people(Kind.ECONOMIC_PENALTY), kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Town and village cadres and others responsible who were given an economic penalty (a deduction "
                 "from a subsidy or bonus) by a decision in the ledger dated inside the period, each once per "
                 "village. Penalties on a village as a whole, naming nobody, are not counted."),
    records=_ledger_records([Kind.ECONOMIC_PENALTY], named=True), topic=TOPIC,
))
register(Figure(
    code="assessments.rewards", name=_("Rewards decided"), unit=_("decisions"), compute=_by_kind(REWARDS),
    kind=FLOW, levels=VILLAGE_LEVELS, breakdowns=(REWARD_KIND,),
    definition=_("Entries of the rewards and sanctions ledger that reward a village or a cadre (commendations, "
                 "bonuses, honours) decided on a day inside the period. An honour withdrawn later still counts "
                 "in the period it was given."),
    records=_ledger_records(REWARDS), about_people=False, topic=TOPIC,
))
register(Figure(
    code="assessments.sanctions", name=_("Sanctions decided"), unit=_("decisions"), compute=_by_kind(SANCTIONS),
    kind=FLOW, levels=VILLAGE_LEVELS, breakdowns=(SANCTION_KIND,),
    definition=_("Entries of the rewards and sanctions ledger that sanction a village or a person (honours "
                 "withdrawn, party discipline, economic penalties, dismissals, town-wide notices) decided on a "
                 "day inside the period, one per decision."),
    records=_ledger_records(SANCTIONS), topic=TOPIC,
))
register(Figure(
    code="assessments.assessed", name=_("Villages with a published result"), unit=_("villages"),
    compute=_assessed, kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Villages whose assessment of village work for the period (the year-end assessment for a year, "
                 "the quarter's for a quarter) is published. Months are not assessed."),
    records=_result_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="assessments.points", name=_("Assessment points"), unit=_("points"), compute=_points, kind=FLOW,
    levels=VILLAGE_LEVELS,
    definition=_("The total points of the published assessments of village work for the period: a village's "
                 "result, and for the town the sum of the villages' results (read the average instead)."),
    records=_result_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="assessments.average_points", name=_("Average assessment result"), unit=_("points"),
    numerator="assessments.points", denominator="assessments.assessed", factor=1, decimals=1,
    levels=VILLAGE_LEVELS,
    definition=_("Assessment points divided by the villages with a published result: a village's own result, "
                 "and the town's average."),
    about_people=False, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    cases = (Case.objects.filter(village__town_id=town_id).annotate(year=ExtractYear("reported_on"))
             .values_list("year", flat=True).distinct().order_by())
    entries = (LedgerEntry.objects.filter(village__town_id=town_id).annotate(year=ExtractYear("decided_on"))
               .values_list("year", flat=True).distinct().order_by())
    schemes = Scheme.objects.filter(town_id=town_id).values_list("year", flat=True).distinct().order_by()
    return set(cases) | set(entries) | set(schemes)
