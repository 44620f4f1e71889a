"""Family categories derived from the records: one-child, two-daughter, multi-child households…

One pure function, `derive`, decides the categories of a household from plain rows (dicts),
so the same rules serve one household (after a birth is recorded) and the whole town at once
(the demo, an import), where the rows are read in a handful of queries and written in bulk.

The parents are the household head and the head's spouse. Their children are the people whose
mother or father is one of them, wherever they are registered now, together with the household's
own sons and daughters (GB/T 4761 codes 20–39 but children-in-law) whose parents are not
linked. Children who moved away or died still count: the category describes the couple's
family, not who lives in the house. People removed from the register as mistakes do not count.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from members.models import FamilyCategory
from members.models.codes import CHILD_RELATIONS, HEAD_RELATIONS, MARRIED_STATUSES, SPOUSE_RELATIONS

Category = FamilyCategory.Category

PERSON_FIELDS = (
    "id", "household_id", "name", "sex", "birth_date", "relation", "marital_status", "status", "died_on",
    "mother_id", "father_id", "is_adopted",
)


@dataclass(frozen=True)
class Derived:
    category: str
    holds_from: datetime.date
    evidence: dict


def derive(household: dict, members: list[dict], children_elsewhere: list[dict],
           marriages: dict[int, datetime.date] | None = None) -> list[Derived]:
    """The categories an active household falls into now (at most one today, but a list)."""
    if household["status"] != "active":
        return []
    head = next((p for p in members if p["relation"] in HEAD_RELATIONS and p["status"] != "moved_out"), None)
    if head is None:
        return []
    spouse = next((p for p in members if p["relation"] in SPOUSE_RELATIONS and p["status"] != "moved_out"), None)
    married_on = (marriages or {}).get(head["id"])
    parents = [p for p in (head, spouse) if p is not None]
    parent_ids = {p["id"] for p in parents}
    children = {}
    for person in [*members, *children_elsewhere]:
        linked = person["mother_id"] in parent_ids or person["father_id"] in parent_ids
        unlinked_child = (person["household_id"] == household["id"] and person["relation"] in CHILD_RELATIONS
                          and person["mother_id"] is None and person["father_id"] is None)
        if person["id"] not in parent_ids and (linked or unlinked_child):
            children[person["id"]] = person
    ordered = sorted(children.values(), key=lambda p: (p["birth_date"], p["id"]))
    evidence = {"parents": [p["name"] for p in parents], "children": [_child_evidence(c) for c in ordered]}
    if married_on:
        evidence["married_on"] = married_on.isoformat()
    derived = _category_for(ordered, head, spouse, household, married_on)
    if derived is None:
        return []
    category, holds_from = derived
    return [Derived(category, holds_from, evidence)]


def _category_for(children, head, spouse, household, married_on):
    count = len(children)
    if count == 0:
        couple = spouse is not None and head["status"] == "active" and spouse["status"] == "active"
        if couple and head["marital_status"] in MARRIED_STATUSES:
            return Category.CHILDLESS_COUPLE, married_on or household["registered_on"]
        return None
    if count == 1:
        child = children[0]
        if child["status"] == "deceased":
            return Category.LOST_ONLY_CHILD, child["died_on"]
        return Category.ONE_CHILD, child["birth_date"]
    if count == 2:
        if all(child["sex"] == "F" for child in children):
            return Category.TWO_DAUGHTERS, children[1]["birth_date"]
        return Category.TWO_CHILDREN, children[1]["birth_date"]
    return Category.MULTI_CHILD, children[2]["birth_date"]


def _child_evidence(child: dict) -> dict:
    words = {"id": child["id"], "name": child["name"], "sex": child["sex"], "born": child["birth_date"].isoformat()}
    if child["is_adopted"]:
        words["adopted"] = True
    if child["status"] == "deceased" and child["died_on"]:
        words["died"] = child["died_on"].isoformat()
    return words


def derive_many(households: list[dict], people: list[dict], marriages: dict[int, datetime.date]) -> dict:
    """{household id: [Derived]} for many households from all their rows at once."""
    by_household = defaultdict(list)
    by_parent = defaultdict(list)
    for person in people:
        by_household[person["household_id"]].append(person)
        for parent in (person["mother_id"], person["father_id"]):
            if parent:
                by_parent[parent].append(person)
    result = {}
    for household in households:
        members = by_household.get(household["id"], [])
        member_ids = {p["id"] for p in members}
        elsewhere = [child for p in members for child in by_parent.get(p["id"], []) if child["id"] not in member_ids]
        result[household["id"]] = derive(household, members, elsewhere, marriages)
    return result
