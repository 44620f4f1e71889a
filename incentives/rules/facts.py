"""What the explainer knows about one household: read in a handful of queries, judged in Python."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from incentives.models import Fact
from incentives.rules.common import CHILD_RELATION_CODES, PARENT_RELATIONS, PARENT_STATUSES
from members.models import FamilyCategory, Household, Person


@dataclass
class Facts:
    household: Household
    members: list[Person]
    parents: list[Person]
    children: list[Person]
    categories: list[FamilyCategory]
    recorded: list[Fact] = field(default_factory=list)
    village_names: dict[int, str] = field(default_factory=dict)

    @property
    def child_ids(self) -> set[int]:
        return {child.pk for child in self.children}

    def children_born_by(self, day: datetime.date) -> list[Person]:
        return [child for child in self.children if child.birth_date <= day]

    def valid_facts(self, kinds, day: datetime.date, *, person: Person | None = None) -> list[Fact]:
        """Valid facts of the kinds on the day: of the person, or (no person) of anyone in the household."""
        found = []
        for fact in self.recorded:
            if fact.kind not in kinds or not fact.is_active or fact.occurred_on > day:
                continue
            if fact.valid_until is not None and fact.valid_until < day:
                continue
            if (person is not None and fact.person_id == person.pk) or \
                    (person is None and fact.household_id == self.household.pk):
                found.append(fact)
        return found


def load(household: Household) -> Facts:
    members = list(Person.objects.filter(household=household).exclude(status=Person.Status.DEACTIVATED)
                   .order_by("relation", "birth_date", "pk"))
    parents = [p for p in members if p.relation in PARENT_RELATIONS and p.status in PARENT_STATUSES]
    parent_ids = [p.pk for p in parents]
    children = {p.pk: p for p in members
                if p.relation in CHILD_RELATION_CODES and p.mother_id is None and p.father_id is None}
    if parent_ids:
        linked = Person.objects.filter(Q(mother_id__in=parent_ids) | Q(father_id__in=parent_ids)).exclude(
            status=Person.Status.DEACTIVATED)
        children.update({p.pk: p for p in linked})
    people_ids = [p.pk for p in members] + list(children)
    recorded = list(Fact.objects.active().filter(Q(household=household) | Q(person_id__in=people_ids)))
    return Facts(
        household=household, members=members, parents=parents,
        children=sorted(children.values(), key=lambda p: (p.birth_date, p.pk)),
        categories=list(FamilyCategory.objects.filter(household=household).order_by("-holds_from")),
        recorded=recorded,
    )
