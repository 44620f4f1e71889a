"""The honours' figures: model families by category, the "Top Ten Village Cadres" awarded and withdrawn, and the
Ping'an Villages.

A family counts in the period its selection was announced in, unless the title was withdrawn by the period's last
day; an award counts in the period of its ledger honour's decision, a withdrawal in the period of the ledger's
withdrawal (so a title given one year and withdrawn the next leaves the first year alone); a village is a Ping'an
Village on the period's last day if it was awarded on or before it and not revoked by then.
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from services.figures.common import LEVELS, TOPIC
from services.models import AppraisalResult, ModelFamily, PingAnVillage
from services.models.honours import FamilyCategory
from services.queries.honours import creations_for, families_for, results_for
from villages.catalogue import FLOW, Dimension, Figure, in_unit, register, register_years
from villages.periods import Period

CATEGORY = Dimension("category", _("category"), dict(FamilyCategory.choices))


def _standing(period: Period) -> Q:
    """Selections announced in the period whose title was not withdrawn by its last day."""
    return Q(announced_on__range=(period.starts_on, period.ends_on)) & (
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=period.ends_on))


def _families(town_id: int, period: Period):
    rows = (ModelFamily.objects.filter(_standing(period), town_id=town_id).values("village", "category")
            .annotate(n=Count("pk")).order_by())
    return [(row["village"], None, {"category": row["category"]}, row["n"]) for row in rows]


def _family_records(user, period: Period, level: str, unit: int | None):
    rows = families_for(user).filter(_standing(period)).order_by("announced_on", "village__code", "pk")
    return in_unit(rows, level, unit, group=None)


def _decided(period: Period, entry: str) -> dict:
    return {f"{entry}__decided_on__range": (period.starts_on, period.ends_on)}


def _results(entry: str):
    """Results whose ledger entry (the honour, or its withdrawal) was decided in the period."""
    def compute(town_id: int, period: Period):
        rows = (AppraisalResult.objects.filter(appraisal__town_id=town_id, **_decided(period, entry))
                .values("village").annotate(n=Count("pk")).order_by())
        return [(row["village"], None, None, row["n"]) for row in rows]

    def records(user, period: Period, level: str, unit: int | None):
        rows = results_for(user).filter(**_decided(period, entry)).order_by("rank", "pk")
        return in_unit(rows, level, unit, group=None)
    return compute, records


def _holding(period: Period) -> Q:
    day = period.ends_on
    return (Q(decided_on__lte=day, state__in=[PingAnVillage.State.AWARDED, PingAnVillage.State.REVOKED])
            & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)))


def _pingan(town_id: int, period: Period):
    villages = (PingAnVillage.objects.filter(_holding(period), town_id=town_id, year__lte=period.ends_on.year)
                .values_list("village", flat=True).distinct().order_by())
    return [(village, None, None, 1) for village in villages]


def _pingan_records(user, period: Period, level: str, unit: int | None):
    rows = creations_for(user).filter(_holding(period)).order_by("village__code", "-year")
    return in_unit(rows, level, unit, group=None)


_awarded, _awarded_records = _results("honour")
_withdrawn, _withdrawn_records = _results("withdrawal")

register(Figure(
    code="services.model_families", name=_("Model families selected"), unit=_("families"), compute=_families,
    kind=FLOW, levels=LEVELS, breakdowns=(CATEGORY,),
    definition=_("Families selected in the model-family selections (good mother-in-law, good daughter-in-law, "
                 "family planning model and others) announced in the period, by category; a title withdrawn by "
                 "the period's last day does not count."),
    records=_family_records, topic=TOPIC,
))
register(Figure(
    code="services.top_ten_awarded", name=_("Top Ten Village Cadres awarded"),
    unit=pgettext_lazy("unit", "cadres"), compute=_awarded, kind=FLOW, levels=LEVELS, about_people=False,
    definition=_("Cadres awarded in the \"Top Ten Village Cadres\" appraisal whose honour in the rewards and "
                 "sanctions ledger was decided in the period, by the village they serve; a later withdrawal does "
                 "not change the period the award counts in."),
    records=_awarded_records, topic=TOPIC,
))
register(Figure(
    code="services.top_ten_withdrawn", name=_("Top Ten Village Cadres awards withdrawn"),
    unit=pgettext_lazy("unit", "cadres"), compute=_withdrawn, kind=FLOW, levels=LEVELS, about_people=False,
    definition=_("\"Top Ten Village Cadres\" awards withdrawn by a decision of the period (the ledger's "
                 "withdrawal), whichever year the award was given in."),
    records=_withdrawn_records, topic=TOPIC,
))
register(Figure(
    code="services.pingan_villages", name=_("Ping'an Villages"), unit=_("villages"), compute=_pingan,
    levels=LEVELS, about_people=False,
    definition=_("Villages holding the Ping'an Village title on the period's last day: accepted and awarded on or "
                 "before it and not revoked by then. Applications still pending and those not passed do not "
                 "count."),
    records=_pingan_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    years = set(ModelFamily.objects.filter(town_id=town_id).annotate(y=ExtractYear("announced_on"))
                .values_list("y", flat=True).distinct())
    years |= set(PingAnVillage.objects.filter(town_id=town_id).values_list("year", flat=True).distinct())
    return years
