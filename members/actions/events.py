"""Vital events. Each action records the event and updates the register in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.actions.categories import recompute_birth_orders, recompute_for_households
from members.actions.common import arrived_on, check_dates, log_event, require_open_for, save_person
from members.actions.people import move_person
from members.models import Household, MaritalStatus, Person, Relation, VitalEvent
from members.models.codes import CHILD_RELATIONS, HEAD_RELATIONS, MARRIED_STATUSES, SPOUSE_RELATIONS
from members.rules import validation
from villages.locking import lock
from villages.models import User
from villages.roles import require_may_change


def _require_registered(person: Person, field: str = "person") -> None:
    if not person.is_active:
        raise ValidationError({field: _("%(name)s is not registered any more.") % {"name": person.name}})


def couple_partner(person: Person) -> Person | None:
    """The head's spouse for the head, the head for the spouse, within the household."""
    if person.relation in HEAD_RELATIONS:
        wanted = SPOUSE_RELATIONS
    elif person.relation in SPOUSE_RELATIONS:
        wanted = HEAD_RELATIONS
    else:
        return None
    return (person.household.people.filter(status=Person.Status.ACTIVE, relation__in=wanted)
            .exclude(pk=person.pk).first())


def child_relation(mother: Person, sex: str) -> str:
    male = sex == Person.Sex.MALE
    if mother.relation in HEAD_RELATIONS | SPOUSE_RELATIONS:
        return Relation.SON if male else Relation.DAUGHTER
    if mother.relation == Relation.DAUGHTER_IN_LAW:
        return Relation.GRANDSON if male else Relation.GRANDDAUGHTER
    if mother.relation in CHILD_RELATIONS:
        return Relation.DAUGHTERS_SON if male else Relation.DAUGHTERS_DAUGHTER
    return Relation.OTHER_RELATIVE


@transaction.atomic
def record_birth(*, mother: Person, child_name: str, sex: str, born_on: datetime.date, by: User | None,
                 father: Person | None = None, id_number: str = "", relation: str = "", note: str = "",
                 recorded_on: datetime.date | None = None, correction_reason: str = "") -> VitalEvent:
    """A child born to a registered mother joins her household; its birth order is computed."""
    require_may_change(by, mother.household.village)
    check_dates(occurred_on=born_on, field="born_on")
    _require_registered(mother, "mother")
    if mother.sex != Person.Sex.FEMALE:
        raise ValidationError({"mother": _("The mother must be a woman.")})
    household = mother.household
    if father is None and mother.relation in HEAD_RELATIONS | SPOUSE_RELATIONS:
        partner = couple_partner(mother)
        father = partner if partner is not None and partner.sex == Person.Sex.MALE else None
    validation.refuse(validation.parents_at_birth(born_on, mother_born=mother.birth_date, born_field="born_on",
                                                  father_born=father.birth_date if father else None))
    child = Person(
        town_id=household.town_id, household=household, name=child_name.strip(), sex=sex, birth_date=born_on,
        id_number=id_number, ethnicity=mother.ethnicity, relation=relation or child_relation(mother, sex),
        marital_status=MaritalStatus.SINGLE, mother=mother, father=father,
    )
    save_person(child, by)
    recompute_birth_orders(mother_ids=[mother.pk])
    child.refresh_from_db(fields=["birth_order"])
    event = log_event(kind=VitalEvent.Kind.BIRTH, person=child, household=household, occurred_on=born_on, change=1,
                      by=by, birth_order=child.birth_order, mother=mother, note=note, recorded_on=recorded_on)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({household.pk, *_households_of(mother, father)})
    return event


@transaction.atomic
def record_adoption(*, household: Household, adopted_on: datetime.date, by: User | None,
                    child: Person | None = None, child_fields: dict | None = None,
                    adoptive_mother: Person | None = None, adoptive_father: Person | None = None,
                    place: str = "", note: str = "", correction_reason: str = "") -> VitalEvent:
    """A child adopted into a household: someone already registered in the town, or a child from elsewhere."""
    require_may_change(by, household.village)
    check_dates(occurred_on=adopted_on, field="adopted_on")
    if not household.is_active:
        raise ValidationError(_("This household is no longer active."))
    if (child is None) == (child_fields is None):
        raise ValidationError(_("Choose a registered child or enter a child from elsewhere."))
    born, name = (child.birth_date, child.name) if child else (child_fields.get("birth_date"), child_fields.get("name"))
    validation.refuse(validation.after_birth("adopted_on", adopted_on, born=born, name=name))
    if child is not None:
        _require_registered(child, "child")
        sex = child.sex
        relation = Relation.ADOPTED_OR_STEP_SON if sex == Person.Sex.MALE else Relation.ADOPTED_OR_STEP_DAUGHTER
        if child.household_id != household.pk:
            child = move_person(person=child, to_household=household, moved_on=adopted_on, relation=relation, by=by,
                                reason=_("adoption"))
        change = 0
    else:
        sex = child_fields.get("sex")
        relation = Relation.ADOPTED_OR_STEP_SON if sex == Person.Sex.MALE else Relation.ADOPTED_OR_STEP_DAUGHTER
        child = Person(town_id=household.town_id, household=household, relation=relation, **child_fields)
        change = 1
    old_mother = child.mother_id
    child.relation, child.is_adopted = relation, True
    child.mother, child.father = adoptive_mother, adoptive_father
    save_person(child, by, ["relation", "is_adopted", "mother", "father"]) if child.pk else save_person(child, by)
    recompute_birth_orders(mother_ids={m for m in (old_mother,) if m})
    event = log_event(kind=VitalEvent.Kind.ADOPTION, person=child, household=household, occurred_on=adopted_on,
                      change=change, by=by, place=place, note=note)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({household.pk, *_households_of(adoptive_mother, adoptive_father)})
    return event


@transaction.atomic
def record_death(*, person: Person, died_on: datetime.date, by: User | None, cause: str = "",
                 version: int | None = None, correction_reason: str = "") -> VitalEvent:
    """A death: the person stays on record as deceased; a married partner in the household is widowed."""
    require_may_change(by, person.household.village)
    check_dates(occurred_on=died_on, field="died_on")
    current = lock(person, version)
    _require_registered(current)
    validation.refuse(validation.after_birth("died_on", died_on, born=current.birth_date, name=current.name))
    partner = couple_partner(current) if current.marital_status in MARRIED_STATUSES else None
    current.status, current.died_on, current.status_changed_on = Person.Status.DECEASED, died_on, died_on
    current.status_reason = cause or _("died")
    current.pregnancy, current.pregnancy_noted_on = "", None
    save_person(current, by, ["status", "died_on", "status_changed_on", "status_reason", "pregnancy",
                              "pregnancy_noted_on"])
    if partner is not None and partner.marital_status in MARRIED_STATUSES:
        partner.marital_status = MaritalStatus.WIDOWED
        save_person(partner, by, ["marital_status"])
    event = log_event(kind=VitalEvent.Kind.DEATH, person=current, household=current.household, occurred_on=died_on,
                      change=-1, by=by, note=cause)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({current.household_id, *_households_of(current)})
    return event


@transaction.atomic
def record_move_in(*, household: Household, moved_on: datetime.date, by: User | None, place: str = "",
                   note: str = "", correction_reason: str = "", **fields) -> VitalEvent:
    """Someone from outside the town moves into a registered household."""
    require_may_change(by, household.village)
    check_dates(occurred_on=moved_on, field="moved_on")
    if not household.is_active:
        raise ValidationError(_("This household is no longer active."))
    person = Person(town_id=household.town_id, household=household, **fields)
    validation.refuse(validation.after_birth("moved_on", moved_on, born=person.birth_date, name=person.name))
    save_person(person, by)
    event = log_event(kind=VitalEvent.Kind.MOVE_IN, person=person, household=household, occurred_on=moved_on,
                      change=1, by=by, place=place, note=note)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({household.pk})
    return event


@transaction.atomic
def record_move_out(*, person: Person, moved_on: datetime.date, by: User | None, place: str = "",
                    reason: str = "", version: int | None = None, correction_reason: str = "") -> VitalEvent:
    """Someone leaves the town; the record is kept as moved out."""
    require_may_change(by, person.household.village)
    check_dates(occurred_on=moved_on, field="moved_on")
    current = lock(person, version)
    _require_registered(current)
    validation.refuse(validation.move_out_dates("moved_on", moved_on, born=current.birth_date, name=current.name,
                                                arrived_on=arrived_on(current)))
    current.status, current.status_changed_on = Person.Status.MOVED_OUT, moved_on
    current.status_reason = reason or place or _("moved out")
    save_person(current, by, ["status", "status_changed_on", "status_reason"])
    event = log_event(kind=VitalEvent.Kind.MOVE_OUT, person=current, household=current.household,
                      occurred_on=moved_on, change=-1, by=by, place=place, note=reason)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({current.household_id, *_households_of(current)})
    return event


@transaction.atomic
def record_marriage(*, person: Person, married_on: datetime.date, by: User | None, spouse: Person | None = None,
                    spouse_name: str = "", note: str = "", correction_reason: str = "") -> VitalEvent:
    """A marriage: both partners registered in the town become married; the spouse may live elsewhere."""
    require_may_change(by, person.household.village)
    check_dates(occurred_on=married_on, field="married_on")
    partners = [p for p in (person, spouse) if p is not None]
    for partner in partners:
        _require_registered(partner, "person" if partner is person else "spouse")
        if partner.marital_status in MARRIED_STATUSES:
            raise ValidationError({"person" if partner is person else "spouse": _(
                "%(name)s is recorded as married: record the divorce or the spouse's death first.")
                % {"name": partner.name}})
    if spouse is not None and spouse.sex == person.sex:
        raise ValidationError({"spouse": _("The spouse is of the same sex.")})
    validation.refuse(*(validation.marriage_age("married_on", married_on, born=p.birth_date, sex=p.sex, name=p.name)
                        for p in partners))
    for partner in partners:
        before = partner.marital_status
        partner.marital_status = (MaritalStatus.REMARRIED if before in (MaritalStatus.DIVORCED, MaritalStatus.WIDOWED)
                                  else MaritalStatus.FIRST_MARRIAGE)
        save_person(partner, by, ["marital_status"])
    event = log_event(kind=VitalEvent.Kind.MARRIAGE, person=person, household=person.household,
                      occurred_on=married_on, change=0, by=by, other_person=spouse,
                      other_name=spouse.name if spouse else spouse_name, note=note)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({p.household_id for p in partners})
    return event


@transaction.atomic
def record_divorce(*, person: Person, divorced_on: datetime.date, by: User | None, note: str = "",
                   correction_reason: str = "") -> VitalEvent:
    """A divorce: the person, and the spouse of the last recorded marriage if registered, become divorced."""
    require_may_change(by, person.household.village)
    check_dates(occurred_on=divorced_on, field="divorced_on")
    _require_registered(person)
    if person.marital_status not in MARRIED_STATUSES:
        raise ValidationError({"person": _("%(name)s is not recorded as married.") % {"name": person.name}})
    marriages = VitalEvent.objects.filter(kind=VitalEvent.Kind.MARRIAGE, voided_on__isnull=True)
    marriage = (marriages.filter(person=person).order_by("-occurred_on").first()
                or marriages.filter(other_person=person).order_by("-occurred_on").first())
    validation.refuse(validation.after_birth("divorced_on", divorced_on, born=person.birth_date, name=person.name),
                      validation.divorce_after_marriage("divorced_on", divorced_on,
                                                        married_on=marriage.occurred_on if marriage else None))
    spouse = None
    if marriage is not None:
        spouse = marriage.other_person if marriage.person_id == person.pk else marriage.person
    spouse = spouse or couple_partner(person)
    partners = [p for p in (person, spouse) if p is not None and p.marital_status in MARRIED_STATUSES]
    for partner in partners:
        partner.marital_status = MaritalStatus.DIVORCED
        save_person(partner, by, ["marital_status"])
    event = log_event(kind=VitalEvent.Kind.DIVORCE, person=person, household=person.household,
                      occurred_on=divorced_on, change=0, by=by, other_person=spouse,
                      other_name=spouse.name if spouse else "", note=note)
    require_open_for(event, by=by, reason=correction_reason)
    recompute_for_households({p.household_id for p in partners})
    return event


def _households_of(*people: Person | None) -> set[int]:
    """The households of a person's parents (their categories count this person as a child)."""
    ids = {pk for person in people if person is not None for pk in (person.mother_id, person.father_id) if pk}
    ids |= {person.pk for person in people if person is not None}
    return set(Person.objects.filter(pk__in=ids).values_list("household_id", flat=True))
