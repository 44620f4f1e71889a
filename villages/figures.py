"""The villages' figures: villages and groups, self-government, designations and the village teams."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from villages.catalogue import FLOW, TOWN, VILLAGE, Dimension, Figure, in_unit, register, register_years
from villages.models import Appointment, CandidateVetting, Designation, Position, Village, VillagerGroup
from villages.periods import Period
from villages.queries import appointments_for, designations_for, groups_for, vettings_for, villages_for

TOPIC = _("Villages and self-government")
VILLAGE_LEVELS = (TOWN, VILLAGE)


def _per_village(queryset, town_id: int):
    rows = queryset.filter(town_id=town_id).values("pk")
    return [(row["pk"], None, None, 1) for row in rows]


def _villages(town_id: int, period: Period):
    return _per_village(Village.objects.all(), town_id)


def _groups(town_id: int, period: Period):
    rows = (VillagerGroup.objects.filter(village__town_id=town_id).values("village")
            .annotate(n=Count("pk")).order_by())
    return [(row["village"], None, None, row["n"]) for row in rows]


def _declared(town_id: int, period: Period):
    return _per_village(Village.objects.filter(self_government_declared_on__lte=period.ends_on), town_id)


def _declared_before(town_id: int, period: Period):
    day_before = period.starts_on - datetime.timedelta(days=1)
    return _per_village(Village.objects.filter(self_government_declared_on__lte=day_before), town_id)


def _declared_during(town_id: int, period: Period):
    return _per_village(Village.objects.filter(self_government_declared_on__range=(period.starts_on, period.ends_on)),
                        town_id)


def _regulations(town_id: int, period: Period):
    return _per_village(Village.objects.filter(regulations_adopted_on__lte=period.ends_on), town_id)


def _designations(kind: str):
    def compute(town_id: int, period: Period):
        rows = Designation.objects.filter(village__town_id=town_id, kind=kind, year=period.year,
                                          decided_on__lte=period.ends_on).values_list("village", flat=True)
        return [(village, None, None, 1) for village in rows]
    return compute


POST = Dimension("post", _("post"), dict(Position.Kind.choices))


def _dismissed(town_id: int, period: Period, **filters):
    return (Appointment.objects.filter(position__village__town_id=town_id, end_reason=Appointment.EndReason.DISMISSAL,
                                       ended_on__range=(period.starts_on, period.ends_on), **filters)
            .values("position__village", "position__kind").annotate(n=Count("pk")).order_by())


def _dismissals(town_id: int, period: Period):
    return [(row["position__village"], None, {"post": row["position__kind"]}, row["n"])
            for row in _dismissed(town_id, period)]


def _specialists_dismissed(town_id: int, period: Period):
    return [(row["position__village"], None, None, row["n"])
            for row in _dismissed(town_id, period, position__kind=Position.Kind.SPECIALIST)]


def _rejected(town_id: int, period: Period):
    rows = (CandidateVetting.objects.filter(village__town_id=town_id, decision=CandidateVetting.Decision.REJECTED,
                                            decided_on__range=(period.starts_on, period.ends_on))
            .values("village").annotate(n=Count("pk")).order_by())
    return [(row["village"], None, None, row["n"]) for row in rows]


def _village_records(condition):
    def records(user, period: Period, level: str, unit: int | None):
        return in_unit(villages_for(user).filter(condition(period)), level, unit, village="pk", group="groups")
    return records


def _designation_records(kind: str):
    def records(user, period: Period, level: str, unit: int | None):
        return in_unit(designations_for(user).filter(kind=kind, year=period.year, decided_on__lte=period.ends_on)
                        .select_related("village"), level, unit)
    return records


def _dismissal_records(user, period: Period, level: str, unit: int | None, **filters):
    rows = appointments_for(user).filter(end_reason=Appointment.EndReason.DISMISSAL,
                                         ended_on__range=(period.starts_on, period.ends_on), **filters)
    return in_unit(rows.select_related("position__village"), level, unit, village="position__village", group=None)


def _rejected_records(user, period: Period, level: str, unit: int | None):
    rows = vettings_for(user).filter(decision=CandidateVetting.Decision.REJECTED,
                                     decided_on__range=(period.starts_on, period.ends_on))
    return in_unit(rows.select_related("village"), level, unit)


def _group_records(user, period: Period, level: str, unit: int | None):
    return in_unit(groups_for(user).select_related("village"), level, unit, group="pk")


register(Figure(
    code="villages.villages", name=_("Villages"), unit=_("villages"), compute=_villages, levels=VILLAGE_LEVELS,
    definition=_("Administrative villages of the town. Villages have no founding or dissolution dates in the "
                 "register, so every village on record is counted for every period."),
    records=_village_records(lambda period: Q()), about_people=False, topic=TOPIC,
))
register(Figure(
    code="villages.groups", name=_("Villager groups"), unit=_("groups"), compute=_groups, levels=VILLAGE_LEVELS,
    definition=_("Villager groups (村民小组) of the town's villages."),
    records=_group_records, about_people=False, topic=TOPIC,
))
register(Figure(
    code="villages.declared_before", name=_("Villages declared for self-government before the period"),
    unit=_("villages"), compute=_declared_before, levels=VILLAGE_LEVELS,
    definition=_("Villages that had declared villager self-government in family planning before the period "
                 "began (declaration date before its first day)."),
    records=_village_records(lambda p: Q(self_government_declared_on__lt=p.starts_on)), about_people=False,
    topic=TOPIC,
))
register(Figure(
    code="villages.declared_during", name=_("Villages declaring self-government in the period"),
    unit=_("villages"), compute=_declared_during, kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Villages whose declaration of villager self-government is dated inside the period."),
    records=_village_records(lambda p: Q(self_government_declared_on__range=(p.starts_on, p.ends_on))),
    about_people=False, topic=TOPIC,
))
register(Figure(
    code="villages.declared", name=_("Villages with self-government declared"), unit=_("villages"),
    compute=_declared, levels=VILLAGE_LEVELS,
    definition=_("Villages that had declared villager self-government by the period's last day."),
    records=_village_records(lambda p: Q(self_government_declared_on__lte=p.ends_on)), about_people=False,
    topic=TOPIC,
))
register(Figure(
    code="villages.regulations", name=_("Villages with self-government regulations"), unit=_("villages"),
    compute=_regulations, levels=VILLAGE_LEVELS,
    definition=_("Villages whose villagers' self-government regulations had been adopted by the period's last "
                 "day."),
    records=_village_records(lambda p: Q(regulations_adopted_on__lte=p.ends_on)), about_people=False, topic=TOPIC,
))
for _kind, _name, _definition in (
    (Designation.Kind.DEMONSTRATION, _("Demonstration villages"),
     _("Villages designated self-government demonstration villages for the period's year.")),
    (Designation.Kind.QUALIFIED, _("Qualified villages"),
     _("Villages designated self-government qualified villages for the period's year.")),
    (Designation.Kind.LAGGING, _("Lagging villages under key management"),
     _("Villages listed as lagging and put under key management for the period's year.")),
):
    register(Figure(
        code=f"villages.designated_{_kind}", name=_name, unit=_("villages"), compute=_designations(_kind),
        kind=FLOW, levels=VILLAGE_LEVELS, definition=_definition, records=_designation_records(_kind),
        about_people=False, topic=TOPIC,
    ))
register(Figure(
    code="villages.dismissals", name=_("Village cadres dismissed"), unit=_("people"), compute=_dismissals,
    kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Appointments to the village teams ended by dismissal on a day inside the period."),
    records=_dismissal_records, breakdowns=(POST,), topic=TOPIC,
))
register(Figure(
    code="villages.specialists_dismissed", name=_("Family planning specialists dismissed"), unit=_("people"),
    compute=_specialists_dismissed, kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Village family planning specialists (村计生专干) whose appointment ended by dismissal on a day "
                 "inside the period."),
    records=lambda user, period, level, unit: _dismissal_records(user, period, level, unit,
                                                                 position__kind=Position.Kind.SPECIALIST),
    topic=TOPIC,
))
register(Figure(
    code="villages.rejected_candidates", name=_("Candidates rejected in vetting"), unit=_("people"),
    compute=_rejected, kind=FLOW, levels=VILLAGE_LEVELS,
    definition=_("Candidates for the village teams whose family planning record vetting, decided inside the "
                 "period, rejected them."),
    records=_rejected_records, topic=TOPIC,
))


@register_years
def _years(town_id: int):
    designations = Designation.objects.filter(village__town_id=town_id).values_list("year", flat=True).distinct()
    return set(designations)
