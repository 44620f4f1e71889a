"""Saving a checked import: every household and person at once, or nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.actions.categories import apply_derived, marriage_dates, recompute_birth_orders
from members.actions.common import ensure_may_change
from members.categories import PERSON_FIELDS, derive_many
from members.models import FamilyCategory, Household, Person, VitalEvent
from members.models.codes import ADOPTED_CHILD_RELATIONS, CHILD_RELATIONS, HEAD_RELATIONS, SPOUSE_RELATIONS
from villages.models import User

BATCH = 2000


@transaction.atomic
def import_registry(*, check, by: User | None) -> tuple[int, int]:
    """Save a checked import (members.imports.ImportCheck); returns (households created, people added).

    Runs in one transaction: a row refused by the database (say, an identity number registered
    by someone else a moment ago) undoes the whole import.
    """
    if not check.ok:
        raise ValidationError(_("The file has errors: nothing was saved."))
    for village in {plan.village for plan in check.households}:
        ensure_may_change(by, village)
    today = timezone.localdate()
    new = [plan for plan in check.households if plan.existing is None]
    for plan in new:
        plan.existing = Household(town_id=plan.village.town_id, village=plan.village, group=plan.group,
                                  number=plan.number, registered_on=today, **plan.fields)
        plan.existing.full_clean(exclude=["town", "village", "group"], validate_constraints=False)
    try:
        with transaction.atomic():
            bulk_create_with_history([plan.existing for plan in new], Household, batch_size=BATCH, default_user=by)
            people = _create_people(check.households, by)
    except IntegrityError:
        raise ValidationError(_("Some identity or household numbers were registered by someone else meanwhile. "
                                "Nothing was saved: check the file again.")) from None
    VitalEvent.objects.bulk_create([
        VitalEvent(village_id=person.household.village_id, household=person.household, person=person,
                   kind=VitalEvent.Kind.REGISTERED, occurred_on=today, recorded_on=today, change=1, recorded_by=by)
        for person in people], batch_size=BATCH)
    mothers = _link_children(check.households, people)
    recompute_birth_orders(mother_ids=mothers)
    _derive_categories({plan.existing.pk for plan in check.households})
    return len(new), len(people)


def _create_people(households, by) -> list[Person]:
    people = []
    for plan in households:
        for _line, fields in plan.people:
            person = Person(town_id=plan.village.town_id, household=plan.existing, **fields)
            person.full_clean(exclude=["town", "household", "mother", "father"], validate_constraints=False)
            people.append(person)
    return bulk_create_with_history(people, Person, batch_size=BATCH, default_user=by)


def _link_children(households, people: list[Person]) -> set[int]:
    """In a new household, sons and daughters are the children of the head and the head's spouse."""
    by_household = {}
    for person in people:
        by_household.setdefault(person.household_id, []).append(person)
    changed, mothers = [], set()
    for members in by_household.values():
        parents = [p for p in members if p.relation in HEAD_RELATIONS | SPOUSE_RELATIONS]
        mother = next((p for p in parents if p.sex == Person.Sex.FEMALE), None)
        father = next((p for p in parents if p.sex == Person.Sex.MALE), None)
        for child in members:
            if child.relation in CHILD_RELATIONS and (mother or father):
                child.mother, child.father = mother, father
                child.is_adopted = child.relation in ADOPTED_CHILD_RELATIONS
                changed.append(child)
        if mother is not None:
            mothers.add(mother.pk)
    Person.objects.bulk_update(changed, ["mother", "father", "is_adopted"], batch_size=BATCH)
    return mothers


def _derive_categories(household_ids: set[int]) -> None:
    ids = list(household_ids)
    households = list(Household.objects.filter(pk__in=ids).values("id", "status", "registered_on"))
    people = list(Person.objects.filter(household_id__in=ids).exclude(status=Person.Status.DEACTIVATED)
                  .values(*PERSON_FIELDS))
    derived = derive_many(households, people, marriage_dates(Q(person__household_id__in=ids)))
    apply_derived(derived, FamilyCategory.objects.filter(household_id__in=ids))
