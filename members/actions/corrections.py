"""Voiding and correcting recorded vital events: a registered event is never edited in place.

Voiding keeps the row, marked voided with the reason, who and when, and writes a `CORRECTION`
row recorded today that takes its `change` back: the ledger by recorded date stays right and a
past month's figures never move. The register follows the void (a voided birth's child leaves
the register, a voided death's person is registered again, …) or the void is refused, with the
reason, when it cannot follow (the child has later events, the person has been registered again).

Correcting voids the row and records the corrected event in the same transaction: a new row of
the same kind, whose `corrects` names the old one, and the person's record corrected with it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions.categories import recompute_birth_orders, recompute_for_households
from members.actions.common import check_dates, log_event, require_open_for, save_person
from members.actions.events import child_relation, couple_partner
from members.models import MaritalStatus, Person, VitalEvent
from members.models.codes import MARRIED_STATUSES
from villages.locking import lock
from villages.models import User
from villages.roles import require_may_change

Kind = VitalEvent.Kind
EXITS = (Kind.DEATH, Kind.MOVE_OUT, Kind.REMOVED)
MARITAL = (Kind.MARRIAGE, Kind.DIVORCE)
# Rows dated when they were written rather than when something happened: they keep no order with events.
BOOKKEEPING = (Kind.REGISTERED, Kind.REMOVED, Kind.TRANSFER, Kind.CORRECTION)
BIRTH_FIELDS = {"birth_date": "born_on", "name": "child_name"}  # the child's fields, as a birth names them
# What a correction may change, by kind: the date (named as the recording form names it) and details.
CORRECTABLE = {
    Kind.BIRTH: ("born_on", "child_name", "sex", "id_number", "note"),
    Kind.ADOPTION: ("adopted_on", "place"),
    Kind.DEATH: ("died_on", "cause"),
    Kind.MARRIAGE: ("married_on", "spouse_name", "note"),
    Kind.DIVORCE: ("divorced_on", "note"),
    Kind.MOVE_IN: ("moved_on", "place", "note"),
    Kind.MOVE_OUT: ("moved_on", "place", "note"),
}


@transaction.atomic
def void_event(*, event: VitalEvent, reason: str, by: User | None) -> VitalEvent:
    """Void a recorded event and have the register follow; returns the voided row."""
    current = _open_for_change(event, reason=reason, by=by)
    _mark_voided(current, reason=reason, by=by)
    FOLLOW_VOID[current.kind](current, reason.strip(), by)
    return current


@transaction.atomic
def correct_event(*, event: VitalEvent, reason: str, by: User | None, **changes) -> VitalEvent:
    """Void an event and record it again as corrected (`changes`: see CORRECTABLE); returns the new row."""
    current = _open_for_change(event, reason=reason, by=by)
    unknown = set(changes) - set(CORRECTABLE[current.kind])
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    date_field = CORRECTABLE[current.kind][0]
    on = changes.pop(date_field, None) or current.occurred_on
    check_dates(occurred_on=on, field=date_field)
    _check_order(current, on, date_field)
    _mark_voided(current, reason=reason, by=by)
    replacement = RECORD_AGAIN[current.kind](current, on, changes, by)
    require_open_for(replacement, by=by, reason=reason, field="reason")
    recompute_for_households(_households_around(current.person, current.other_person))
    return replacement


def _open_for_change(event: VitalEvent, *, reason: str, by: User | None) -> VitalEvent:
    require_may_change(by, event.household.village)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this event is voided or corrected.")})
    current = lock(event, queryset=VitalEvent.objects.select_related(
        "household", "person__household__village", "other_person__household__village"))
    for person in (current.person, current.other_person):  # whose records the void changes
        if person is not None:
            require_may_change(by, person.household.village)
    if current.is_voided:
        raise ValidationError(_("This event has already been voided."))
    if current.kind not in CORRECTABLE:
        raise ValidationError(_("Only recorded vital events can be voided or corrected; this is a register entry."))
    require_open_for(current, by=by, reason=reason, field="reason")
    return current


def _mark_voided(current: VitalEvent, *, reason: str, by: User | None) -> None:
    current.voided_on, current.voided_by, current.void_reason = timezone.localdate(), by, reason.strip()
    current._history_user = by
    current.full_clean()
    current.save(update_fields=["voided_on", "voided_by", "void_reason"])
    log_event(kind=Kind.CORRECTION, person=current.person, household=current.household,
              occurred_on=current.occurred_on, change=-current.change, by=by, corrects=current, note=reason.strip())


# --- What the register does when an event is voided ---------------------------------------------------

def _void_entry(current: VitalEvent, reason: str, by: User | None) -> None:
    """A voided birth, adoption from elsewhere or move in: the person leaves the register (kept, deactivated)."""
    if current.kind == Kind.ADOPTION and current.change == 0:
        raise ValidationError(_("This child was already registered in the town: correct the child's record "
                                "and household instead of voiding the adoption."))
    _refuse_town_move(current)
    person = lock(current.person)
    _refuse_later_events(current, person, entry=True)
    person.status, person.status_changed_on, person.status_reason = (
        Person.Status.DEACTIVATED, timezone.localdate(), reason)
    save_person(person, by, ["status", "status_changed_on", "status_reason"])
    if person.mother_id:
        recompute_birth_orders(mother_ids=[person.mother_id])
    recompute_for_households(_households_around(person))


def _void_exit(current: VitalEvent, reason: str, by: User | None) -> None:
    """A voided death or move out: the person is registered again, in the household they were in."""
    _refuse_town_move(current)
    person = lock(current.person)
    was = Person.Status.DECEASED if current.kind == Kind.DEATH else Person.Status.MOVED_OUT
    if person.is_active:
        raise ValidationError(_("%(name)s has since been registered again: this event cannot be voided.")
                              % {"name": person.name})
    if person.status != was:
        raise ValidationError(_("%(name)s's record no longer follows from this event: it cannot be voided.")
                              % {"name": person.name})
    _refuse_later_events(current, person, entry=False)
    if person.household_id != current.household_id or not current.household.is_active:
        raise ValidationError(_("Household %(number)s is no longer active: register %(name)s in a household "
                                "instead.") % {"number": current.household.number, "name": person.name})
    person.status, person.died_on = Person.Status.ACTIVE, None
    person.status_changed_on, person.status_reason = timezone.localdate(), reason
    save_person(person, by, ["status", "died_on", "status_changed_on", "status_reason"])
    if current.kind == Kind.DEATH:
        _unwiden_partners(person, by)
    recompute_for_households(_households_around(person))


def _void_marital(current: VitalEvent, reason: str, by: User | None) -> None:
    """A voided marriage or divorce: each partner's marital status follows from the events that remain."""
    partners = [p for p in (current.person, current.other_person) if p is not None]
    later = _marital_rows([p.pk for p in partners]).filter(kind__in=MARITAL).exclude(pk=current.pk).filter(
        Q(occurred_on__gt=current.occurred_on) | Q(occurred_on=current.occurred_on, pk__gt=current.pk)).first()
    if later is not None:
        raise ValidationError(_("A later %(event)s of %(date)s depends on this event: void that first.")
                              % {"event": later.get_kind_display(), "date": later.occurred_on.isoformat()})
    for partner in partners:
        partner = lock(partner)
        status = marital_status_from_events(partner)
        if status != partner.marital_status:
            partner.marital_status = status
            save_person(partner, by, ["marital_status"])
    recompute_for_households(_households_around(*partners))


FOLLOW_VOID = {
    Kind.BIRTH: _void_entry, Kind.ADOPTION: _void_entry, Kind.MOVE_IN: _void_entry,
    Kind.DEATH: _void_exit, Kind.MOVE_OUT: _void_exit,
    Kind.MARRIAGE: _void_marital, Kind.DIVORCE: _void_marital,
}


def marital_status_from_events(person: Person) -> str:
    """The marital status the person's events (not voided) lead to, replayed in order.

    The status at entry, then each marriage and divorce; married to someone who has since died is
    widowed. Without any event that says a status, the recorded status stands.
    """
    status, spouse_id = None, None
    # In the order members.queries_asof reads them: the status someone was entered with first, then by date.
    rows = sorted(_marital_rows([person.pk]),
                  key=lambda r: (r.kind != Kind.REGISTERED, r.occurred_on, r.kind in MARITAL, r.pk))
    for row in rows:
        if row.kind == Kind.MARRIAGE:
            status = (MaritalStatus.REMARRIED if status in (MaritalStatus.DIVORCED, MaritalStatus.WIDOWED)
                      else MaritalStatus.FIRST_MARRIAGE)
            spouse_id = row.other_person_id if row.person_id == person.pk else row.person_id
        elif row.kind == Kind.DIVORCE:
            status, spouse_id = MaritalStatus.DIVORCED, None
        else:
            status = row.marital_status
    if status is None:
        return person.marital_status
    if status in MARRIED_STATUSES and spouse_id and Person.objects.filter(
            pk=spouse_id, status=Person.Status.DECEASED).exists():
        return MaritalStatus.WIDOWED
    return status


def _marital_rows(person_ids: list[int]):
    """Rows that say a marital status of these people, not voided (as the person, or the spouse)."""
    return (VitalEvent.objects.filter(Q(person_id__in=person_ids) | Q(other_person_id__in=person_ids, kind__in=MARITAL),
                                      voided_on__isnull=True).exclude(marital_status=""))


def _unwiden_partners(person: Person, by: User | None) -> None:
    """The partner the voided death widowed (members.actions.events.record_death) is married again."""
    partner = couple_partner(person)
    if partner is None or partner.marital_status != MaritalStatus.WIDOWED:
        return
    status = marital_status_from_events(partner)
    if status in MARRIED_STATUSES:
        partner.marital_status = status
        save_person(partner, by, ["marital_status"])


def _refuse_later_events(current: VitalEvent, person: Person, *, entry: bool) -> None:
    """Refuse a void that would leave later events of the person without the one they follow from."""
    if entry:
        rows = VitalEvent.objects.filter(Q(person=person) | Q(other_person=person) | Q(mother=person))
    else:  # nothing is recorded of someone who died or left, but what is recorded after
        rows = VitalEvent.objects.filter(person=person, pk__gt=current.pk)
    rows = rows.exclude(pk=current.pk).exclude(kind=Kind.CORRECTION).filter(voided_on__isnull=True)
    later = rows.order_by("occurred_on", "pk").first()
    if later is not None:
        raise ValidationError(_("%(name)s has a later %(event)s of %(date)s in the register: void that first.") % {
            "name": person.name, "event": later.get_kind_display(), "date": later.occurred_on.isoformat()})
    if entry and Person.objects.filter(Q(mother=person) | Q(father=person)).exclude(
            status=Person.Status.DEACTIVATED).exists():
        raise ValidationError(_("Children of %(name)s are registered: this event cannot be voided.")
                              % {"name": person.name})


def _refuse_town_move(current: VitalEvent) -> None:
    """A move between two villages of the town writes a move out and a move in: they are undone together."""
    if current.kind not in (Kind.MOVE_IN, Kind.MOVE_OUT):
        return
    other = Kind.MOVE_OUT if current.kind == Kind.MOVE_IN else Kind.MOVE_IN
    if VitalEvent.objects.filter(person_id=current.person_id, kind=other, occurred_on=current.occurred_on,
                                 recorded_on=current.recorded_on, voided_on__isnull=True).exclude(
                                     village_id=current.village_id).exists():
        raise ValidationError(_("This is part of a move within the town: move the person back instead."))


def _households_around(*people: Person | None) -> set[int]:
    """The people's households and their parents' (their categories count them as children)."""
    ids = {pk for person in people if person is not None for pk in (person.mother_id, person.father_id) if pk}
    households = set(Person.objects.filter(pk__in=ids).values_list("household_id", flat=True))
    return households | {person.household_id for person in people if person is not None}


# --- Recording a corrected event ---------------------------------------------------------------------

def _check_order(current: VitalEvent, on: datetime.date, field: str) -> None:
    """The corrected date keeps the event in its place among the person's other events."""
    people = [pk for pk in (current.person_id, current.other_person_id) if pk]
    rows = (VitalEvent.objects.filter(Q(person_id__in=people) | Q(other_person_id__in=people) | Q(mother_id__in=people))
            .exclude(pk=current.pk).exclude(kind__in=BOOKKEEPING).filter(voided_on__isnull=True)
            .select_related("person"))
    for row in rows:
        before = _comes_before(row, current)
        if before is None:
            continue
        if before and row.occurred_on > on:
            message = _("The %(event)s of %(name)s on %(date)s came before this event: the date cannot be earlier.")
        elif not before and row.occurred_on < on:
            message = _("The %(event)s of %(name)s on %(date)s came after this event: the date cannot be later.")
        else:
            continue
        raise ValidationError({field: message % {"event": row.get_kind_display(), "name": row.person.name,
                                                 "date": row.occurred_on.isoformat()}})


def _comes_before(row: VitalEvent, current: VitalEvent) -> bool | None:
    """Whether `row` must stay on or before `current`, after it (False), or may be anywhere (None)."""
    if current.kind in VitalEvent.ENTRY:
        return False
    if current.kind in EXITS:
        return True
    if row.mother_id in (current.person_id, current.other_person_id) and row.person_id not in (
            current.person_id, current.other_person_id):
        return None  # a child's birth may come before or after the parents' marriage or divorce
    if row.kind in VitalEvent.ENTRY:
        return True
    if row.kind in EXITS:
        return False
    return (row.occurred_on, row.pk) < (current.occurred_on, current.pk)


def _again(current: VitalEvent, on: datetime.date, by: User | None, **fields) -> VitalEvent:
    """The corrected row: the same kind, person and household, naming the row it corrects."""
    fields = {"mother": current.mother, "other_person": current.other_person, "other_name": current.other_name,
              "place": current.place, "note": current.note, "birth_order": current.birth_order,
              "marital_status": current.marital_status, **fields}
    return log_event(kind=current.kind, person=current.person, household=current.household, occurred_on=on,
                     change=current.change, by=by, corrects=current, **fields)


def _birth_again(current: VitalEvent, on: datetime.date, changes: dict, by: User | None) -> VitalEvent:
    child, mother = lock(current.person), current.mother
    if mother is not None and on <= mother.birth_date:
        raise ValidationError({"born_on": _("The child cannot be born before the mother.")})
    sex = changes.get("sex") or child.sex
    if mother is not None and sex != child.sex and child.relation == child_relation(mother, child.sex):
        child.relation = child_relation(mother, sex)
    child.name = (changes.get("child_name") or child.name).strip()
    child.sex, child.birth_date = sex, on
    child.id_number = changes.get("id_number", child.id_number)
    try:
        save_person(child, by, ["name", "sex", "birth_date", "id_number", "relation"])
    except ValidationError as error:  # the child's record speaks of its fields, the correction of its own
        raise ValidationError({BIRTH_FIELDS.get(field, field): messages
                               for field, messages in error.message_dict.items()}) from None
    if mother is not None:
        recompute_birth_orders(mother_ids=[mother.pk])
        child.refresh_from_db(fields=["birth_order"])
    current.person = child
    return _again(current, on, by, birth_order=child.birth_order or current.birth_order,
                  note=changes.get("note", current.note))


def _death_again(current: VitalEvent, on: datetime.date, changes: dict, by: User | None) -> VitalEvent:
    person = lock(current.person)
    if person.status != Person.Status.DECEASED:
        raise ValidationError(_("%(name)s is not recorded as deceased any more.") % {"name": person.name})
    if on < person.birth_date:
        raise ValidationError({"died_on": _("The date of death is before the birth date.")})
    cause = changes.get("cause", current.note)
    person.died_on = person.status_changed_on = on
    person.status_reason = cause or person.status_reason
    save_person(person, by, ["died_on", "status_changed_on", "status_reason"])
    return _again(current, on, by, note=cause)


def _move_out_again(current: VitalEvent, on: datetime.date, changes: dict, by: User | None) -> VitalEvent:
    _refuse_town_move(current)
    person = lock(current.person)
    if person.status != Person.Status.MOVED_OUT:
        raise ValidationError(_("%(name)s is not recorded as moved out any more.") % {"name": person.name})
    person.status_changed_on = on
    save_person(person, by, ["status_changed_on"])
    return _again(current, on, by, place=changes.get("place", current.place), note=changes.get("note", current.note))


def _move_in_again(current: VitalEvent, on: datetime.date, changes: dict, by: User | None) -> VitalEvent:
    _refuse_town_move(current)
    return _again(current, on, by, place=changes.get("place", current.place), note=changes.get("note", current.note))


def _adoption_again(current: VitalEvent, on: datetime.date, changes: dict, by: User | None) -> VitalEvent:
    return _again(current, on, by, place=changes.get("place", current.place))


def _marital_again(current: VitalEvent, on: datetime.date, changes: dict, by: User | None) -> VitalEvent:
    name = current.other_name if current.other_person_id else changes.get("spouse_name", current.other_name)
    return _again(current, on, by, other_name=name.strip(), note=changes.get("note", current.note))


RECORD_AGAIN = {
    Kind.BIRTH: _birth_again, Kind.ADOPTION: _adoption_again, Kind.DEATH: _death_again,
    Kind.MOVE_IN: _move_in_again, Kind.MOVE_OUT: _move_out_again,
    Kind.MARRIAGE: _marital_again, Kind.DIVORCE: _marital_again,
}
