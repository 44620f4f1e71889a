"""The registry's figures: people and households in the register, married women of childbearing age,
births by order, the period's vital events, and family categories — each as of a date or over a
period, from the ledger of vital events and the dated records (members.queries_asof)."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from members import queries_asof
from members.ages import born_between_for_ages
from members.models import FamilyCategory, Household, Person, VitalEvent
from members.models.codes import MARRIED_STATUSES
from members.queries import events_for, households_for, people_for
from villages.catalogue import AGE_BAND, BIRTH_ORDER, FLOW, SEX, Dimension, Figure, in_unit, register, register_years
from villages.periods import Period
from villages.queries import town_id_of

TOPIC = _("Population and family planning")
FAMILY_CATEGORY = Dimension("category", _("family category"), dict(FamilyCategory.Category.choices))
CONTRACEPTION_METHOD = Dimension("method", _("contraception method"),
                                 {code: label for code, label in Person.Contraception.choices if code})
Kind = VitalEvent.Kind


def _order(order: int | None) -> str:
    return "3+" if order and order >= 3 else str(order or "")


def _population(town_id: int, period: Period):
    counts = queries_asof.registered_people(town_id, period.ends_on, by=("sex", "age_band"))
    return [(village, group, {"sex": sex, "age_band": band}, n) for (village, group, sex, band), n in counts.items()]


def _households(town_id: int, period: Period):
    return [(village, group, None, n) for (village, group), n in
            queries_asof.households(town_id, period.ends_on).items()]


def _married_women(town_id: int, period: Period):
    return [(village, group, None, n) for (village, group), n in
            queries_asof.married_women_of_childbearing_age(town_id, period.ends_on).items()]


def _births(town_id: int, period: Period):
    counts = queries_asof.births(town_id, period.starts_on, period.ends_on, by=("birth_order", "sex"))
    return [(village, group, {"order": _order(order), "sex": sex}, n)
            for (village, group, order, sex), n in counts.items()]


def _events(kind: str):
    def compute(town_id: int, period: Period):
        rows = (VitalEvent.objects.filter(village__town_id=town_id, kind=kind, voided_on__isnull=True,
                                          occurred_on__range=(period.starts_on, period.ends_on))
                .values("village", "household__group").annotate(n=Count("pk")).order_by())
        return [(row["village"], row["household__group"], None, row["n"]) for row in rows]
    return compute


def _categories(town_id: int, period: Period):
    day = period.ends_on
    rows = (FamilyCategory.objects.held_on(day)
            .filter(Q(household__status=Household.Status.ACTIVE) | Q(household__status_changed_on__gt=day),
                    household__town_id=town_id, household__registered_on__lte=day)
            .values("household__village", "household__group", "category").annotate(n=Count("pk")).order_by())
    return [(row["household__village"], row["household__group"], {"category": row["category"]}, row["n"])
            for row in rows]


def _contraception(town_id: int, period: Period):
    """Measures begun in the period, by method, counted in the woman's household: from the date recorded on her
    record (contraception_since). A measure replaced later by another is counted by the one recorded now."""
    rows = (Person.objects.filter(town_id=town_id, contraception_since__range=(period.starts_on, period.ends_on))
            .exclude(contraception="").values("household__village", "household__group", "contraception")
            .annotate(n=Count("pk")).order_by())
    return [(row["household__village"], row["household__group"], {"method": row["contraception"]}, row["n"])
            for row in rows]


def _people_records(user, period: Period, level: str, unit: int | None, *, married_women: bool = False):
    day = period.ends_on
    people = queries_asof.in_register(town_id_of(user), day).filter(pk__in=people_for(user).values("pk"))
    if married_women:
        born_after, born_by = born_between_for_ages(day, 15, 49)
        people = (people.filter(sex=Person.Sex.FEMALE, birth_date__gt=born_after, birth_date__lte=born_by)
                  .annotate(marital_on=queries_asof.marital_status_on(day)).filter(marital_on__in=MARRIED_STATUSES))
    return in_unit(people.select_related("household").order_by("household__number", "birth_date"), level, unit,
                   village="village_on", group="group_on")


def _household_records(user, period: Period, level: str, unit: int | None):
    day = period.ends_on
    rows = households_for(user).filter(Q(status=Household.Status.ACTIVE) | Q(status_changed_on__gt=day),
                                       registered_on__lte=day)
    return in_unit(rows.select_related("village").order_by("village__code", "number"), level, unit)


def _event_records(*kinds: str):
    def records(user, period: Period, level: str, unit: int | None):
        rows = events_for(user).filter(kind__in=kinds, voided_on__isnull=True,
                                       occurred_on__range=(period.starts_on, period.ends_on))
        return in_unit(rows.select_related("person", "household").order_by("occurred_on", "pk"), level, unit,
                       group="household__group")
    return records


register(Figure(
    code="members.population", name=_("Registered population"), unit=_("people"), compute=_population,
    breakdowns=(SEX, AGE_BAND),
    definition=_("People in the register on the period's last day: entered by a birth, a move in, an adoption or "
                 "a first registration recorded by then, and not removed by a death or a move out recorded by "
                 "then. Counted in the household (village, group) of their latest entry; age on that day."),
    records=_people_records, topic=TOPIC,
))
register(Figure(
    code="members.households", name=_("Registered households"), unit=_("households"), compute=_households,
    about_people=False,
    definition=_("Households in the register on the period's last day: registered by then and not moved out or "
                 "dissolved before it."),
    records=_household_records, topic=TOPIC,
))
register(Figure(
    code="members.married_women", name=_("Married women of childbearing age"), unit=_("people"),
    compute=_married_women,
    definition=_("Women in the register on the period's last day, aged 15 to 49 that day, whose marital status "
                 "that day — from the latest marriage or divorce before it, or their status when entered in the "
                 "register — is married (first marriage or remarriage)."),
    records=lambda user, period, level, unit: _people_records(user, period, level, unit, married_women=True),
    topic=TOPIC,
))
register(Figure(
    code="members.births", name=_("Births"), unit=_("children"), compute=_births, kind=FLOW,
    breakdowns=(BIRTH_ORDER, SEX),
    definition=_("Children born during the period to mothers of the town, by the date of birth (a birth recorded "
                 "late counts in the period it happened), voided entries left out. The order is the child's "
                 "among the mother's births, adopted children not counted."),
    records=_event_records(Kind.BIRTH), topic=TOPIC,
))
for _kind, _name, _definition in (
    (Kind.DEATH, _("Deaths"), _("Deaths of registered people that happened during the period.")),
    (Kind.MARRIAGE, _("Marriages"), _("Marriages of registered people that happened during the period (one per "
                                       "person recorded; a couple both registered in the town counts twice).")),
    (Kind.DIVORCE, _("Divorces"), _("Divorces of registered people that happened during the period.")),
    (Kind.MOVE_IN, _("Moves into the town"), _("People who moved into the town during the period.")),
    (Kind.MOVE_OUT, _("Moves out of the town"), _("Registered people who moved out of the town during the "
                                                   "period.")),
):
    register(Figure(
        code=f"members.{_kind}s", name=_name, unit=_("people"), compute=_events(_kind), kind=FLOW,
        definition=_definition, records=_event_records(_kind), topic=TOPIC,
    ))
register(Figure(
    code="members.family_categories", name=_("Households by family category"), unit=_("households"),
    compute=_categories, breakdowns=(FAMILY_CATEGORY,), about_people=False,
    definition=_("Households in the register on the period's last day, each counted once in every family category "
                 "it held that day (one-child, two-daughter, …); the total counts a household once per category."),
    topic=TOPIC,
))

register(Figure(
    code="members.contraception_started", name=_("Contraception measures begun"), unit=_("people"),
    compute=_contraception, kind=FLOW, breakdowns=(CONTRACEPTION_METHOD,), aggregate_safe=False,
    definition=_("Women of the town whose current contraception measure, as recorded on their record, began on a "
                 "day inside the period, by method. A measure begun in the period and replaced since is counted "
                 "by the measure recorded now. Public documents print these counts only from five upwards."),
    topic=TOPIC,
))


@register_years
def _years(town_id: int):
    return set(VitalEvent.objects.filter(village__town_id=town_id).exclude(kind=Kind.REGISTERED)
               .annotate(year=F("occurred_on__year")).values_list("year", flat=True).distinct())
