"""Saving a checked import: every household and person at once, or nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.actions.categories import apply_derived, marriage_dates, recompute_birth_orders
from members.actions.ledger import chain_ledger
from members.models import FamilyCategory, Household, Person, VitalEvent
from members.models.codes import ADOPTED_CHILD_RELATIONS, CHILD_RELATIONS, HEAD_RELATIONS, SPOUSE_RELATIONS
from members.rules.categories import PERSON_FIELDS, derive_many
from villages.models import User
from villages.roles import require_may_change

BATCH = 2000


@transaction.atomic
def import_registry(*, check, by: User | None) -> tuple[int, int]:
    """Save a checked import (members.import_check.ImportCheck); returns (households created, people added).

    Runs in one transaction: a row refused by the database (say, an identity number registered
    by someone else a moment ago) undoes the whole import.
    """
    if not check.ok:
        raise ValidationError(_("The file has errors: nothing was saved."))
    for village in {plan.village for plan in check.households}:
        require_may_change(by, village)
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
    bulk_create_with_history([
        VitalEvent(village_id=person.household.village_id, household=person.household, person=person,
                   kind=VitalEvent.Kind.REGISTERED, occurred_on=today, recorded_on=today, change=1, recorded_by=by,
                   marital_status=person.marital_status)
        for person in people], VitalEvent, batch_size=BATCH, default_user=by)
    chain_ledger(person_ids=[person.pk for person in people])
    recompute_birth_orders(mother_ids={p.mother_id for p in people if p.mother_id})
    _derive_categories({plan.existing.pk for plan in check.households})
    return len(new), len(people)


def _create_people(households, by) -> list[Person]:
    """Parents first, then their children already linked (a new household's sons and daughters are the
    children of its head and the head's spouse), with birth orders computed before they are written."""
    parents, children = [], []
    for plan in households:
        members = []
        for _line, fields in plan.people:
            person = Person(town_id=plan.village.town_id, household=plan.existing, **fields)
            person.full_clean(exclude=["town", "household", "mother", "father"], validate_constraints=False)
            members.append(person)
        couple = [p for p in members if p.relation in HEAD_RELATIONS | SPOUSE_RELATIONS]
        mother = next((p for p in couple if p.sex == Person.Sex.FEMALE), None)
        father = next((p for p in couple if p.sex == Person.Sex.MALE), None)
        born = sorted((p for p in members if p.relation in CHILD_RELATIONS), key=lambda p: p.birth_date)
        for order, child in enumerate(c for c in born if c.relation not in ADOPTED_CHILD_RELATIONS):
            child.birth_order = order + 1 if mother is not None else None
        for person in members:
            if person in born and (mother or father):
                person.mother, person.father = mother, father
                person.is_adopted = person.relation in ADOPTED_CHILD_RELATIONS
                children.append(person)
            else:
                parents.append(person)
    parents = bulk_create_with_history(parents, Person, batch_size=BATCH, default_user=by)
    for child in children:  # the parents have their primary keys now
        child.mother, child.father = child.mother, child.father
    return parents + bulk_create_with_history(children, Person, batch_size=BATCH, default_user=by)


def _derive_categories(household_ids: set[int]) -> None:
    ids = list(household_ids)
    households = list(Household.objects.filter(pk__in=ids).values("id", "status", "registered_on"))
    people = list(Person.objects.filter(household_id__in=ids).exclude(status=Person.Status.DEACTIVATED)
                  .values(*PERSON_FIELDS))
    derived = derive_many(households, people, marriage_dates(Q(person__household_id__in=ids)))
    apply_derived(derived, FamilyCategory.objects.filter(household_id__in=ids))
