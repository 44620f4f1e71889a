"""What every registry action shares: saving with history and version, event rows (the village guard:
villages.roles.require_may_change)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions.ledger import chain_ledger
from members.models import Household, Person, VitalEvent
from members.rules import validation
from villages.closing import require_open
from villages.models import User
from villages.queries import scoped


def save_tracked(instance: models.Model, by: User | None, update_fields: list[str] | None = None) -> None:
    """Validate and save, with the author on the history row; bumps the version on updates."""
    instance._history_user = by
    if update_fields is not None:
        instance.version += 1
        update_fields = [*update_fields, "version", "updated_at"]
    instance.full_clean()
    instance.save(update_fields=update_fields)


def check_dates(*, occurred_on: datetime.date, field: str = "occurred_on") -> datetime.date:
    today = timezone.localdate()
    validation.refuse(validation.in_the_past(field, occurred_on, today=today))
    return today


def log_event(*, kind: str, person: Person, household: Household, occurred_on: datetime.date,
              change: int, by: User | None, recorded_on: datetime.date | None = None, **extra) -> VitalEvent:
    validation.refuse(validation.in_the_past("occurred_on", occurred_on))
    extra.setdefault("marital_status", VitalEvent.marital_status_after(kind, person.marital_status))
    event = VitalEvent(
        village_id=household.village_id, household=household, person=person, kind=kind, occurred_on=occurred_on,
        recorded_on=recorded_on or timezone.localdate(), change=change, recorded_by=by, **extra,
    )
    event._history_user = by
    event.full_clean()
    event.save()
    chain_ledger(person_ids=[person.pk])
    return event


def require_open_for(event: VitalEvent, *, by: User | None, reason: str, field: str = "correction_reason") -> None:
    """An event dated inside a period the town office has closed needs a reason (villages.closing)."""
    require_open(town_id=event.household.town_id, on=event.occurred_on, reason=reason, by=by, record=event,
                 what=_("%(event)s of %(name)s") % {"event": event.get_kind_display(), "name": event.person.name},
                 field=field)


def ensure_id_number_free(person: Person, by: User | None) -> None:
    """A duplicate identity number names its household only to someone who may see that household."""
    if not person.id_number:
        return
    holder = (Person.objects.filter(town_id=person.town_id, id_number=person.id_number)
              .exclude(pk=person.pk).select_related("household__village").first())
    if holder is None:
        return
    raise ValidationError({"id_number": duplicate_message(holder, by)})


def duplicate_message(holder: Person, by: User | None) -> str:
    visible = by is not None and scoped(Household.objects.filter(pk=holder.household_id), by).exists()
    if visible:
        return _("This identity number is already registered in household %(number)s of %(village)s.") % {
            "number": holder.household.number, "village": holder.household.village.name}
    return _("This identity number is already registered elsewhere in the town; ask the town office.")


# A change to these fields can make a parent's age at a birth impossible.
_PARENTHOOD_FIELDS = {"birth_date", "mother", "father", "is_adopted"}


def check_parents(person: Person, update_fields: list[str] | None = None) -> None:
    """The parents' ages at the person's birth, and the person's age at their own children's births,
    checked whenever a birth date or a parent link is written (adoptive parents are not checked)."""
    if update_fields is not None and not _PARENTHOOD_FIELDS & set(update_fields):
        return
    if not person.is_adopted and (person.mother_id or person.father_id):
        validation.refuse(validation.parents_at_birth(
            person.birth_date, mother_born=person.mother.birth_date if person.mother_id else None,
            father_born=person.father.birth_date if person.father_id else None))
    if person.pk and (update_fields is None or "birth_date" in update_fields):
        role = "mother" if person.sex == Person.Sex.FEMALE else "father"
        children = (Person.objects.filter(**{role: person}, is_adopted=False)
                    .exclude(status=Person.Status.DEACTIVATED).only("name", "birth_date"))
        for child in children:
            errors = validation.parents_at_birth(child.birth_date, **{f"{role}_born": person.birth_date})
            validation.refuse({"birth_date": [
                _("%(child)s, born %(born)s: %(problem)s") % {
                    "child": child.name, "born": child.birth_date.isoformat(), "problem": problem}
                for messages in errors.values() for problem in messages]})


def arrived_on(person: Person) -> datetime.date | None:
    """The latest day the person came into the register: moving in, entered, moved within the town, adopted."""
    arrivals = (VitalEvent.Kind.MOVE_IN, VitalEvent.Kind.REGISTERED, VitalEvent.Kind.TRANSFER,
                VitalEvent.Kind.ADOPTION, VitalEvent.Kind.BIRTH)
    return (VitalEvent.objects.filter(person=person, kind__in=arrivals, voided_on__isnull=True)
            .aggregate(latest=models.Max("occurred_on"))["latest"])


def save_person(person: Person, by: User | None, update_fields: list[str] | None = None) -> None:
    """Save a person; a duplicate that slips past the check in a race still gets plain words."""
    ensure_id_number_free(person, by)
    check_parents(person, update_fields)
    try:
        with transaction.atomic():
            save_tracked(person, by, update_fields)
    except IntegrityError as error:
        if "id_number" in str(error) or "id_number_unique_in_town" in str(error):
            raise ValidationError({"id_number": _(
                "This identity number is already registered elsewhere in the town; ask the town office.")}) from None
        raise
