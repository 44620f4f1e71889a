"""People: add to a household, edit, record reproductive health, move, remove from the register."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions.categories import recompute_birth_orders, recompute_for_households
from members.actions.common import check_dates, log_event, require_open_for, save_person
from members.models import Household, Person, VitalEvent
from members.models.codes import HEAD_RELATIONS
from members.rules import validation
from villages.locking import lock
from villages.models import User
from villages.roles import require_may_change

PERSON_EDITABLE = (
    "name", "id_number", "sex", "birth_date", "ethnicity", "relation", "marital_status", "phone", "residence",
    "mother", "father",
)
REPRODUCTIVE_FIELDS = ("contraception", "contraception_since", "pregnancy", "pregnancy_noted_on")


@transaction.atomic
def add_person(*, household: Household, by: User | None, occurred_on: datetime.date | None = None,
               **fields) -> Person:
    """Enter someone who was missing from an active household's register (not a birth or a move)."""
    require_may_change(by, household.village)
    if not household.is_active:
        raise ValidationError(_("This household is no longer active."))
    person = Person(town_id=household.town_id, household=household, **fields)
    validation.refuse(validation.after_birth("occurred_on", occurred_on, born=person.birth_date, name=person.name))
    save_person(person, by)
    log_event(kind=VitalEvent.Kind.REGISTERED, person=person, household=household,
              occurred_on=occurred_on or timezone.localdate(), change=1, by=by)
    _derive_again(person)
    return person


@transaction.atomic
def update_person(*, person: Person, version: int, by: User | None, **changes) -> Person:
    """Correct a person's record; refused if someone saved it since `version` was read."""
    require_may_change(by, person.household.village)
    unknown = set(changes) - set(PERSON_EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = lock(person, version)
    mothers = {current.mother_id}
    for field, value in changes.items():
        setattr(current, field, value)
    save_person(current, by, list(changes))
    mothers.add(current.mother_id)
    recompute_birth_orders(mother_ids={m for m in mothers if m})
    _derive_again(current)
    return current


@transaction.atomic
def update_reproductive_health(*, person: Person, version: int, by: User | None, **changes) -> Person:
    """Contraception measure and pregnancy status: sensitive, for whoever may see them (the caller checks)."""
    require_may_change(by, person.household.village)
    unknown = set(changes) - set(REPRODUCTIVE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = lock(person, version)
    for field, value in changes.items():
        setattr(current, field, value)
    if not current.contraception:
        current.contraception_since = None
    if not current.pregnancy:
        current.pregnancy_noted_on = None
    save_person(current, by, list(REPRODUCTIVE_FIELDS))
    return current


@transaction.atomic
def move_person(*, person: Person, to_household: Household, moved_on: datetime.date, relation: str,
                by: User | None, reason: str = "", version: int | None = None, correction_reason: str = "") -> Person:
    """Move someone to another household of the town.

    Within a village this is a `TRANSFER` (the village's count is unchanged); between villages
    it is a move out of one and a move into the other, so both villages' figures add up.
    """
    require_may_change(by, person.household.village)
    require_may_change(by, to_household.village)
    check_dates(occurred_on=moved_on, field="moved_on")
    current = lock(person, version)
    source = current.household
    if not current.is_active:
        raise ValidationError(_("Only someone registered can be moved."))
    validation.refuse(validation.after_birth("moved_on", moved_on, born=current.birth_date, name=current.name))
    if to_household.pk == source.pk:
        raise ValidationError({"to_household": _("This person is already in that household.")})
    if not to_household.is_active:
        raise ValidationError({"to_household": _("That household is no longer active.")})
    if to_household.town_id != current.town_id:  # a person's town is their household's (members.queries_asof)
        raise ValidationError({"to_household": _("That household is in another town: record a move out and a move "
                                                 "in instead.")})
    if relation in HEAD_RELATIONS and to_household.people.filter(
            status=Person.Status.ACTIVE, relation__in=HEAD_RELATIONS).exists():
        raise ValidationError({"relation": _("That household already has a head.")})
    current.household, current.relation = to_household, relation
    save_person(current, by, ["household", "relation"])
    if source.village_id == to_household.village_id:
        event = log_event(kind=VitalEvent.Kind.TRANSFER, person=current, household=to_household,
                          occurred_on=moved_on, change=0, by=by, place=source.number, note=reason)
    else:
        log_event(kind=VitalEvent.Kind.MOVE_OUT, person=current, household=source, occurred_on=moved_on,
                  change=-1, by=by, place=f"{to_household.village.name} {to_household.number}", note=reason)
        event = log_event(kind=VitalEvent.Kind.MOVE_IN, person=current, household=to_household, occurred_on=moved_on,
                          change=1, by=by, place=f"{source.village.name} {source.number}", note=reason)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({source.pk, to_household.pk, *_parent_households(current)})
    return current


@transaction.atomic
def deactivate_person(*, person: Person, reason: str, by: User | None, version: int | None = None) -> Person:
    """Remove an entry made by mistake (a duplicate, a wrong household). Kept, never deleted."""
    require_may_change(by, person.household.village)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this entry is removed from the register.")})
    current = lock(person, version)
    if not current.is_active:
        raise ValidationError(_("This person is no longer registered."))
    today = timezone.localdate()
    current.status, current.status_changed_on, current.status_reason = Person.Status.DEACTIVATED, today, reason
    save_person(current, by, ["status", "status_changed_on", "status_reason"])
    log_event(kind=VitalEvent.Kind.REMOVED, person=current, household=current.household, occurred_on=today,
              change=-1, by=by, note=reason)
    recompute_birth_orders(mother_ids=[current.mother_id] if current.mother_id else [])
    _derive_again(current)
    return current


def _parent_households(person: Person) -> set[int]:
    ids = [pk for pk in (person.mother_id, person.father_id) if pk]
    return set(Person.objects.filter(pk__in=ids).values_list("household_id", flat=True))


def _derive_again(person: Person) -> None:
    recompute_for_households({person.household_id, *_parent_households(person)})
