"""Planning the demo population in memory, then correcting it to the seed's exact figures."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from demo.registry.constants import (
    BASELINE,
    HOUSEHOLDS,
    MARRIED_WOMEN_15_49,
    PEOPLE,
    REFERENCE_DATE,
    XUNZI_LIFTED_THIS_YEAR,
)
from demo.town import current_profile
from members.ages import born_between_for_ages
from members.models import Household, MaritalStatus, Person, Relation
from members.models.codes import MARRIED_STATUSES
from villages.models import Town, Village

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
        profile = current_profile()
        self.rng = profile.rng(seed)
        self.names = profile.names(seed + 1)

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
            son.born = min(son.born, _years(son.married_on, -22))  # of legal age to marry (Civil Code art. 1047)
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


def registered(households):
    return [p for h in households for p in h.people if p.status == ACTIVE and h.moved_out_on is None]


def _fix_people_count(households, planner: Planner) -> None:
    """Add or remove a grandparent until exactly PEOPLE are registered."""
    rng = planner.rng
    young = [h for h in households if h.kind in ("young", "middle") and not h.moved_out_on]
    surplus = len(registered(households)) - PEOPLE
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


def is_counted_woman(person: Planned) -> bool:
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
    counted = sum(1 for p in registered(households) if is_counted_woman(p))
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
            if not is_counted_woman(person):
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
    # Poor until the seedling base lifts them out of poverty in the demo year (demo.assistance records it through
    # the registry's action, so their history says when).
    for household in rng.sample([h for h in settled if h.village is xunzi], XUNZI_LIFTED_THIS_YEAR):
        household.poverty = Household.Poverty.POOR
        household.poverty_since = planner.day_between(datetime.date(2015, 3, 1), datetime.date(2015, 11, 30))
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
