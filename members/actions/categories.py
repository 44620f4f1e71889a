"""Keeping the derived records up to date: family categories and birth orders."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.models import FamilyCategory, Household, Person, VitalEvent
from members.rules.categories import PERSON_FIELDS, Derived, derive_many
from villages.models import Town

BATCH = 2000


@transaction.atomic
def recompute_family_categories(*, household: Household) -> list[FamilyCategory]:
    """Re-derive one household's categories (after any change to its people); returns the current rows."""
    members = list(Person.objects.filter(household=household).exclude(status=Person.Status.DEACTIVATED)
                   .values(*PERSON_FIELDS))
    ids = [p["id"] for p in members]
    elsewhere = list(Person.objects.filter(Q(mother_id__in=ids) | Q(father_id__in=ids))
                     .exclude(household=household).exclude(status=Person.Status.DEACTIVATED).values(*PERSON_FIELDS))
    row = {"id": household.pk, "status": household.status, "registered_on": household.registered_on}
    derived = derive_many([row], members + elsewhere, marriage_dates(Q(person_id__in=ids)))
    apply_derived(derived, FamilyCategory.objects.filter(household=household))
    return list(FamilyCategory.objects.current().filter(household=household))


@transaction.atomic
def recompute_town_family_categories(*, town: Town) -> int:
    """Re-derive every household of the town at once: a few reads, bulk writes. Returns rows written."""
    households = list(Household.objects.filter(town=town).values("id", "status", "registered_on"))
    people = list(Person.objects.filter(town=town).exclude(status=Person.Status.DEACTIVATED).values(*PERSON_FIELDS))
    derived = derive_many(households, people, marriage_dates(Q(village__town=town)))
    return apply_derived(derived, FamilyCategory.objects.filter(household__town=town))


def recompute_for_households(household_ids) -> None:
    """The categories of the given households (a handful, after one action)."""
    for household in Household.objects.filter(pk__in=set(household_ids)):
        recompute_family_categories(household=household)


def marriage_dates(where: Q) -> dict[int, datetime.date]:
    """Each person's latest recorded marriage date."""
    marriages = {}
    rows = (VitalEvent.objects.filter(where, kind=VitalEvent.Kind.MARRIAGE, voided_on__isnull=True)
            .order_by("occurred_on"))
    for person_id, other_id, day in rows.values_list("person_id", "other_person_id", "occurred_on"):
        marriages[person_id] = day
        if other_id:
            marriages[other_id] = day
    return marriages


def apply_derived(derived: dict[int, list[Derived]], existing_rows) -> int:
    """Write the difference between the derived categories and the current rows."""
    today = timezone.localdate()
    current = defaultdict(dict)
    for row in existing_rows.current():
        current[row.household_id][row.category] = row
    created, changed = [], []
    for household_id, wanted in derived.items():
        have = current.get(household_id, {})
        wanted_by_category = {d.category: d for d in wanted}
        for category, row in have.items():
            if category not in wanted_by_category:
                successor = min((d.holds_from for d in wanted), default=today)
                row.holds_until = max(row.holds_from, min(successor, today))
                changed.append(row)
        for category, d in wanted_by_category.items():
            row = have.get(category)
            if row is None:
                created.append(FamilyCategory(household_id=household_id, category=category,
                                              holds_from=d.holds_from, evidence=d.evidence))
            elif row.holds_from != d.holds_from or row.evidence != d.evidence:
                row.holds_from, row.evidence = d.holds_from, d.evidence
                changed.append(row)
    # Close the old rows first: the database allows one current row per household and category.
    bulk_update_with_history(changed, FamilyCategory, ["holds_from", "holds_until", "evidence", "computed_at"],
                             batch_size=BATCH)
    bulk_create_with_history(created, FamilyCategory, batch_size=BATCH)
    return len(created) + len(changed)


def recompute_birth_orders(*, mother_ids=None, town: Town | None = None) -> int:
    """Each child's order among its mother's births (adopted children not counted), by birth date.

    Recomputed for all the mother's children, so a birth recorded late shifts the later ones.
    """
    children = Person.objects.filter(mother__isnull=False, is_adopted=False).exclude(status=Person.Status.DEACTIVATED)
    if mother_ids is not None:
        children = children.filter(mother_id__in=list(mother_ids))
    if town is not None:
        children = children.filter(town=town)
    by_mother = defaultdict(list)
    for row in children.values("id", "mother_id", "birth_date", "birth_order"):
        by_mother[row["mother_id"]].append(row)
    changed = []
    for rows in by_mother.values():
        rows.sort(key=lambda r: (r["birth_date"], r["id"]))
        for order, row in enumerate(rows, start=1):
            if row["birth_order"] != order:
                changed.append(Person(pk=row["id"], birth_order=order))
    Person.objects.bulk_update(changed, ["birth_order"], batch_size=BATCH)
    return len(changed)
