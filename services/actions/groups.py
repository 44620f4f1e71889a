"""Set up a leading group for villager self-government, change or dissolve it, add a member and end a
membership. Nothing is deleted: a group is dissolved on a day, a membership ends on a day."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from services.actions import not_future, require_open_dates, require_writer
from services.models import LeadingGroup, LeadingGroupMember
from villages.locking import claim, lock
from villages.models import Town, User, Village

GROUP_FIELDS = {"name", "set_up_on", "dissolved_on", "note"}


def _check_group(group: LeadingGroup) -> None:
    not_future(group.set_up_on, "set_up_on")
    not_future(group.dissolved_on, "dissolved_on")
    if group.set_up_on and group.dissolved_on and group.dissolved_on < group.set_up_on:
        raise ValidationError({"dissolved_on": _("A group is dissolved on or after the day it was set up.")})
    others = LeadingGroup.objects.filter(town=group.town, village=group.village).exclude(pk=group.pk)
    if group.set_up_on:
        overlap = Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=group.set_up_on)
        if group.dissolved_on is not None:
            overlap &= Q(set_up_on__lt=group.dissolved_on)
        if others.filter(overlap).exists():
            raise ValidationError({"set_up_on": _("There is a leading group here at that time already: "
                                                  "dissolve it first.")})
    group.full_clean(validate_constraints=False)


@transaction.atomic
def set_up_group(*, town: Town, village: Village | None, name: str, set_up_on: datetime.date, by: User | None,
                 note: str = "", correction_reason: str = "") -> LeadingGroup:
    """A new leading group of the village (or of the town, village empty), in place from `set_up_on`."""
    require_writer(by, town, village)
    group = LeadingGroup(town=town, village=village, name=name, set_up_on=set_up_on, note=note)
    _check_group(group)
    group._history_user = by
    group.save()
    require_open_dates(town=town, dates=[set_up_on], reason=correction_reason, by=by, record=group, village=village,
                       what=_("leading group %(name)s") % {"name": name})
    return group


@transaction.atomic
def update_group(*, group: LeadingGroup, version: int | None, by: User | None, correction_reason: str = "",
                 **fields) -> LeadingGroup:
    """Change a group's name, dates or note; a dissolution date ends the memberships still running then."""
    require_writer(by, group.town, group.village)
    unknown = set(fields) - GROUP_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(group, version)
    before = (current.set_up_on, current.dissolved_on)
    for field, value in fields.items():
        setattr(current, field, value)
    _check_group(current)
    members = current.members.all()
    if current.set_up_on and members.filter(started_on__lt=current.set_up_on).exists():
        raise ValidationError({"set_up_on": _("A member joined before this day: the group was set up by then.")})
    if current.dissolved_on and members.filter(started_on__gt=current.dissolved_on).exists():
        raise ValidationError({"dissolved_on": _("A member joined after this day.")})
    after = (current.set_up_on, current.dissolved_on)
    moved = [day for old, new in zip(before, after, strict=True) if old != new for day in (old, new)]
    require_open_dates(town=current.town, dates=moved, reason=correction_reason, by=by, record=current,
                       village=current.village, what=_("leading group %(name)s") % {"name": current.name})
    current._history_user = by
    current.save()
    if current.dissolved_on:
        for member in members.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=current.dissolved_on)):
            member.ended_on = current.dissolved_on
            member.version += 1
            member._history_user = by
            member.save()
    return current


@transaction.atomic
def add_member(*, group: LeadingGroup, name: str, role: str, started_on: datetime.date, by: User | None,
               job_title: str = "", correction_reason: str = "") -> LeadingGroupMember:
    require_writer(by, group.town, group.village)
    group = lock(group)
    not_future(started_on, "started_on")
    if started_on and started_on < group.set_up_on:
        raise ValidationError({"started_on": _("The group was set up on %(date)s: a member joins on or after it.")
                               % {"date": group.set_up_on.isoformat()}})
    if group.dissolved_on is not None:
        raise ValidationError({"__all__": _("The group has been dissolved.")})
    if role == LeadingGroupMember.Role.LEADER and group.members.filter(role=role, ended_on__isnull=True).exists():
        raise ValidationError({"role": _("The group has a leader: end their membership first.")})
    member = LeadingGroupMember(group=group, name=name, role=role, job_title=job_title, started_on=started_on)
    member.full_clean(validate_constraints=False)
    member._history_user = by
    member.save()
    require_open_dates(town=group.town, dates=[started_on], reason=correction_reason, by=by, record=member,
                       village=group.village, what=_("member %(name)s of %(group)s") % {"name": name,
                                                                                         "group": group.name})
    return member


@transaction.atomic
def end_member(*, member: LeadingGroupMember, ended_on: datetime.date, version: int | None, by: User | None,
               correction_reason: str = "") -> LeadingGroupMember:
    """The member's last day in the group."""
    group = member.group
    require_writer(by, group.town, group.village)
    not_future(ended_on, "ended_on")
    current = claim(member, version)
    if current.ended_on is not None:
        raise ValidationError({"ended_on": _("This membership has ended already.")})
    if ended_on < current.started_on:
        raise ValidationError({"ended_on": _("A membership ends on or after the day it began (%(date)s).")
                               % {"date": current.started_on.isoformat()}})
    require_open_dates(town=group.town, dates=[ended_on], reason=correction_reason, by=by, record=current,
                       village=group.village, what=_("member %(name)s of %(group)s") % {"name": current.name,
                                                                                         "group": group.name})
    current.ended_on = ended_on
    current._history_user = by
    current.save()
    return current
