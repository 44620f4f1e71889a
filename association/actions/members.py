"""The association's members and their contact cards: recruit, edit, re-check, assign, hand over, leave.

Every action that sets a membership's dates (joined, left) or a contact card's (service from, until)
asks `villages.closing.require_open` first: a date in a period the town office has closed needs a
`correction_reason`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from association.models import AssociationMember, ContactAssignment, MemberReview
from members.models import Household, Person
from villages.closing import require_open
from villages.locking import lock
from villages.models import User, Village, VillagerGroup
from villages.roles import require_may_change

MEMBER_EDITABLE = ("name", "role", "group", "person", "user", "duties")
Reason = ContactAssignment.EndReason


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _require_open(village: Village, on: datetime.date, reason: str, by: User | None, what: str, record=None) -> None:
    require_open(town_id=village.town_id, on=on, reason=reason, by=by, what=what, record=record)


def _save_member(member: AssociationMember, by: User | None, update_fields: list[str] | None = None) -> None:
    """Validate and save; a database guard tripped in a race still gets plain words."""
    member._history_user = by
    if update_fields is not None:
        member.version += 1
        update_fields = [*update_fields, "version", "updated_at"]
    member.full_clean(validate_constraints=False)
    _check_free(member)
    try:
        with transaction.atomic():
            member.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(_constraint_message(str(error))) from None


def _check_free(member: AssociationMember) -> None:
    others = AssociationMember.objects.current().exclude(pk=member.pk)
    if member.left_on is not None:
        return
    if member.role in AssociationMember.OFFICER_ROLES and others.filter(village_id=member.village_id,
                                                                        role=member.role).exists():
        raise ValidationError({"role": _("The association already has a current %(role)s.")
                               % {"role": member.get_role_display()}})
    if member.person_id and others.filter(person_id=member.person_id).exists():
        raise ValidationError({"person": _("This person is already a member of the association.")})
    if member.user_id and AssociationMember.objects.filter(user_id=member.user_id).exclude(pk=member.pk).exists():
        raise ValidationError({"user": _("This login already belongs to another member.")})


def _constraint_message(error: str) -> dict:
    if "officer" in error or "role" in error:
        return {"role": _("The association already has a current holder of this role.")}
    if "person" in error:
        return {"person": _("This person is already a member of the association.")}
    return {"user": _("This login already belongs to another member.")}


@transaction.atomic
def recruit_member(*, village: Village, group: VillagerGroup, name: str, joined_on: datetime.date,
                   by: User | None, role: str = AssociationMember.Role.MEMBER, person: Person | None = None,
                   duties: str = "", user: User | None = None, note: str = "",
                   correction_reason: str = "") -> AssociationMember:
    """Enrol a villager in the village's association; the recruitment is recorded for the year."""
    require_may_change(by, village)
    _not_in_future(joined_on, "joined_on")
    member = AssociationMember(village=village, group=group, name=(name or (person.name if person else "")).strip(),
                               role=role, person=person, duties=duties, user=user, joined_on=joined_on)
    if user is not None:
        _place_login(user, member)
    _save_member(member, by)
    _require_open(village, joined_on, correction_reason, by, _("%(name)s joining the association")
                  % {"name": member.name}, member)
    MemberReview.objects.create(member=member, year=joined_on.year, outcome=MemberReview.Outcome.RECRUITED,
                                decided_on=joined_on, note=note, recorded_by=by)
    return member


@transaction.atomic
def update_member(*, member: AssociationMember, version: int | None, by: User | None,
                  **changes) -> AssociationMember:
    """Change a member's role, group, duties, registry link or login; refused if someone saved it since."""
    require_may_change(by, member.village)
    unknown = set(changes) - set(MEMBER_EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = lock(member, version)
    if not current.is_current:
        raise ValidationError(_("This member has left the association; the record is kept as it was."))
    for field, value in changes.items():
        setattr(current, field, value)
    if current.user_id and ("user" in changes or "group" in changes):
        _place_login(current.user, current)
    _save_member(current, by, list(changes))
    return current


def _place_login(user: User, member: AssociationMember) -> None:
    """A member's login sees the member's villager group: it moves with the member, within the village."""
    # The kind of account, not a permission of the one acting (villages.roles): the login may not sit in a group yet.
    if user.role != User.Role.MEMBER:
        raise ValidationError({"user": _("Only an association member's login can be linked to a member.")})
    if user.group_id and user.group.village_id != member.village_id:
        raise ValidationError({"user": _("This login belongs to another village.")})
    if user.group_id != member.group_id:
        user.group = member.group
        user.save(update_fields=["group"])


@transaction.atomic
def link_member_login(*, member: AssociationMember, user: User, by: User | None) -> AssociationMember:
    """Give a member the login they will use for their own pages (an association member's login)."""
    return update_member(member=member, version=None, by=by, user=user)


@transaction.atomic
def assign_households(*, member: AssociationMember, households: list[Household], served_from: datetime.date,
                      by: User | None, correction_reason: str = "") -> list[ContactAssignment]:
    """Put households on a member's contact card from a date. A household already served by someone
    else must be handed over, not assigned twice."""
    require_may_change(by, member.village)
    _not_in_future(served_from, "served_from")
    if not member.is_current or served_from < member.joined_on:
        raise ValidationError({"served_from": _("The member was not on the roll on this date.")})
    wanted = {h.pk: h for h in households}
    errors = []
    for household in wanted.values():
        if household.village_id != member.village_id:
            errors.append(_("Household %(number)s belongs to another village.") % {"number": household.number})
        elif not household.is_active:
            errors.append(_("Household %(number)s is no longer active.") % {"number": household.number})
    taken = (ContactAssignment.objects.current().filter(household_id__in=wanted)
             .select_related("member", "household"))
    for assignment in taken:
        if assignment.member_id != member.pk:
            errors.append(_("Household %(number)s is served by %(member)s; hand it over instead.")
                          % {"number": assignment.household.number, "member": assignment.member.name})
        wanted.pop(assignment.household_id, None)
    if errors:
        raise ValidationError({"households": errors})
    _require_open(member.village, served_from, correction_reason, by,
                  _("households put on the contact card of %(name)s") % {"name": member.name}, member)
    rows = [ContactAssignment(member=member, household=h, served_from=served_from, assigned_by=by)
            for h in wanted.values()]
    return _create_assignments(rows, by)


def _create_assignments(rows: list[ContactAssignment], by: User | None) -> list[ContactAssignment]:
    try:
        with transaction.atomic():
            return bulk_create_with_history(rows, ContactAssignment, batch_size=1000, default_user=by)
    except IntegrityError:
        raise ValidationError({"households": _(
            "Someone else gave one of these households a contact member just now; reload and try again.")}) from None


@transaction.atomic
def take_off_card(*, assignment: ContactAssignment, served_until: datetime.date, by: User | None,
                  correction_reason: str = "") -> ContactAssignment:
    """End one household's service (the household is then served by nobody until assigned again)."""
    village = assignment.household.village
    require_may_change(by, village)
    current = ContactAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not current.is_current:
        raise ValidationError(_("This household is no longer on the member's card."))
    _not_in_future(served_until, "served_until")
    _require_open(village, served_until, correction_reason, by, _("household %(number)s taken off a contact card")
                  % {"number": assignment.household.number}, current)
    _end([current], served_until, Reason.TAKEN_OFF, by)
    return current


def _end(assignments: list[ContactAssignment], until: datetime.date, reason: str, by: User | None) -> None:
    _not_in_future(until, "served_until")
    for assignment in assignments:
        if until < assignment.served_from:
            raise ValidationError({"served_until": _(
                "Household %(number)s has only been served since %(date)s.")
                % {"number": assignment.household.number, "date": assignment.served_from.isoformat()}})
        assignment.served_until, assignment.end_reason = until, reason
    bulk_update_with_history(assignments, ContactAssignment, ["served_until", "end_reason"], batch_size=1000,
                             default_user=by)


@transaction.atomic
def hand_over_households(*, member: AssociationMember, successor: AssociationMember, handed_over_on: datetime.date,
                         by: User | None, leave_reason: str = "", leave_note: str = "",
                         correction_reason: str = "") -> list[ContactAssignment]:
    """Hand all of a member's households to another member in one step; with a leave reason the member
    also leaves the association that day. The card's history keeps who served which household when."""
    require_may_change(by, member.village)
    _not_in_future(handed_over_on, "handed_over_on")
    locked = {m.pk: m for m in AssociationMember.objects.select_for_update().filter(pk__in=[member.pk, successor.pk])}
    member, successor = locked[member.pk], locked[successor.pk]
    _check_successor(member, successor, handed_over_on)
    _require_open(member.village, handed_over_on, correction_reason, by,
                  _("households of %(name)s handed over to %(successor)s") % {"name": member.name,
                                                                            "successor": successor.name}, member)
    current = list(member.assignments.current().select_related("household").select_for_update())
    active = [a for a in current if a.household.is_active]
    # Households that moved out or were dissolved leave the card instead of passing to the successor.
    _end([a for a in current if not a.household.is_active], handed_over_on, Reason.HOUSEHOLD_GONE, by)
    _end(active, handed_over_on, Reason.HANDED_OVER, by)
    created = _create_assignments([ContactAssignment(member=successor, household=a.household,
                                                     served_from=handed_over_on, assigned_by=by)
                                   for a in active], by)
    if leave_reason:
        _leave(member, handed_over_on, leave_reason, leave_note, by)
    return created


def _check_successor(member: AssociationMember, successor: AssociationMember, day: datetime.date) -> None:
    if successor.pk == member.pk:
        raise ValidationError({"successor": _("Choose another member to take over the households.")})
    if successor.village_id != member.village_id:
        raise ValidationError({"successor": _("The successor must be a member of the same village's association.")})
    if not member.is_current:
        raise ValidationError(_("This member has already left the association."))
    if not successor.is_current or successor.joined_on > day:
        raise ValidationError({"successor": _("The successor was not on the roll on this date.")})


@transaction.atomic
def leave_association(*, member: AssociationMember, left_on: datetime.date, reason: str, by: User | None,
                      note: str = "", successor: AssociationMember | None = None,
                      correction_reason: str = "") -> AssociationMember:
    """A member leaves. Their households go to the successor, or are served by nobody until assigned."""
    require_may_change(by, member.village)
    if successor is not None:
        hand_over_households(member=member, successor=successor, handed_over_on=left_on, by=by,
                             leave_reason=reason, leave_note=note, correction_reason=correction_reason)
        member.refresh_from_db()
        return member
    member = AssociationMember.objects.select_for_update().get(pk=member.pk)
    if not member.is_current:
        raise ValidationError(_("This member has already left the association."))
    _not_in_future(left_on, "left_on")
    _require_open(member.village, left_on, correction_reason, by,
                  _("%(name)s leaving the association") % {"name": member.name}, member)
    _end(list(member.assignments.current().select_related("household")), left_on, Reason.MEMBER_LEFT, by)
    return _leave(member, left_on, reason, note, by)


def _leave(member: AssociationMember, left_on: datetime.date, reason: str, note: str,
           by: User | None) -> AssociationMember:
    _not_in_future(left_on, "left_on")
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    if reason not in AssociationMember.LeaveReason.values:
        raise ValidationError({"leave_reason": _("Choose the reason for leaving.")})
    member.left_on, member.leave_reason, member.leave_note = left_on, reason, note
    _save_member(member, by, ["left_on", "leave_reason", "leave_note"])
    if member.user_id and member.user.is_active:
        # A former member's login no longer opens the member's pages.
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    return member


@transaction.atomic
def record_recheck(*, village: Village, year: int, decided_on: datetime.date, by: User | None,
                   kept: list[AssociationMember], left: list[tuple[AssociationMember, str, str]],
                   correction_reason: str = "") -> dict[str, int]:
    """The yearly re-check of the village's members: who is kept and who leaves (with the reason).

    Leaving members' households are served by nobody until assigned or handed over; hand them over
    first where a successor is known.
    """
    require_may_change(by, village)
    _not_in_future(decided_on, "decided_on")
    members = [m for m in kept] + [m for m, _reason, _note in left]
    if any(m.village_id != village.pk for m in members):
        raise ValidationError(_("Every member re-checked must belong to this village's association."))
    if len({m.pk for m in members}) != len(members):
        raise ValidationError(_("Each member is either kept or leaves, not both."))
    done = set(MemberReview.objects.filter(member__in=members, year=year,
                                           outcome__in=[MemberReview.Outcome.KEPT, MemberReview.Outcome.LEFT])
               .values_list("member__name", flat=True))
    if done:
        raise ValidationError(_("Already re-checked for %(year)s: %(names)s.") % {
            "year": year, "names": "、".join(sorted(done))})
    reviews = [MemberReview(member=m, year=year, outcome=MemberReview.Outcome.KEPT, decided_on=decided_on,
                            recorded_by=by) for m in kept]
    for member, reason, note in left:
        leave_association(member=member, left_on=decided_on, reason=reason, note=note, by=by,
                          correction_reason=correction_reason)
        reviews.append(MemberReview(member=member, year=year, outcome=MemberReview.Outcome.LEFT,
                                    decided_on=decided_on, note=note, recorded_by=by))
    MemberReview.objects.bulk_create(reviews)
    return {"kept": len(kept), "left": len(left)}
