"""Households: create with their people, edit, move out of the town, dissolve."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions.categories import recompute_birth_orders, recompute_family_categories
from members.actions.common import (
    check_dates,
    ensure_id_number_free,
    log_event,
    save_person,
    save_tracked,
)
from members.models import Household, Person, VitalEvent
from members.models.codes import ADOPTED_CHILD_RELATIONS, CHILD_RELATIONS, HEAD_RELATIONS, SPOUSE_RELATIONS
from members.rules import validation
from villages.closing import require_open
from villages.locking import lock
from villages.models import User, Village, VillagerGroup
from villages.roles import require_may_change

HOUSEHOLD_EDITABLE = ("group", "number", "address", "hukou_type", "poverty", "poverty_since")


@transaction.atomic
def create_household(*, village: Village, group: VillagerGroup, number: str, people: list[dict],
                     by: User | None, address: str = "", hukou_type: str = Household.HukouType.RURAL,
                     poverty: str = Household.Poverty.NONE, poverty_since: datetime.date | None = None,
                     registered_on: datetime.date | None = None, moved_in_from: str = "") -> Household:
    """Register a household with its people (one of them the head).

    Each person gets a bookkeeping row in the register: `REGISTERED`, or `MOVE_IN` when the
    household moved in from elsewhere (`moved_in_from`), so the village's figures add up.
    """
    require_may_change(by, village)
    if group.village_id != village.pk:
        raise ValidationError({"group": _("This villager group belongs to another village.")})
    if not people:
        raise ValidationError(_("A household has at least one person."))
    heads = [p for p in people if p.get("relation") in ("01", "02")]
    if len(heads) != 1:
        raise ValidationError(_("Mark exactly one person as the household head."))
    _validate_people(village, people, by)
    today = timezone.localdate()
    household = Household(town_id=village.town_id, village=village, group=group, number=number.strip(),
                          address=address, hukou_type=hukou_type, poverty=poverty, poverty_since=poverty_since,
                          registered_on=registered_on or today)
    _ensure_number_free(household)
    save_tracked(household, by)
    kind, change_place = (VitalEvent.Kind.MOVE_IN, moved_in_from) if moved_in_from else (VitalEvent.Kind.REGISTERED, "")
    created = []
    for fields in people:
        person = Person(town_id=village.town_id, household=household, **fields)
        save_person(person, by)
        # Entering someone in the register happens the day it is recorded; a move in, the day of the move.
        occurred_on = household.registered_on if moved_in_from else today
        log_event(kind=kind, person=person, household=household, occurred_on=occurred_on, change=1,
                  by=by, place=change_place)
        created.append(person)
    mothers = link_children_to_parents(created)
    recompute_birth_orders(mother_ids=mothers)
    recompute_family_categories(household=household)
    return household


def link_children_to_parents(people: list[Person]) -> set[int]:
    """A new household's sons and daughters are the children of its head and the head's spouse.

    Returns the ids of the mothers linked, whose children's birth orders need computing.
    """
    parents = [p for p in people if p.relation in HEAD_RELATIONS | SPOUSE_RELATIONS]
    mother = next((p for p in parents if p.sex == Person.Sex.FEMALE), None)
    father = next((p for p in parents if p.sex == Person.Sex.MALE), None)
    for child in people:
        if child.relation in CHILD_RELATIONS and child.mother_id is None and child.father_id is None:
            child.mother, child.father = mother, father
            child.is_adopted = child.relation in ADOPTED_CHILD_RELATIONS
            child.save(update_fields=["mother", "father", "is_adopted"])
    return {mother.pk} if mother else set()


class PeopleInvalid(ValidationError):
    """Some of the people entered with a household are not valid: `by_index` says which and why."""

    def __init__(self, by_index: dict[int, dict[str, list[str]]]):
        self.by_index = by_index
        super().__init__({f"people[{index}].{field}": messages for index, errors in by_index.items()
                          for field, messages in errors.items()})


def _validate_people(village: Village, people: list[dict], by: User | None) -> None:
    errors = {}
    for index, fields in enumerate(people):
        person = Person(town_id=village.town_id, **fields)
        try:
            person.full_clean(exclude=["household"], validate_constraints=False)
            ensure_id_number_free(person, by)
        except ValidationError as error:
            errors[index] = error.message_dict
    for index, found in implied_parents_ages(people).items():
        validation.merge(errors.setdefault(index, {}), found)
    if errors:
        raise PeopleInvalid(errors)


def implied_parents_ages(people: list[dict]) -> dict[int, dict]:
    """The head's couple are the parents of the household's sons and daughters (link_children_to_parents):
    their ages at each (not adopted) child's birth, as errors on the child's birth date."""
    couple = [p for p in people if p.get("relation") in HEAD_RELATIONS | SPOUSE_RELATIONS]
    mother = next((p for p in couple if p.get("sex") == Person.Sex.FEMALE), {})
    father = next((p for p in couple if p.get("sex") == Person.Sex.MALE), {})
    found = {}
    for index, child in enumerate(people):
        if child.get("relation") in CHILD_RELATIONS - ADOPTED_CHILD_RELATIONS:
            errors = validation.parents_at_birth(
                child.get("birth_date"), mother_born=mother.get("birth_date"), father_born=father.get("birth_date"),
                mother_field="birth_date", father_field="birth_date")
            if errors:
                found[index] = errors
    return found


def _ensure_number_free(household: Household) -> None:
    taken = Household.objects.filter(town_id=household.town_id, number=household.number).exclude(pk=household.pk)
    if taken.exists():
        raise ValidationError({"number": _("This household number is already used in the town.")})


@transaction.atomic
def update_household(*, household: Household, version: int, by: User | None, **changes) -> Household:
    """Edit the household's own fields; refused if someone saved it since `version` was read."""
    require_may_change(by, household.village)
    unknown = set(changes) - set(HOUSEHOLD_EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = lock(household, version)
    for field, value in changes.items():
        setattr(current, field, value)
    if current.group.village_id != current.village_id:
        raise ValidationError({"group": _("This villager group belongs to another village.")})
    if current.poverty == Household.Poverty.NONE:
        current.poverty_since = None
    _ensure_number_free(current)
    try:
        with transaction.atomic():
            save_tracked(current, by, list(changes) + (["poverty_since"] if "poverty" in changes else []))
    except IntegrityError:
        raise ValidationError({"number": _("This household number is already used in the town.")}) from None
    return current


@transaction.atomic
def move_household_out(*, household: Household, moved_on: datetime.date, destination: str, reason: str,
                       by: User | None, version: int | None = None, correction_reason: str = "") -> Household:
    """The whole household leaves the town: everyone registered in it moves out with it."""
    require_may_change(by, household.village)
    check_dates(occurred_on=moved_on, field="moved_on")
    current = lock(household, version)
    if not current.is_active:
        raise ValidationError(_("This household is no longer active."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the household moved out.")})
    people = list(current.people.filter(status=Person.Status.ACTIVE))
    validation.refuse(*(validation.after_birth("moved_on", moved_on, born=p.birth_date, name=p.name) for p in people))
    for person in people:
        person.status, person.status_changed_on, person.status_reason = Person.Status.MOVED_OUT, moved_on, reason
        save_person(person, by, ["status", "status_changed_on", "status_reason"])
        log_event(kind=VitalEvent.Kind.MOVE_OUT, person=person, household=current, occurred_on=moved_on,
                  change=-1, by=by, place=destination, note=reason)
    current.status, current.status_changed_on, current.status_reason = Household.Status.MOVED_OUT, moved_on, reason
    save_tracked(current, by, ["status", "status_changed_on", "status_reason"])
    require_open(town_id=current.town_id, on=moved_on, reason=correction_reason, by=by, record=current,
                 what=_("move out of household %(number)s") % {"number": current.number})
    recompute_family_categories(household=current)
    return current


@transaction.atomic
def dissolve_household(*, household: Household, dissolved_on: datetime.date, reason: str, by: User | None,
                       version: int | None = None) -> Household:
    """Close a household with nobody left registered in it (everyone moved or died)."""
    require_may_change(by, household.village)
    check_dates(occurred_on=dissolved_on, field="dissolved_on")
    current = lock(household, version)
    if current.people.filter(status=Person.Status.ACTIVE).exists():
        raise ValidationError(_("People are still registered in this household: move them first."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the household is dissolved.")})
    current.status, current.status_changed_on, current.status_reason = Household.Status.DISSOLVED, dissolved_on, reason
    save_tracked(current, by, ["status", "status_changed_on", "status_reason"])
    recompute_family_categories(household=current)
    return current
