"""The demo town's assistance to families in difficulty.

From the town's report: "the Xunzi Village Family Planning Association launched members to establish a flower
seedling base … in the past year a total of 18 poor families in the village got rid of poverty with the help of the
association" — the base (started in the spring of the year before), eighteen of Xunzi's poor households taking part
from the demo year's spring and each lifted out of poverty on a day of it, through the registry's own action (the
registry plans them poor); and "in September the town association … raised 7,350 yuan and solved the urgent need
for schooling of the children of 34 families, 49 children" — 34 school-fee records paid from the September
fundraising, 150 yuan for each of the 49 children named. Besides: hardship grants at the Spring Festival and
village cadres paired with families.

Written through the services' actions (system work, no user), then the history dated to the days things
happened. Deterministic; idempotent (a town with assistance keeps it).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q

from demo.dating import aware, date_history, day_of
from demo.registry import XUNZI_LIFTED_THIS_YEAR
from demo.town import DEMO_YEAR
from members.models import Household, Person
from members.models.codes import CHILD_RELATIONS
from services.actions import assistance as actions
from services.models import Assistance, AssistanceProject, Fundraising
from villages.models import Appointment, Position, Town

Kind = Assistance.Kind
XUNZI = "荀子村"
BASE_STARTED = datetime.date(DEMO_YEAR - 1, 4, 8)
JOINED = datetime.date(DEMO_YEAR, 3, 1)
PER_CHILD = Decimal(150)
SCHOOL_FAMILIES, SCHOOL_CHILDREN = 34, 49
FEES_GIVEN = datetime.date(DEMO_YEAR, 9, 28)
GRANTS = [Decimal(800), Decimal(500), Decimal(1000), Decimal(600), Decimal(500), Decimal(800)]
PAIRINGS = 5


@transaction.atomic
def build(town: Town) -> int:
    """Build the town's assistance; returns the number of records written (0 if it has some already)."""
    if Assistance.objects.filter(town=town).exists():
        return 0
    written = _seedling_base(town)
    written += _school_fees(town)
    written += _grants_and_pairings(town)
    date_history(Assistance, day_of("given_on"), town=town)
    return written


def _seedling_base(town: Town) -> int:
    xunzi = town.villages.get(name=XUNZI)
    project = actions.start_project(
        town=town, village=xunzi, name="荀子村花卉苗木基地", started_on=BASE_STARTED, by=None,
        description="村计生协会发动会员创办花卉苗木基地，会长、理事分户联系计生贫困户，带领入股务工、学技术，"
                    "帮助计生贫困家庭脱贫致富。")
    date_history(AssistanceProject, day_of("started_on"), pk=project.pk)
    poor = list(Household.objects.filter(village=xunzi, status=Household.Status.ACTIVE,
                                         poverty=Household.Poverty.POOR).order_by("number"))
    lifted = poor[:XUNZI_LIFTED_THIS_YEAR]
    for index, household in enumerate(lifted):
        actions.join_project(project=project, household=household, joined_on=JOINED + datetime.timedelta(days=index),
                             helper_name="荀子村计生协会", by=None)
        lifted_on = datetime.date(DEMO_YEAR, 6 + index % 6, 5 + index)
        actions.record_out_of_poverty(household=household, lifted_on=lifted_on, version=None, by=None)
    # The registry's history of the change: on its reference date, after the row that registered them poor.
    Household.history.filter(id__in=[h.pk for h in lifted], poverty=Household.Poverty.LIFTED).update(
        history_date=aware(datetime.date(DEMO_YEAR, 12, 31), hour=12))
    # Two more families took part without getting out of poverty yet (still poor, or not registered poor).
    others = list(Household.objects.filter(village=xunzi, status=Household.Status.ACTIVE)
                  .exclude(pk__in=[h.pk for h in lifted]).order_by("number")[:2])
    for household in others:
        actions.join_project(project=project, household=household, joined_on=datetime.date(DEMO_YEAR, 7, 1),
                             helper_name="荀子村计生协会", by=None)
    return 1 + len(lifted) + len(others)


def _school_children(town: Town) -> dict[int, list[Person]]:
    """School-age children (born 2008-09 to 2019-08) still registered, by household, in households of one or two
    of them: the first 15 households with two and 19 with one, taken evenly across the town."""
    children = (Person.objects.filter(household__town=town, household__status=Household.Status.ACTIVE,
                                      status=Person.Status.ACTIVE, relation__in=CHILD_RELATIONS,
                                      birth_date__range=(datetime.date(2008, 9, 1), datetime.date(2019, 8, 31)))
                .order_by("household__village__code", "household__number", "birth_date", "pk"))
    by_household: dict[int, list[Person]] = {}
    for child in children:
        by_household.setdefault(child.household_id, []).append(child)
    twos = [h for h, kids in by_household.items() if len(kids) >= 2]
    ones = [h for h, kids in by_household.items() if len(kids) == 1]
    pairs = SCHOOL_CHILDREN - SCHOOL_FAMILIES
    chosen = {h: by_household[h][:2] for h in twos[::max(len(twos) // pairs, 1)][:pairs]}
    singles = SCHOOL_FAMILIES - len(chosen)
    chosen |= {h: by_household[h] for h in ones[::max(len(ones) // singles, 1)][:singles]}
    return chosen


def _school_fees(town: Town) -> int:
    drive = Fundraising.objects.filter(town=town, starts_on__year=DEMO_YEAR, starts_on__month=9).first()
    if drive is None:
        return 0
    chosen = _school_children(town)
    households = Household.objects.in_bulk(list(chosen))
    for pk, kids in chosen.items():
        actions.give_assistance(household=households[pk], kind=Kind.SCHOOL_FEES, given_on=FEES_GIVEN,
                                amount=PER_CHILD * len(kids), fundraising=drive, children=kids,
                                helper_name="镇计生协会", note="扶贫助学募捐", by=None)
    return len(chosen)


def _grants_and_pairings(town: Town) -> int:
    villages = list(town.villages.exclude(name=XUNZI).order_by("code"))
    written = 0
    for index, amount in enumerate(GRANTS):
        village = villages[(index * 7) % len(villages)]
        household = (Household.objects.filter(village=village, status=Household.Status.ACTIVE,
                                              poverty=Household.Poverty.POOR).order_by("number").first()
                     or Household.objects.filter(village=village, status=Household.Status.ACTIVE)
                     .order_by("number").first())
        actions.give_assistance(household=household, kind=Kind.HARDSHIP_GRANT,
                                given_on=datetime.date(DEMO_YEAR, 1, 20 + index), amount=amount,
                                helper_name="镇计生协会", note="春节走访慰问计生困难家庭", by=None)
        written += 1
    secretaries = (Appointment.objects.filter(position__village__town=town,
                                              position__kind=Position.Kind.PARTY_SECRETARY, started_on__lte=JOINED)
                   .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(DEMO_YEAR, 12, 31)))
                   .select_related("position__village").order_by("position__village__code")[:PAIRINGS * 3:3])
    for appointment in secretaries:
        household = (Household.objects.filter(village=appointment.position.village, status=Household.Status.ACTIVE)
                     .annotate(n=Count("people")).filter(n__lte=2).order_by("number").first())
        if household is None:
            continue
        actions.give_assistance(household=household, kind=Kind.PAIRING, given_on=datetime.date(DEMO_YEAR, 3, 15),
                                helper_name=appointment.holder_name, helper_appointment=appointment,
                                note="村干部结对帮扶计生困难家庭", by=None)
        written += 1
    return written
