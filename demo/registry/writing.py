"""Writing the planned population: bulk inserts, parents before children, then the events."""

import datetime
import random
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from demo.dating import day_of
from demo.registry.constants import BASELINE, BATCH, REFERENCE_DATE
from demo.registry.planning import ACTIVE, DECEASED, MOVED_OUT, M, Planned, PlannedHousehold
from demo.town import current_profile
from members.identity import fictitious_id_number
from members.models import FamilyCategory, Household, MaritalStatus, Person, VitalEvent
from villages.models import Town


def write_households(town: Town, households) -> None:
    rows = []
    for planned in households:
        planned.obj = Household(
            town=town, village=planned.village, group_id=planned.group_id, number=planned.number,
            address=planned.address, registered_on=BASELINE, poverty=planned.poverty,
            poverty_since=planned.poverty_since)
        if planned.moved_out_on:
            planned.obj.status = Household.Status.MOVED_OUT
            planned.obj.status_changed_on = planned.moved_out_on
            planned.obj.status_reason = "全户迁往外省务工定居"
        rows.append(planned.obj)
    bulk_create_with_history(rows, Household, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def write_people(town: Town, households) -> int:
    serials = Counter()
    newborn_without_id = REFERENCE_DATE - datetime.timedelta(days=60)
    region = current_profile().id_region
    by_generation = defaultdict(list)
    for planned in households:
        for person in planned.people:
            by_generation[person.generation].append((planned, person))
    orders = _birth_orders(by_generation)
    for generation in sorted(by_generation):
        rows = []
        for planned, person in by_generation[generation]:
            serials[(person.born, person.sex)] += 1
            status, status_on = person.status, person.status_on
            person.obj = Person(
                town=town, household=planned.obj, name=person.name, sex=person.sex, birth_date=person.born,
                id_number="" if person.born > newborn_without_id else
                fictitious_id_number(person.born, person.sex, serials[(person.born, person.sex)], region=region),
                relation=person.relation, marital_status=person.marital,
                mother=person.mother.obj if person.mother else None,
                father=person.father.obj if person.father else None,
                status=status, status_changed_on=status_on,
                status_reason=_status_reason(status, planned), died_on=status_on if status == DECEASED else None,
                contraception=person.contraception, contraception_since=person.contraception_since,
                pregnancy=Person.Pregnancy.PREGNANT if person.pregnant_since else "",
                pregnancy_noted_on=person.pregnant_since, birth_order=orders.get(id(person)))
            rows.append(person.obj)
        bulk_create_with_history(rows, Person, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    return sum(len(rows) for rows in by_generation.values())


def _birth_orders(by_generation) -> dict[int, int]:
    """Each child's order among its mother's births, in the order the rows will be written (as
    members.actions.recompute_birth_orders would find it), so no row needs updating afterwards."""
    children = defaultdict(list)
    sequence = 0
    for generation in sorted(by_generation):
        for _planned, person in by_generation[generation]:
            sequence += 1
            if person.mother is not None:
                children[id(person.mother)].append((person.born, sequence, person))
    return {id(child): order for births in children.values()
            for order, (_born, _sequence, child) in enumerate(sorted(births, key=lambda b: b[:2]), start=1)}


def _status_reason(status: str, planned: PlannedHousehold) -> str:
    if status == DECEASED:
        return "病故"
    if status == MOVED_OUT:
        return "全户迁往外省务工定居" if planned.moved_out_on else "外出务工或婚嫁迁出"
    return ""


def _recorded(planner_rng: random.Random, occurred: datetime.date) -> datetime.date:
    """Most events are recorded within weeks; one in eight is reported months late."""
    delay = planner_rng.randint(60, 200) if planner_rng.random() < 0.125 else planner_rng.randint(2, 25)
    return min(occurred + datetime.timedelta(days=delay), REFERENCE_DATE)


def write_events(households) -> None:
    rng = current_profile().rng(7)
    rows = []
    for planned in households:
        household = planned.obj
        for person in planned.people:
            rows += _events_of(rng, planned, household, person)
    VitalEvent.objects.bulk_create(rows, batch_size=BATCH)


def _event(household, person, kind, occurred, recorded, change, **extra) -> VitalEvent:
    return VitalEvent(village_id=household.village_id, household=household, person=person.obj, kind=kind,
                      occurred_on=occurred, recorded_on=recorded, change=change, **extra)


def _events_of(rng, planned, household, person: Planned) -> list[VitalEvent]:
    rows = []
    left_before_baseline = person.status != ACTIVE and person.status_on and person.status_on < BASELINE
    if left_before_baseline:
        return rows
    entry_status = _status_at_entry(person)
    if person.born >= BASELINE:
        mother = person.mother.obj if person.mother else None
        rows.append(_event(household, person, VitalEvent.Kind.BIRTH, person.born, _recorded(rng, person.born), 1,
                           mother=mother, birth_order=person.obj.birth_order or 1, marital_status=entry_status))
    elif person.arrived_on:
        rows.append(_event(household, person, VitalEvent.Kind.MOVE_IN, person.arrived_on,
                           _recorded(rng, person.arrived_on), 1, place="外镇", note="婚入",
                           marital_status=entry_status))
    else:
        rows.append(_event(household, person, VitalEvent.Kind.REGISTERED, BASELINE, BASELINE, 1,
                           marital_status=entry_status))
    if person.sex == M and _married_in_register(person):
        rows.append(_event(household, person, VitalEvent.Kind.MARRIAGE, person.married_on,
                           _recorded(rng, person.married_on), 0, other_person=person.spouse.obj,
                           other_name=person.spouse.name, marital_status=MaritalStatus.MARRIED))
    if person.status == DECEASED:
        rows.append(_event(household, person, VitalEvent.Kind.DEATH, person.status_on,
                           _recorded(rng, person.status_on), -1))
    elif person.status == MOVED_OUT:
        rows.append(_event(household, person, VitalEvent.Kind.MOVE_OUT, person.status_on,
                           _recorded(rng, person.status_on), -1, place="外省" if planned.moved_out_on else ""))
    return rows


def _married_in_register(person: Planned) -> bool:
    """The marriage happened after the register opened, so it is an event (written on the husband's row)."""
    return person.spouse is not None and person.married_on is not None and person.married_on >= BASELINE


def _status_at_entry(person: Planned) -> str:
    """Single for whoever marries after entering the register; the planned status for everyone else."""
    return MaritalStatus.SINGLE if _married_in_register(person) else person.marital


def write_birth_orders_on_events(town: Town) -> None:
    """Copy the computed birth orders onto the birth events (one set-based update)."""
    VitalEvent.objects.filter(village__town=town, kind=VitalEvent.Kind.BIRTH).update(
        birth_order=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("birth_order")[:1]))


def date_stamps(town: Town) -> None:
    """The register's own stamps on the day its history is dated (the reference date); each vital event
    created on the day it was recorded."""
    stamp = _aware(REFERENCE_DATE)
    Household.objects.filter(town=town).update(created_at=stamp, updated_at=stamp)
    Person.objects.filter(town=town).update(created_at=stamp, updated_at=stamp)
    VitalEvent.objects.filter(village__town=town).update(created_at=day_of("recorded_on"))
    FamilyCategory.objects.filter(household__town=town).update(computed_at=stamp)


def refresh_statistics() -> None:
    """Fresh planner statistics for the tables just written in bulk (PostgreSQL), before the later steps' set-based
    queries: with stale ones the registry's as-of-date reads of a second town scanned every event for each woman
    (minutes for the health campaign's target group, instead of a second)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE members_person, members_household, members_vitalevent, members_familycategory")
