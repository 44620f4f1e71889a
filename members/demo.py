"""The demo town's households and people: 47,600 registered people, 9,344 married women aged 15–49.

Deterministic (seeded), idempotent (a town that has households is left alone) and fast: the
whole population is planned in memory, corrected to the seed's exact figures, then written
with `bulk_create` generation by generation (parents before children, so the links hold), and
the derived records (birth orders, family categories) are computed set-based for the town.

- `REFERENCE_DATE` (2025-12-31, the end of the seed's year) is the day the seed's figures hold:
  47,600 people registered and 9,344 married women aged 15–49 on that day. Nothing in the demo
  happens after it.
- The register opens on `BASELINE` (2022-01-01): everyone living then is entered with a
  `REGISTERED` row; births, deaths, marriages and moves from then on are vital events, some of
  them recorded late (they show as adjustments in the month they were recorded).
- Identity numbers are fictitious: region code 999999 (no province is numbered 99), a real birth
  date and sex digit, and a valid check character. Newborns of the last two months have none
  yet. No phone numbers are invented: any mobile number could be someone's.
- A few people carry rare characters in their names (王喆, 李玥, 张龑).
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from members.actions.categories import recompute_birth_orders, recompute_town_family_categories
from members.ages import born_between_for_ages
from members.identity import fictitious_id_number
from members.models import Household, MaritalStatus, Person, Relation, VitalEvent
from members.models.codes import MARRIED_STATUSES
from villages.demo import NameMaker
from villages.models import Town, Village

REFERENCE_DATE = datetime.date(2025, 12, 31)
BASELINE = datetime.date(2022, 1, 1)
PEOPLE = 47_600
MARRIED_WOMEN_15_49 = 9_344
HOUSEHOLDS = 12_000
XUNZI_LIFTED_THIS_YEAR = 18  # families out of poverty through Xunzi Village's seedling base
BATCH = 2000

# Household kinds and how often they occur.
KINDS = [("young", 0.40), ("middle", 0.27), ("three_generations", 0.18), ("elderly", 0.085),
         ("widowed", 0.045), ("single", 0.02)]
M, F = Person.Sex.MALE, Person.Sex.FEMALE
ACTIVE, DECEASED, MOVED_OUT = Person.Status.ACTIVE, Person.Status.DECEASED, Person.Status.MOVED_OUT
CONTRACEPTION = [("iud", 45), ("tubal_ligation", 20), ("condom", 15), ("implant", 5), ("pill", 5), ("", 10)]


@dataclass(eq=False)
class Planned:
    """A person before they are written: the plan is corrected in memory first."""

    name: str
    sex: str
    born: datetime.date
    relation: str
    generation: int
    marital: str = MaritalStatus.SINGLE
    mother: "Planned | None" = None
    father: "Planned | None" = None
    status: str = ACTIVE
    status_on: datetime.date | None = None
    arrived_on: datetime.date | None = None  # moved in (marriage) after the register opened
    married_on: datetime.date | None = None
    spouse: "Planned | None" = None
    contraception: str = ""
    contraception_since: datetime.date | None = None
    pregnant_since: datetime.date | None = None
    obj: Person | None = None


@dataclass(eq=False)
class PlannedHousehold:
    village: Village
    group_id: int
    number: str
    address: str
    kind: str
    people: list = field(default_factory=list)
    poverty: str = Household.Poverty.NONE
    poverty_since: datetime.date | None = None
    moved_out_on: datetime.date | None = None
    obj: Household | None = None


def _years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _age(born: datetime.date, on: datetime.date = REFERENCE_DATE) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class Planner:
    def __init__(self, seed: int = 2025):
        self.rng = random.Random(seed)
        self.names = NameMaker(seed + 1)

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def born_aged(self, low: int, high: int) -> datetime.date:
        return self.day_between(_years(REFERENCE_DATE, -high - 1) + datetime.timedelta(days=1),
                                _years(REFERENCE_DATE, -low))

    def person(self, sex, born, relation, generation, surname=None, **extra) -> Planned:
        return Planned(name=self.names.full(sex, surname), sex=sex, born=born, relation=relation,
                       generation=generation, **extra)

    def couple(self, head_low, head_high, generation=1):
        husband_born = self.born_aged(head_low, head_high)
        wife_born = self.day_between(_years(husband_born, 1), _years(husband_born, 3))
        married_on = self.day_between(_years(wife_born, 21), _years(wife_born, 25))
        married_on = min(married_on, REFERENCE_DATE - datetime.timedelta(days=30))
        status = MaritalStatus.FIRST_MARRIAGE
        husband = self.person(M, husband_born, Relation.HEAD, generation, marital=status, married_on=married_on)
        wife = self.person(F, wife_born, Relation.WIFE, generation, marital=status, married_on=married_on,
                           spouse=husband)
        husband.spouse = wife
        if married_on >= BASELINE:
            wife.arrived_on = married_on
        return husband, wife

    def children(self, mother: Planned, father: Planned, generation: int) -> list[Planned]:
        count = self.rng.choices([0, 1, 2, 3], weights=[3, 44, 44, 9])[0]
        born = self.day_between(_years(mother.born, 22), _years(mother.born, 28))
        if mother.married_on:
            born = max(born, mother.married_on + datetime.timedelta(days=300))
        kids = []
        for _ in range(count):
            if born > REFERENCE_DATE or _age(mother.born, born) > 42:
                break
            if born.year >= 2021 and self.rng.random() < 0.3:  # births have fallen in recent years
                break
            sex = M if self.rng.random() < 0.53 else F
            relation = Relation.SON if sex == M else Relation.DAUGHTER
            if generation == 3:
                relation = Relation.GRANDSON if sex == M else Relation.GRANDDAUGHTER
            kids.append(self.person(sex, born, relation, generation, surname=father.name[0], mother=mother,
                                    father=father))
            born = born + datetime.timedelta(days=self.rng.randint(2 * 365, 6 * 365))
        return kids

    def grandparents(self, head: Planned, chance: float) -> list[Planned]:
        if self.rng.random() >= chance:
            return []
        father_born = self.day_between(_years(head.born, -32), _years(head.born, -24))
        mother_born = self.day_between(_years(father_born, 1), _years(father_born, 4))
        if _age(father_born) > 88:
            return []
        father = self.person(M, father_born, Relation.FATHER, 0, surname=head.name[0],
                             marital=MaritalStatus.FIRST_MARRIAGE)
        mother = self.person(F, mother_born, Relation.MOTHER, 0, marital=MaritalStatus.FIRST_MARRIAGE)
        head.father, head.mother = father, mother
        if self.rng.random() < 0.35:  # only one of them is still alive
            survivor = father if self.rng.random() < 0.3 else mother
            survivor.marital = MaritalStatus.WIDOWED
            gone = mother if survivor is father else father
            gone.status, gone.status_on = DECEASED, self.day_between(datetime.date(2005, 1, 1), REFERENCE_DATE)
            if _age(gone.born, gone.status_on) < 55:
                gone.status_on = _years(gone.born, 60)
            if gone.status_on > REFERENCE_DATE:
                gone.status = ACTIVE
                gone.status_on = None
                survivor.marital = MaritalStatus.FIRST_MARRIAGE
            return [father, mother]
        return [father, mother]

    def moved_away(self, people: list[Planned], after: datetime.date, chance: float) -> None:
        """Some grown children left the town (for work, or married out)."""
        for person in people:
            if person.relation in (Relation.SON, Relation.DAUGHTER) and _age(person.born) >= 20 \
                    and self.rng.random() < chance:
                person.status = MOVED_OUT
                person.status_on = self.day_between(max(_years(person.born, 18), after), REFERENCE_DATE)

    def household(self, kind: str) -> list[Planned]:
        rng = self.rng
        if kind == "young":
            head, wife = self.couple(25, 42)
            people = [head, wife, *self.children(wife, head, 2), *self.grandparents(head, 0.45)]
        elif kind == "middle":
            head, wife = self.couple(43, 58)
            kids = self.children(wife, head, 2)
            self.moved_away(kids, datetime.date(2000, 1, 1), 0.25)
            people = [head, wife, *kids, *self.grandparents(head, 0.2)]
        elif kind == "three_generations":
            head, wife = self.couple(50, 66)
            son = self.person(M, self.day_between(_years(wife.born, 22), _years(wife.born, 30)), Relation.SON, 2,
                              surname=head.name[0], mother=wife, father=head, marital=MaritalStatus.FIRST_MARRIAGE)
            if _age(son.born) < 22:
                son.born = _years(REFERENCE_DATE, -rng.randint(23, 30))
            son.married_on = self.day_between(_years(son.born, 23), min(_years(son.born, 29), REFERENCE_DATE))
            son.married_on = min(son.married_on, REFERENCE_DATE - datetime.timedelta(days=30))
            daughter_in_law = self.person(F, self.day_between(_years(son.born, 0), _years(son.born, 2)),
                                          Relation.DAUGHTER_IN_LAW, 2, marital=MaritalStatus.FIRST_MARRIAGE,
                                          married_on=son.married_on, spouse=son)
            son.spouse = daughter_in_law
            if son.married_on >= BASELINE:
                daughter_in_law.arrived_on = son.married_on
            others = [k for k in self.children(wife, head, 2)[1:] if _age(k.born) >= 0]
            self.moved_away(others, datetime.date(2000, 1, 1), 0.5)
            grandchildren = self.children(daughter_in_law, son, 3)
            people = [head, wife, son, daughter_in_law, *others, *grandchildren]
        elif kind == "elderly":
            head, wife = self.couple(62, 84, generation=0)
            kids = self.children(wife, head, 1)
            for kid in kids:  # grown up and registered elsewhere long ago
                kid.status, kid.status_on = MOVED_OUT, _years(kid.born, rng.randint(18, 26))
            if kids and rng.random() < 0.12:
                kids[0].status = ACTIVE  # one stayed with the parents
            if len(kids) == 1 and rng.random() < 0.04:
                kids[0].status = DECEASED
                kids[0].status_on = self.day_between(_years(kids[0].born, 10), _years(kids[0].born, 30))
            for kid in kids:
                if kid.status_on and kid.status_on > REFERENCE_DATE:
                    kid.status, kid.status_on = ACTIVE, None
            people = [head, wife, *kids]
        elif kind == "widowed":
            head, wife = self.couple(66, 90, generation=0)
            survivor, gone = (wife, head) if rng.random() < 0.7 else (head, wife)
            survivor.relation, gone.relation = Relation.HEAD, Relation.SPOUSE
            survivor.marital = MaritalStatus.WIDOWED
            gone.status, gone.status_on = DECEASED, self.day_between(_years(gone.born, 60), BASELINE)
            kids = self.children(wife, head, 1)
            for kid in kids:
                kid.status, kid.status_on = MOVED_OUT, _years(kid.born, rng.randint(18, 26))
            people = [survivor, gone, *kids]
        else:
            sex = M if rng.random() < 0.8 else F
            people = [self.person(sex, self.born_aged(30, 60), Relation.HEAD, 1,
                                  marital=rng.choice([MaritalStatus.SINGLE, MaritalStatus.DIVORCED]))]
        return people


def _households_per_group(groups: list, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.7, 1.3) for _ in groups]
    total = sum(weights)
    shares = [HOUSEHOLDS * w / total for w in weights]
    counts = [int(s) for s in shares]
    largest_remainders = sorted(range(len(groups)), key=lambda i: shares[i] - counts[i], reverse=True)
    for index in largest_remainders[:HOUSEHOLDS - sum(counts)]:
        counts[index] += 1
    return counts


def plan(town: Town) -> list[PlannedHousehold]:
    planner = Planner()
    rng = planner.rng
    villages = list(town.villages.order_by("code"))
    groups = [(village, group) for village in villages for group in village.groups.order_by("number")]
    households = []
    kinds, weights = zip(*KINDS, strict=True)
    for (village, group), count in zip(groups, _households_per_group(groups, rng), strict=True):
        for sequence in range(1, count + 1):
            number = f"{village.code[-3:]}{len(households) + 1:05d}"
            kind = rng.choices(kinds, weights=weights)[0]
            households.append(PlannedHousehold(
                village=village, group_id=group.pk, number=number, kind=kind,
                address=f"{village.name}{group.name}{sequence}号", people=planner.household(kind)))
    _deaths_and_moves(households, planner)
    _fix_people_count(households, planner)
    _fix_married_women(households, rng)
    _reproductive_health(households, planner)
    _poverty(households, villages, planner)
    _rare_names(households)
    return households


def _active(households):
    return [p for h in households for p in h.people if p.status == ACTIVE and h.moved_out_on is None]


def _fix_people_count(households, planner: Planner) -> None:
    """Add or remove a grandparent until exactly PEOPLE are registered."""
    rng = planner.rng
    young = [h for h in households if h.kind in ("young", "middle") and not h.moved_out_on]
    surplus = len(_active(households)) - PEOPLE
    while surplus > 0:
        household = rng.choice(young)
        elders = [p for p in household.people if p.generation == 0 and p.status == ACTIVE]
        if elders:
            gone = elders[0]
            household.people.remove(gone)
            for person in household.people:
                if person.mother is gone:
                    person.mother = None
                if person.father is gone:
                    person.father = None
            surplus -= 1
    while surplus < 0:
        household = rng.choice(young)
        if not any(p.generation == 0 for p in household.people):
            head = household.people[0]
            born = planner.day_between(_years(head.born, -30), _years(head.born, -24))
            if _age(born) <= 90:
                grandmother = planner.person(F, born, Relation.MOTHER, 0, marital=MaritalStatus.WIDOWED)
                head.mother = grandmother
                household.people.append(grandmother)
                surplus += 1


def _is_counted_woman(person: Planned) -> bool:
    born_after, born_by = born_between_for_ages(REFERENCE_DATE, 15, 49)
    return (person.sex == F and person.status == ACTIVE and person.marital in MARRIED_STATUSES
            and born_after < person.born <= born_by)


def _fix_married_women(households, rng: random.Random) -> None:
    """Move a few wives' birth dates across the 49/50 boundary until exactly 9,344 are counted.

    Only head couples of settled households, and only where the wife's children still come at
    plausible ages (20–44) after the shift.
    """
    wives = {id(p): (h, p) for h in households if h.kind in ("middle", "three_generations", "elderly")
             for p in h.people if p.relation == Relation.WIFE and p.status == ACTIVE}
    children = defaultdict(list)
    for household in households:
        for person in household.people:
            if person.mother is not None:
                children[id(person.mother)].append(person)
    counted = sum(1 for p in _active(households) if _is_counted_woman(p))
    difference = counted - MARRIED_WOMEN_15_49
    candidates = sorted(wives.values(), key=lambda hp: hp[1].born)
    rng.shuffle(candidates)
    for household, wife in candidates:
        if difference == 0:
            break
        age = _age(wife.born)
        shift = 0
        if difference > 0 and 45 <= age <= 49:
            shift = -(50 - age + rng.randint(0, 3))
        elif difference < 0 and 50 <= age <= 54:
            shift = age - 49 + rng.randint(0, 3)
        if not shift:
            continue
        new_born = _years(wife.born, shift)
        ages_at_births = [_age(new_born, kid.born) for kid in children[id(wife)]]
        if any(a < 20 or a > 44 for a in ages_at_births) or (wife.married_on and _age(new_born, wife.married_on) < 20):
            continue
        if household.people[0].born > new_born:
            continue
        wife.born = new_born
        difference += 1 if shift > 0 else -1
    if difference:
        raise RuntimeError(f"could not reach {MARRIED_WOMEN_15_49} married women: off by {difference}")


def _deaths_and_moves(households, planner: Planner) -> None:
    """Deaths since the register opened (they are extra records: the living stay 47,600) and a few whole
    households that left the town."""
    rng = planner.rng
    young = [h for h in households if h.kind == "young"]
    for household in rng.sample(young, 300):
        head = household.people[0]
        born = planner.day_between(_years(head.born, -34), _years(head.born, -26))
        died = planner.day_between(BASELINE, REFERENCE_DATE - datetime.timedelta(days=20))
        if _age(born, died) < 66:
            continue
        household.people.append(planner.person(M if rng.random() < 0.55 else F, born, Relation.OTHER_RELATIVE, 0,
                                               marital=MaritalStatus.WIDOWED, status=DECEASED, status_on=died))
    for household in rng.sample(young, 14):
        left = household.moved_out_on = planner.day_between(datetime.date(2023, 1, 1), datetime.date(2025, 10, 31))
        household.people = [p for p in household.people
                            if p.born < left and not (p.arrived_on and p.arrived_on >= left)]
        for person in household.people:
            if person.status == ACTIVE or (person.status_on and person.status_on > left):
                person.status, person.status_on = MOVED_OUT, left


def _reproductive_health(households, planner: Planner) -> None:
    rng = planner.rng
    measures, weights = zip(*CONTRACEPTION, strict=True)
    for household in households:
        for person in household.people:
            if not _is_counted_woman(person):
                continue
            if _age(person.born) <= 40 and rng.random() < 0.03:
                person.pregnant_since = planner.day_between(datetime.date(2025, 9, 1), REFERENCE_DATE)
                continue
            measure = rng.choices(measures, weights=weights)[0]
            if measure:
                person.contraception = measure
                person.contraception_since = planner.day_between(
                    max(_years(person.born, 20), datetime.date(2010, 1, 1)), REFERENCE_DATE)


def _poverty(households, villages, planner: Planner) -> None:
    rng = planner.rng
    xunzi = next(v for v in villages if v.name == "荀子村")
    settled = [h for h in households if not h.moved_out_on]
    for household in rng.sample([h for h in settled if h.village is xunzi], XUNZI_LIFTED_THIS_YEAR):
        household.poverty = Household.Poverty.LIFTED
        household.poverty_since = planner.day_between(datetime.date(2025, 3, 1), datetime.date(2025, 11, 30))
    others = [h for h in settled if h.poverty == Household.Poverty.NONE]
    for household in rng.sample(others, 420):
        household.poverty = Household.Poverty.LIFTED
        household.poverty_since = planner.day_between(datetime.date(2017, 1, 1), datetime.date(2020, 12, 31))
    others = [h for h in settled if h.poverty == Household.Poverty.NONE]
    for household in rng.sample(others, 160):
        household.poverty = Household.Poverty.POOR
        household.poverty_since = planner.day_between(datetime.date(2014, 1, 1), datetime.date(2024, 12, 31))


def _rare_names(households) -> None:
    """Names with rare characters, in Daqi (the first village): 王喆, 李玥, 张龑."""
    daqi = [h for h in households if h.village.name == "大旗村" and not h.moved_out_on]
    heads = [h.people[0] for h in daqi if h.people[0].sex == M and h.people[0].status == ACTIVE]
    wives = [p for h in daqi for p in h.people if p.relation == Relation.WIFE and p.status == ACTIVE]
    sons = [p for h in daqi for p in h.people if p.relation == Relation.SON and p.status == ACTIVE
            and p.father is not None and p.father.name.startswith("张")]
    heads[0].name = "王喆"
    for child in (p for h in daqi for p in h.people if p.father is heads[0]):
        child.name = "王" + child.name[1:]
    wives[1].name = "李玥"
    if sons:
        sons[0].name = "张龑"
    else:
        heads[2].name = "张龑"


@transaction.atomic
def build(town: Town) -> int:
    """Fill the town's villages with households and people; returns the number of people written."""
    if Household.objects.filter(town=town).exists():
        return 0
    households = plan(town)
    _write_households(town, households)
    people = _write_people(town, households)
    _write_events(households)
    recompute_birth_orders(town=town)
    _write_birth_orders_on_events(town)
    recompute_town_family_categories(town=town)
    return people


def _write_households(town: Town, households) -> None:
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


def _write_people(town: Town, households) -> int:
    serials = Counter()
    newborn_without_id = REFERENCE_DATE - datetime.timedelta(days=60)
    by_generation = defaultdict(list)
    for planned in households:
        for person in planned.people:
            by_generation[person.generation].append((planned, person))
    for generation in sorted(by_generation):
        rows = []
        for planned, person in by_generation[generation]:
            serials[(person.born, person.sex)] += 1
            status, status_on = person.status, person.status_on
            person.obj = Person(
                town=town, household=planned.obj, name=person.name, sex=person.sex, birth_date=person.born,
                id_number="" if person.born > newborn_without_id else
                fictitious_id_number(person.born, person.sex, serials[(person.born, person.sex)]),
                relation=person.relation, marital_status=person.marital,
                mother=person.mother.obj if person.mother else None,
                father=person.father.obj if person.father else None,
                status=status, status_changed_on=status_on,
                status_reason=_status_reason(status, planned), died_on=status_on if status == DECEASED else None,
                contraception=person.contraception, contraception_since=person.contraception_since,
                pregnancy=Person.Pregnancy.PREGNANT if person.pregnant_since else "",
                pregnancy_noted_on=person.pregnant_since)
            rows.append(person.obj)
        bulk_create_with_history(rows, Person, batch_size=BATCH, default_date=_aware(REFERENCE_DATE))
    return sum(len(rows) for rows in by_generation.values())


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


def _write_events(households) -> None:
    rng = random.Random(7)
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
    if person.born >= BASELINE:
        rows.append(_event(household, person, VitalEvent.Kind.BIRTH, person.born, _recorded(rng, person.born), 1,
                           mother=person.mother.obj if person.mother else None, birth_order=1))
    elif person.arrived_on:
        rows.append(_event(household, person, VitalEvent.Kind.MOVE_IN, person.arrived_on,
                           _recorded(rng, person.arrived_on), 1, place="外镇", note="婚入"))
    else:
        rows.append(_event(household, person, VitalEvent.Kind.REGISTERED, BASELINE, BASELINE, 1))
    if person.sex == M and person.spouse is not None and person.married_on and person.married_on >= BASELINE:
        rows.append(_event(household, person, VitalEvent.Kind.MARRIAGE, person.married_on,
                           _recorded(rng, person.married_on), 0, other_person=person.spouse.obj,
                           other_name=person.spouse.name))
    if person.status == DECEASED:
        rows.append(_event(household, person, VitalEvent.Kind.DEATH, person.status_on,
                           _recorded(rng, person.status_on), -1))
    elif person.status == MOVED_OUT:
        rows.append(_event(household, person, VitalEvent.Kind.MOVE_OUT, person.status_on,
                           _recorded(rng, person.status_on), -1, place="外省" if planned.moved_out_on else ""))
    return rows


def _write_birth_orders_on_events(town: Town) -> None:
    """Copy the computed birth orders onto the birth events (one set-based update)."""
    from django.db.models import OuterRef, Subquery

    VitalEvent.objects.filter(village__town=town, kind=VitalEvent.Kind.BIRTH).update(
        birth_order=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("birth_order")[:1]))
