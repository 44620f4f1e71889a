"""The assistance figures: families helped by kind, the money given, the children kept in school, the households
taking part in projects, and the families out of poverty.

Assistance counts from its own dates (the day money was given, the days a pairing or a participation ran); a record
voided after the period still counts in it, so a past period's figure does not move. Families out of poverty are
read from the registry's poverty history, not from a copy kept with the assistance: the day each household's
poverty status became 'lifted out of poverty' (the `poverty_since` its history says, corrected when a later row
corrects that date while the status stays lifted). A household that falls back into poverty later still got out
of it in the period it did.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from members.models import Household
from members.queries import households_for
from services.figures.common import LEVELS, TOPIC, YUAN
from services.models import Assistance
from services.models.assistance import MONEY_KINDS, AssistanceKind
from services.queries.assistance import records_for
from villages.catalogue import FLOW, Dimension, Figure, in_unit, register, register_years
from villages.periods import Period

KIND = Dimension("kind", _("kind of assistance"), dict(AssistanceKind.choices))
MONEY_KIND = Dimension("kind", _("kind of assistance"), {code: label for code, label in AssistanceKind.choices
                                                          if code in MONEY_KINDS})
HELPED = Dimension("helped", _("assistance"), {"assisted": _("with assistance recorded"),
                                               "other": _("without assistance recorded")})
LIFTED = Household.Poverty.LIFTED


def _counting(period: Period) -> Q:
    """Not voided by the period's last day."""
    return Q(voided_on__isnull=True) | Q(voided_on__gt=period.ends_on)


def _in_force(period: Period) -> Q:
    """Given in the period (money), or running some day of it (pairings, participations)."""
    start, end = period.starts_on, period.ends_on
    running = Q(given_on__lte=end) & (Q(until__isnull=True) | Q(until__gte=start)) & ~Q(kind__in=MONEY_KINDS)
    return _counting(period) & (Q(given_on__range=(start, end)) | running)


def _families(town_id: int, period: Period):
    rows = (Assistance.objects.filter(_in_force(period), town_id=town_id).values("village", "kind")
            .annotate(total=Count("household", distinct=True)).order_by())
    return [(row["village"], None, {"kind": row["kind"]}, row["total"]) for row in rows]


def _amount(town_id: int, period: Period):
    rows = (Assistance.objects.filter(_in_force(period), town_id=town_id, kind__in=MONEY_KINDS)
            .values("village", "kind").annotate(total=Sum("amount")).order_by())
    return [(row["village"], None, {"kind": row["kind"]}, row["total"]) for row in rows]


def _children(town_id: int, period: Period):
    rows = (Assistance.objects.filter(_in_force(period), town_id=town_id, kind=AssistanceKind.SCHOOL_FEES)
            .values("village").annotate(total=Count("children", distinct=True)).order_by())
    return [(row["village"], None, None, row["total"]) for row in rows]


def _project_households(town_id: int, period: Period):
    rows = (Assistance.objects.filter(_in_force(period), town_id=town_id, kind=AssistanceKind.PROJECT)
            .values("village").annotate(total=Count("household", distinct=True)).order_by())
    return [(row["village"], None, None, row["total"]) for row in rows]


def liftings(town_id: int) -> dict[int, list[tuple[int, datetime.date]]]:
    """Each household's days out of poverty from its history: {household: [(village, day), …]} — a row saying
    'lifted' after one that did not starts a lifting, a later 'lifted' row with another date corrects it."""
    ever = Household.history.filter(town_id=town_id, poverty=LIFTED).values("id")
    rows = (Household.history.filter(town_id=town_id, id__in=ever).order_by("id", "history_date", "history_id")
            .values_list("id", "village_id", "poverty", "poverty_since"))
    found: dict = defaultdict(list)
    before: dict = {}
    for household, village, poverty, since in rows:
        if poverty == LIFTED and since is not None:
            if before.get(household) == LIFTED and found[household]:
                found[household][-1] = (village, since)
            else:
                found[household].append((village, since))
        before[household] = poverty
    return found


def _lifted_in(town_id: int, period: Period) -> dict[int, tuple[int, datetime.date]]:
    """{household: (village, day)} of the households out of poverty in the period (their last lifting in it)."""
    start, end = period.starts_on, period.ends_on
    return {household: days[-1] for household, all_days in liftings(town_id).items()
            if (days := [(v, d) for v, d in all_days if start <= d <= end])}


def _out_of_poverty(town_id: int, period: Period):
    lifted = _lifted_in(town_id, period)
    first_help = dict(Assistance.objects.filter(_counting(period), town_id=town_id, household__in=list(lifted))
                      .values("household").annotate(first=Min("given_on")).values_list("household", "first"))
    rows: dict = defaultdict(int)
    for household, (village, day) in lifted.items():
        helped = "assisted" if first_help.get(household) and first_help[household] <= day else "other"
        rows[(village, helped)] += 1
    return [(village, None, {"helped": helped}, total) for (village, helped), total in rows.items()]


def _records(*, kinds=None):
    def records(user, period: Period, level: str, unit: int | None):
        rows = records_for(user).filter(_in_force(period))
        if kinds is not None:
            rows = rows.filter(kind__in=kinds)
        return in_unit(rows.order_by("given_on", "pk"), level, unit, group=None)
    return records


def _lifted_records(user, period: Period, level: str, unit: int | None):
    from villages.queries import town_id_of

    lifted = _lifted_in(town_id_of(user), period)
    rows = households_for(user).filter(pk__in=list(lifted)).select_related("village").order_by("village__code",
                                                                                                "number")
    return in_unit(rows, level, unit)


register(Figure(
    code="services.assistance_families", name=_("Families helped"), unit=_("families"), compute=_families,
    kind=FLOW, levels=LEVELS, breakdowns=(KIND,),
    definition=_("Households given school fees or a hardship grant in the period, or paired with a cadre or member "
                 "or taking part in an assistance project some day of it, by kind of assistance. A family helped "
                 "in two ways counts once in each kind, so the total adds up the kinds. Records voided after the "
                 "period still count in it."),
    records=_records(), topic=TOPIC,
))
register(Figure(
    code="services.assistance_amount", name=_("Money given to families in difficulty"), unit=YUAN,
    compute=_amount, kind=FLOW, levels=LEVELS, breakdowns=(MONEY_KIND,), about_people=False,
    definition=_("School fees and hardship grants given to households in the period, by kind."),
    records=_records(kinds=MONEY_KINDS), topic=TOPIC,
))
register(Figure(
    code="services.school_fee_children", name=_("Children kept in school with school fees"), unit=_("children"),
    compute=_children, kind=FLOW, levels=LEVELS,
    definition=_("The children named on the school fees given to their households in the period, each once."),
    records=_records(kinds=[AssistanceKind.SCHOOL_FEES]), topic=TOPIC,
))
register(Figure(
    code="services.project_households", name=_("Households taking part in assistance projects"),
    unit=_("households"), compute=_project_households, kind=FLOW, levels=LEVELS,
    definition=_("Households taking part in an assistance project (such as a seedling base) some day of the "
                 "period: joined on or before its last day and not left before its first."),
    records=_records(kinds=[AssistanceKind.PROJECT]), topic=TOPIC,
))
register(Figure(
    code="services.out_of_poverty", name=_("Families out of poverty"), unit=_("families"),
    compute=_out_of_poverty, kind=FLOW, levels=LEVELS, breakdowns=(HELPED,),
    definition=_("Households whose poverty status in the registry became 'lifted out of poverty' with a date in "
                 "the period, read from the household's history (a corrected date counts, not the first one "
                 "entered). Those with assistance recorded on or before that day are shown apart from the others. "
                 "A household that fell back into poverty later still counts in the period it got out."),
    records=_lifted_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    return set(Assistance.objects.filter(town_id=town_id).annotate(y=ExtractYear("given_on"))
               .values_list("y", flat=True).distinct())
