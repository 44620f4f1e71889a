"""Record help given to families in difficulty, run assistance projects with the households taking part, and
record a family's way out of poverty — in the registry, through its own action.

Nothing is deleted: a record given by mistake is voided (a date and a reason), a participation or a pairing ends
on a day, a project ends on a day."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions.households import update_household
from members.models import Household, Person
from members.models.codes import CHILD_RELATIONS
from services.actions import not_future, require_open_dates, require_writer
from services.models import Assistance, AssistanceProject, Fundraising
from services.models.assistance import MONEY_KINDS, AssistanceKind
from villages.locking import claim, lock
from villages.models import Appointment, Town, User

PROJECT_FIELDS = {"name", "started_on", "ended_on", "description"}
ASSISTANCE_FIELDS = {"given_on", "until", "amount", "fundraising", "helper_name", "helper_user",
                     "helper_appointment", "note"}


def _check_project(project: AssistanceProject) -> None:
    not_future(project.started_on, "started_on")
    not_future(project.ended_on, "ended_on")
    if project.started_on and project.ended_on and project.ended_on < project.started_on:
        raise ValidationError({"ended_on": _("The end is on or after the start.")})
    project.full_clean()


@transaction.atomic
def start_project(*, town: Town, village, name: str, started_on: datetime.date, by: User | None,
                  description: str = "", correction_reason: str = "") -> AssistanceProject:
    """A village's assistance project, running from `started_on`."""
    if village is None:
        raise ValidationError({"village": _("An assistance project belongs to a village.")})
    require_writer(by, town, village)
    project = AssistanceProject(town=town, village=village, name=name, started_on=started_on,
                                description=description)
    _check_project(project)
    project._history_user = by
    project.save()
    require_open_dates(town=town, dates=[started_on], reason=correction_reason, by=by, record=project,
                       village=village, what=_("assistance project %(name)s") % {"name": name})
    return project


@transaction.atomic
def update_project(*, project: AssistanceProject, version: int | None, by: User | None, correction_reason: str = "",
                   **fields) -> AssistanceProject:
    """Change a project's name, dates or description; an end date ends the participations still running then."""
    require_writer(by, project.town, project.village)
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(project, version)
    before = (current.started_on, current.ended_on)
    for field, value in fields.items():
        setattr(current, field, value)
    _check_project(current)
    taking_part = current.participants.filter(voided_on__isnull=True)
    if taking_part.filter(given_on__lt=current.started_on).exists():
        raise ValidationError({"started_on": _("A household joined before this day.")})
    if current.ended_on and taking_part.filter(given_on__gt=current.ended_on).exists():
        raise ValidationError({"ended_on": _("A household joined after this day.")})
    after = (current.started_on, current.ended_on)
    moved = [day for old, new in zip(before, after, strict=True) if old != new for day in (old, new)]
    require_open_dates(town=current.town, dates=moved, reason=correction_reason, by=by, record=current,
                       village=current.village, what=_("assistance project %(name)s") % {"name": current.name})
    current._history_user = by
    current.save()
    if current.ended_on:
        for row in taking_part.filter(until__isnull=True) | taking_part.filter(until__gt=current.ended_on):
            row.until = current.ended_on
            row.version += 1
            row._history_user = by
            row.save()
    return current


def _check(record: Assistance, children: list[Person] | None) -> None:
    errors = {}
    not_future(record.given_on, "given_on")
    not_future(record.until, "until")
    if record.household_id and record.household.registered_on and record.given_on \
            and record.given_on < record.household.registered_on:
        errors["given_on"] = _("The household was registered on %(date)s.") % {
            "date": record.household.registered_on.isoformat()}
    if record.amount is not None and record.amount <= 0:
        errors["amount"] = _("The amount is more than zero.")
    if record.kind in MONEY_KINDS:
        record.until = None
        if record.amount is None:
            errors["amount"] = _("Say how much was given.")
    elif record.fundraising_id:
        errors["fundraising"] = _("Only school fees and hardship grants are paid from a fundraising.")
    if record.kind != AssistanceKind.SCHOOL_FEES and children:
        errors["children"] = _("Children are named for school fees only.")
    if record.given_on and record.until and record.until < record.given_on:
        errors["until"] = _("The end is on or after the start.")
    if record.kind == AssistanceKind.PAIRING and not (record.helper_name or record.helper_user_id
                                                      or record.helper_appointment_id):
        errors["helper_name"] = _("Say who is paired with the family.")
    if record.fundraising_id and record.given_on and record.given_on < record.fundraising.starts_on:
        errors["given_on"] = _("The fundraising began on %(date)s.") % {
            "date": record.fundraising.starts_on.isoformat()}
    if record.fundraising_id and record.fundraising.town_id != record.town_id:
        errors["fundraising"] = _("This fundraising is not the town's.")
    if record.fundraising_id and record.fundraising.village_id not in (None, record.village_id):
        errors["fundraising"] = _("This fundraising is another village's.")
    if record.helper_appointment_id and record.helper_appointment.position.village_id not in (None,
                                                                                              record.village_id):
        errors["helper_appointment"] = _("This post is another village's.")
    if record.project_id:
        project = record.project
        if record.given_on and record.given_on < project.started_on:
            errors["given_on"] = _("The project started on %(date)s.") % {"date": project.started_on.isoformat()}
        if project.ended_on and record.given_on and record.given_on > project.ended_on:
            errors["given_on"] = _("The project ended on %(date)s.") % {"date": project.ended_on.isoformat()}
    for child in children or []:
        if child.household_id != record.household_id or child.relation not in CHILD_RELATIONS:
            errors["children"] = _("%(name)s is not a child of this household.") % {"name": child.name}
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["town", "village"])


def _helper_post(appointment: Appointment | None) -> Appointment | None:
    return Appointment.objects.select_related("position").get(pk=appointment.pk) if appointment else None


@transaction.atomic
def give_assistance(*, household: Household, kind: str, given_on: datetime.date, by: User | None,
                    amount: Decimal | None = None, until: datetime.date | None = None,
                    fundraising: Fundraising | None = None, helper_name: str = "", helper_user: User | None = None,
                    helper_appointment: Appointment | None = None, children: list[Person] | None = None,
                    note: str = "", correction_reason: str = "") -> Assistance:
    """School fees (with the children kept in school), a hardship grant or a pairing for a household. Taking part
    in a project is `join_project`."""
    if kind == AssistanceKind.PROJECT:
        raise ValidationError({"kind": _("A household takes part in a project from the project's page.")})
    require_writer(by, household.village.town, household.village)
    record = Assistance(town_id=household.town_id, village_id=household.village_id, household=household, kind=kind,
                        given_on=given_on, until=until, amount=amount, fundraising=fundraising,
                        helper_name=helper_name, helper_user=helper_user,
                        helper_appointment=_helper_post(helper_appointment), note=note)
    return _save_new(record, children, by, correction_reason)


def _save_new(record: Assistance, children, by, correction_reason: str) -> Assistance:
    _check(record, children)
    record._history_user = by
    record.save()
    if children:
        record.children.set(children)
    require_open_dates(town=record.household.village.town, dates=[record.given_on], reason=correction_reason, by=by,
                       record=record, village=record.household.village,
                       what=_("assistance to household %(number)s") % {"number": record.household.number})
    return record


@transaction.atomic
def join_project(*, project: AssistanceProject, household: Household, joined_on: datetime.date, by: User | None,
                 helper_name: str = "", note: str = "", correction_reason: str = "") -> Assistance:
    """A household of the project's village takes part in it from `joined_on`."""
    require_writer(by, project.town, project.village)
    project = lock(project)
    if household.village_id != project.village_id:
        raise ValidationError({"household": _("The household is not of the project's village.")})
    if project.participants.filter(household=household, voided_on__isnull=True, until__isnull=True).exists():
        raise ValidationError({"household": _("The household takes part in the project already.")})
    record = Assistance(town_id=household.town_id, village_id=household.village_id, household=household,
                        kind=AssistanceKind.PROJECT, project=project, given_on=joined_on, helper_name=helper_name,
                        note=note)
    return _save_new(record, None, by, correction_reason)


@transaction.atomic
def update_assistance(*, record: Assistance, version: int | None, by: User | None, correction_reason: str = "",
                      children: list[Person] | None = None, **fields) -> Assistance:
    """Correct a record (its dates, amount, helper …) or end a pairing or a participation (`until`)."""
    require_writer(by, record.household.village.town, record.household.village)
    unknown = set(fields) - ASSISTANCE_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(record, version)
    if current.is_voided:
        raise ValidationError(_("This record has been voided."))
    before = (current.given_on, current.until)
    for field, value in fields.items():
        setattr(current, field, _helper_post(value) if field == "helper_appointment" else value)
    _check(current, children if children is not None else list(current.children.all()))
    after = (current.given_on, current.until)
    moved = [day for old, new in zip(before, after, strict=True) if old != new for day in (old, new)]
    require_open_dates(town=current.household.village.town, dates=moved, reason=correction_reason, by=by,
                       record=current, village=current.household.village,
                       what=_("assistance to household %(number)s") % {"number": current.household.number})
    current._history_user = by
    current.save()
    if children is not None:
        current.children.set(children)
    return current


@transaction.atomic
def void_assistance(*, record: Assistance, reason: str, version: int | None, by: User | None,
                    correction_reason: str = "") -> Assistance:
    """A record given by mistake stops counting from the day it is voided; it stays, with its reason."""
    require_writer(by, record.household.village.town, record.household.village)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is voided.")})
    current = claim(record, version)
    if current.is_voided:
        raise ValidationError(_("This record has been voided."))
    current.voided_on = timezone.localdate()
    current.void_reason = reason.strip()
    require_open_dates(town=current.household.village.town, dates=[current.given_on], reason=correction_reason,
                       by=by, record=current, village=current.household.village,
                       what=_("assistance to household %(number)s") % {"number": current.household.number})
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def record_out_of_poverty(*, household: Household, lifted_on: datetime.date, version: int | None, by: User | None,
                          correction_reason: str = "") -> Household:
    """The household is out of poverty from `lifted_on`: its poverty status in the registry becomes 'lifted out of
    poverty' through the registry's own action (with its history), not a copy kept here. `version` is the
    household's, as read."""
    not_future(lifted_on, "lifted_on")
    current = lock(household, version)
    if current.poverty != Household.Poverty.POOR:
        raise ValidationError({"lifted_on": _("The household is not registered as poor (today: %(status)s).")
                               % {"status": current.get_poverty_display()}})
    if current.poverty_since and lifted_on < current.poverty_since:
        raise ValidationError({"lifted_on": _("The household was registered as poor on %(date)s.")
                               % {"date": current.poverty_since.isoformat()}})
    require_writer(by, current.village.town, current.village)
    require_open_dates(town=current.village.town, dates=[lifted_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("household %(number)s out of poverty") % {"number": current.number})
    return update_household(household=current, version=current.version, by=by, poverty=Household.Poverty.LIFTED,
                            poverty_since=lifted_on)
