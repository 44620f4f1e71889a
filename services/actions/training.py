"""Training classes: record and correct a class (or cancel it), invite the holders of chosen posts as of the class's
first day, withdraw an invitation and record who came. Nothing is deleted."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from services.actions import require_open_dates, require_writer
from services.models import Invitation, TrainingClass
from villages.locking import claim, lock
from villages.models import Appointment, Position, Town, User, Village

CLASS_FIELDS = {"topic", "starts_on", "ends_on", "trainer", "place", "note", "cancelled"}


def _check(training: TrainingClass) -> None:
    if training.starts_on and training.ends_on and training.ends_on < training.starts_on:
        raise ValidationError({"ends_on": _("A class ends on or after its first day.")})
    training.full_clean()


def _what(training: TrainingClass) -> str:
    return _("training class %(topic)s") % {"topic": training.topic}


@transaction.atomic
def record_class(*, town: Town, village: Village | None, topic: str, starts_on: datetime.date,
                 by: User | None, ends_on: datetime.date | None = None, trainer: str = "", place: str = "",
                 note: str = "", correction_reason: str = "") -> TrainingClass:
    """A class the town organises (village empty) or a village does; a one-day class when `ends_on` is empty."""
    require_writer(by, town, village)
    training = TrainingClass(town=town, village=village, topic=topic, starts_on=starts_on,
                             ends_on=ends_on or starts_on, trainer=trainer, place=place, note=note)
    _check(training)
    training._history_user = by
    training.save()
    require_open_dates(town=town, dates=[starts_on], reason=correction_reason, by=by, record=training,
                       village=village, what=_what(training))
    return training


@transaction.atomic
def update_class(*, training: TrainingClass, version: int | None, by: User | None, correction_reason: str = "",
                 **fields) -> TrainingClass:
    """Correct a class's details or cancel it. Its first day cannot move once people are invited: they were
    invited for the posts held on that day."""
    require_writer(by, training.town, training.village)
    unknown = set(fields) - CLASS_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    current = claim(training, version)
    before = current.starts_on
    for field, value in fields.items():
        setattr(current, field, value)
    if current.ends_on is None:
        current.ends_on = current.starts_on
    if current.starts_on != before and current.invitations.exists():
        raise ValidationError({"starts_on": _("People are invited for the posts they held on the first day: "
                                              "the first day cannot move any more.")})
    _check(current)
    require_open_dates(town=current.town, dates=[before, current.starts_on], reason=correction_reason, by=by,
                       record=current, village=current.village, what=_what(current))
    current._history_user = by
    current.save()
    return current


def holders_on(day: datetime.date, roles, villages) -> list[Appointment]:
    """The village-level posts of these kinds in these villages held on `day` (one query)."""
    return list(Appointment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day, position__kind__in=list(roles),
        position__village__in=villages, position__village__is_active=True)
        .select_related("position__village").order_by("position__village__code", "position__kind", "position__pk"))


@transaction.atomic
def invite(*, training: TrainingClass, roles: list[str], by: User | None, villages=None,
           correction_reason: str = "") -> list[Invitation]:
    """Invite everyone who held a post of `roles` on the class's first day, in `villages` (every village of the
    town for the town's class, the organising village for a village's). Those invited already are left as they
    are; returns the new invitations."""
    require_writer(by, training.town, training.village)
    training = lock(training)
    if training.cancelled:
        raise ValidationError({"__all__": _("The class has been cancelled.")})
    unknown = set(roles) - set(Position.Kind.values)
    if not roles or unknown:
        raise ValidationError({"roles": _("Choose one or more posts.")})
    if training.village_id is not None:
        chosen = Village.objects.filter(pk=training.village_id)
    else:
        chosen = Village.objects.filter(town=training.town)
        if villages:
            chosen = chosen.filter(pk__in=[getattr(v, "pk", v) for v in villages])
    require_open_dates(town=training.town, dates=[training.starts_on], reason=correction_reason, by=by,
                       record=training, village=training.village, what=_what(training))
    already = set(training.invitations.values_list("appointment_id", flat=True))
    new = [Invitation(training=training, village_id=held.position.village_id, appointment=held,
                      name=held.holder_name, role=held.position.kind)
           for held in holders_on(training.starts_on, roles, chosen) if held.pk not in already]
    created = Invitation.objects.bulk_create(new, batch_size=500)
    Invitation.history.bulk_history_create(created, default_user=by)
    return created


@transaction.atomic
def record_attendance(*, invitation: Invitation, attended: bool | None, version: int | None, by: User | None,
                      note: str = "", correction_reason: str = "") -> Invitation:
    """Whether the invited came (empty: not known yet), with a note such as the reason for an absence."""
    training = invitation.training
    require_writer(by, training.town, training.village)
    current = claim(invitation, version)
    if current.withdrawn:
        raise ValidationError({"attended": _("This invitation has been withdrawn.")})
    if attended is not None and training.starts_on > timezone.localdate():
        raise ValidationError({"attended": _("The class has not begun yet.")})
    require_open_dates(town=training.town, dates=[training.starts_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("attendance of %(name)s at %(topic)s") % {"name": current.name,
                                                                        "topic": training.topic})
    current.attended, current.note = attended, note
    current.full_clean()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, version: int | None, by: User | None, note: str = "",
                        correction_reason: str = "") -> Invitation:
    """An invitation sent by mistake: kept, marked withdrawn, no longer counted."""
    training = invitation.training
    require_writer(by, training.town, training.village)
    current = claim(invitation, version)
    require_open_dates(town=training.town, dates=[training.starts_on], reason=correction_reason, by=by,
                       record=current, village=current.village,
                       what=_("invitation of %(name)s to %(topic)s") % {"name": current.name,
                                                                        "topic": training.topic})
    current.withdrawn, current.attended = True, None
    if note:
        current.note = note
    current._history_user = by
    current.save()
    return current
