"""Every change to the registry of villages, groups and teams, as one named function each.

Each action checks that `by` may make the change (villages.queries), validates the whole row
(`full_clean`), saves narrowly inside one transaction and records `by` in the row's history.
Who may do what (see villages.queries): the town office keeps the registry; a specialist keeps
only the group leaders and birth information liaisons of their own village; leadership and
members change nothing. Nothing here deletes: an appointment ends, a village is deactivated.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from villages import closing, queries
from villages.locking import claim, lock
from villages.models import (
    Appointment,
    CandidateVetting,
    Designation,
    Position,
    Town,
    User,
    Village,
    VillagerGroup,
)

VILLAGE_POSITIONS = [kind for kind in Position.Kind if kind != Position.Kind.GROUP_LEADER]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this record."))


def _save(record, by: User, reason: str, fields: list[str] | None = None) -> None:
    record._history_user = by
    record._change_reason = reason
    record.full_clean()
    record.save(update_fields=fields)


def _dated(by: User, village: Village, days, what: str, record=None, reason: str = "") -> None:
    """A write dated inside a closed period is a correction with a reason (the old and the new date both count)."""
    for day in dict.fromkeys(day for day in days if day is not None):
        closing.require_open(town_id=village.town_id, on=day, reason=reason, by=by, what=what, record=record,
                             village_id=village.pk)


def _not_in_future(field: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- Villages and groups --------------------------------------------------------------------

@transaction.atomic
def create_village(*, by: User, town: Town, code: str, name: str) -> Village:
    """Register a village with its village-level posts (all vacant)."""
    _require(queries.keeps_town_registry(by, town))
    village = Village(town=town, code=code, name=name)
    _save(village, by, "create village")
    open_posts(by=by, village=village)
    return village


@transaction.atomic
def open_posts(*, by: User, village: Village) -> list[Position]:
    """Give the village every village-level post and each group its leader's post, once (vacant)."""
    existing = set(Position.objects.filter(village=village).values_list("kind", "group_id"))
    wanted = [(kind, None) for kind in VILLAGE_POSITIONS]
    wanted += [(Position.Kind.GROUP_LEADER, pk) for pk in village.groups.values_list("pk", flat=True)]
    created = []
    for kind, group_id in wanted:
        if (kind, group_id) not in existing:
            position = Position(village=village, kind=kind, group_id=group_id)
            _save(position, by, "open post")
            created.append(position)
    return created


@transaction.atomic
def update_village(*, by: User, village: Village, version: int, name: str, code: str,
                   is_active: bool = True) -> Village:
    _require(queries.keeps_registry(by, village))
    village = claim(village, version)
    village.name, village.code, village.is_active = name, code, is_active
    _save(village, by, "update village", ["name", "code", "is_active", "version"])
    return village


@transaction.atomic
def create_group(*, by: User, village: Village, number: int, name: str) -> VillagerGroup:
    """Register a villager group and its (vacant) group leader post."""
    _require(queries.keeps_registry(by, village))
    if VillagerGroup.objects.filter(village=village, number=number).exists():
        raise ValidationError({"number": _("This village already has a group with this number.")})
    group = VillagerGroup(village=village, number=number, name=name)
    _save(group, by, "create group")
    open_posts(by=by, village=village)
    return group


@transaction.atomic
def update_group(*, by: User, group: VillagerGroup, version: int, number: int,
                 name: str) -> VillagerGroup:
    _require(queries.keeps_registry(by, group.village))
    group = claim(group, version)
    if VillagerGroup.objects.filter(village_id=group.village_id, number=number).exclude(pk=group.pk).exists():
        raise ValidationError({"number": _("This village already has a group with this number.")})
    group.number, group.name = number, name
    _save(group, by, "update group", ["number", "name", "version"])
    return group


# --- Self-government status -----------------------------------------------------------------

@transaction.atomic
def declare_self_government(*, by: User, village: Village, declared_on: datetime.date,
                            version: int, correction_reason: str = "") -> Village:
    """Record the day the village declared villager self-government (or correct it)."""
    _require(queries.keeps_registry(by, village))
    village = claim(village, version)
    _not_in_future("self_government_declared_on", declared_on)
    if village.regulations_adopted_on and declared_on > village.regulations_adopted_on:
        raise ValidationError({"self_government_declared_on": _(
            "The regulations were adopted on %(date)s; self-government was declared before that."
        ) % {"date": village.regulations_adopted_on}})
    _dated(by, village, [village.self_government_declared_on, declared_on], _("declaration of self-government"),
           village, correction_reason)
    village.self_government_declared_on = declared_on
    _save(village, by, "declare self-government", ["self_government_declared_on", "version"])
    return village


@transaction.atomic
def adopt_regulations(*, by: User, village: Village, adopted_on: datetime.date, text: str = "",
                      file=None, version: int, correction_reason: str = "") -> Village:
    """Record the village's regulations on villager self-government: the day, the text or file."""
    _require(queries.keeps_registry(by, village))
    village = claim(village, version)
    _not_in_future("regulations_adopted_on", adopted_on)
    if village.self_government_declared_on is None:
        raise ValidationError({"regulations_adopted_on": _(
            "Record the declaration of self-government before its regulations.")})
    if adopted_on < village.self_government_declared_on:
        raise ValidationError({"regulations_adopted_on": _(
            "Regulations cannot be adopted before self-government was declared (%(date)s)."
        ) % {"date": village.self_government_declared_on}})
    if not text.strip() and not file and not village.regulations_file:
        raise ValidationError({"regulations_text": _("Give the text of the regulations or attach the file.")})
    _dated(by, village, [village.regulations_adopted_on, adopted_on], _("regulations on villager self-government"),
           village, correction_reason)
    village.regulations_adopted_on = adopted_on
    village.regulations_text = text.strip()
    fields = ["regulations_adopted_on", "regulations_text", "version"]
    if file:
        village.regulations_file = file
        fields.append("regulations_file")
    _save(village, by, "adopt regulations", fields)
    return village


def check_designation(*, village: Village, year: int, kind: str, decided_on: datetime.date,
                      rectification_plan: str = "", target_year_one: str = "", target_year_two: str = "",
                      target_year_three: str = "", designation_pk: int | None = None) -> None:
    """The rules of a designation; also used by the admin's form."""
    _not_in_future("decided_on", decided_on)
    if decided_on.year not in (year, year + 1):
        raise ValidationError({"decided_on": _("A designation for %(year)s is decided in that year or the next.")
                               % {"year": year}})
    if Designation.objects.filter(village=village, year=year).exclude(pk=designation_pk).exists():
        raise ValidationError({"year": _("This village already has a designation for %(year)s.") % {"year": year}})
    if kind == Designation.Kind.LAGGING:
        targets = {"rectification_plan": rectification_plan, "target_year_one": target_year_one,
                   "target_year_two": target_year_two, "target_year_three": target_year_three}
        missing = {field: _("A lagging village needs this.") for field, value in targets.items() if not value.strip()}
        if missing:
            raise ValidationError(missing)


@transaction.atomic
def designate_village(*, by: User, village: Village, year: int, kind: str, decided_on: datetime.date,
                      reason: str = "", rectification_plan: str = "", target_year_one: str = "",
                      target_year_two: str = "", target_year_three: str = "",
                      correction_reason: str = "") -> Designation:
    """Record the year's designation; a lagging village gets a rectification plan with targets."""
    _require(queries.keeps_registry(by, village))
    designation = Designation(
        village=village, year=year, kind=kind, decided_on=decided_on, reason=reason,
        rectification_plan=rectification_plan, target_year_one=target_year_one,
        target_year_two=target_year_two, target_year_three=target_year_three,
    )
    check_designation(village=village, year=year, kind=kind, decided_on=decided_on,
                      rectification_plan=rectification_plan, target_year_one=target_year_one,
                      target_year_two=target_year_two, target_year_three=target_year_three)
    _save(designation, by, "designate village")
    _dated(by, village, [decided_on], _("designation"), designation, correction_reason)
    return designation


# --- The three-in-one team ------------------------------------------------------------------

def check_appointment(*, position: Position, started_on: datetime.date, pay_kind: str,
                      monthly_amount: Decimal) -> None:
    """The rules of a new appointment; also used by the admin's form."""
    current = position.appointments.filter(ended_on__isnull=True).first()
    if current is not None:
        raise ValidationError({"position": _(
            "%(name)s still holds this post since %(date)s. End that appointment first."
        ) % {"name": current.holder_name, "date": current.started_on}})
    last = position.appointments.order_by("-ended_on").first()
    if last is not None and started_on < last.ended_on:
        raise ValidationError({"started_on": _(
            "The previous holder served until %(date)s; the new appointment cannot start before that."
        ) % {"date": last.ended_on}})
    if pay_kind == Appointment.PayKind.NONE and monthly_amount:
        raise ValidationError({"monthly_amount": _("An unpaid post has no monthly amount.")})


@transaction.atomic
def appoint(*, by: User, position: Position, holder_name: str, started_on: datetime.date,
            pay_kind: str = Appointment.PayKind.SUBSIDY, monthly_amount: Decimal = Decimal("0"),
            correction_reason: str = "") -> Appointment:
    """Appoint someone to a vacant post. A held post must be ended first: nothing ends silently."""
    _require(queries.may_manage_position(by, position))
    position = lock(position)
    check_appointment(position=position, started_on=started_on, pay_kind=pay_kind, monthly_amount=monthly_amount)
    appointment = Appointment(position=position, holder_name=holder_name.strip(), started_on=started_on,
                              pay_kind=pay_kind, monthly_amount=monthly_amount)
    _save(appointment, by, "appoint")
    _dated(by, position.village, [started_on], _("appointment"), appointment, correction_reason)
    return appointment


def check_ending(*, appointment: Appointment, ended_on: datetime.date, end_reason: str, end_note: str) -> None:
    """The rules of ending an appointment (as stored now); also used by the admin's form."""
    if appointment.ended_on is not None:
        raise ValidationError({"ended_on": _("This appointment already ended on %(date)s.")
                               % {"date": appointment.ended_on}})
    _not_in_future("ended_on", ended_on)
    if ended_on < appointment.started_on:
        raise ValidationError({"ended_on": _("An appointment cannot end before it started (%(date)s).")
                               % {"date": appointment.started_on}})
    if not end_reason:
        raise ValidationError({"end_reason": _("Say why the appointment ends.")})
    if end_reason == Appointment.EndReason.DISMISSAL and not end_note.strip():
        raise ValidationError({"end_note": _("State the reason for the dismissal.")})


@transaction.atomic
def end_appointment(*, by: User, appointment: Appointment, ended_on: datetime.date, end_reason: str,
                    end_note: str = "", correction_reason: str = "") -> Appointment:
    """End an appointment at the end of term, on resignation or by dismissal (with its reason).

    The row stays: the history of the team is kept, dismissals included.
    """
    _require(queries.may_manage_position(by, appointment.position))
    appointment = lock(appointment)
    check_ending(appointment=appointment, ended_on=ended_on, end_reason=end_reason, end_note=end_note)
    appointment.ended_on, appointment.end_reason, appointment.end_note = ended_on, end_reason, end_note.strip()
    _save(appointment, by, "end appointment", ["ended_on", "end_reason", "end_note"])
    _dated(by, appointment.position.village, [ended_on], _("end of an appointment"), appointment, correction_reason)
    return appointment


def check_vetting(*, decided_on: datetime.date) -> None:
    _not_in_future("decided_on", decided_on)


@transaction.atomic
def record_candidate_vetting(*, by: User, village: Village, candidate_name: str, position_kind: str,
                             election_year: int, decided_on: datetime.date, decision: str,
                             reason: str, correction_reason: str = "") -> CandidateVetting:
    """Record the town's decision on a candidate for a village post, with its reason."""
    _require(queries.keeps_registry(by, village))
    check_vetting(decided_on=decided_on)
    vetting = CandidateVetting(
        village=village, candidate_name=candidate_name.strip(), position_kind=position_kind,
        election_year=election_year, decided_on=decided_on, decision=decision, reason=reason.strip(),
        decided_by=by,
    )
    _save(vetting, by, "record candidate vetting")
    _dated(by, village, [decided_on], _("candidate vetting"), vetting, correction_reason)
    return vetting


# --- Accounts -------------------------------------------------------------------------------

TOWN_OFFICE_GROUP = "town office"
ZIZHI_APPS = ["villages", "members", "association", "incentives", "services", "assessments", "reports"]


@transaction.atomic
def set_up_town_office_group() -> Group:
    """The permission group of town office staff in the admin, created or brought up to date.

    Every permission on Zizhi's own models except deleting (records are ended or deactivated,
    never deleted) and except changing the sensitive-data access log, which is read only.
    Running it again after new models arrive adds their permissions; it changes nothing else.
    """
    group, _ = Group.objects.get_or_create(name=TOWN_OFFICE_GROUP)
    permissions = (
        Permission.objects.filter(content_type__app_label__in=ZIZHI_APPS)
        .exclude(codename__startswith="delete_")
        .exclude(content_type__model__startswith="historical")
        .exclude(content_type__model="sensitiveaccess", codename__in=["add_sensitiveaccess", "change_sensitiveaccess"])
    )
    group.permissions.set(permissions)
    return group
