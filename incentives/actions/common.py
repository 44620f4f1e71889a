"""What the incentives actions share: who may do what, and optimistic concurrency."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from members.actions.common import StaleRecord
from villages.models import User, Village
from villages.queries import changeable, is_town_office

__all__ = ["StaleRecord", "ensure_town_office", "ensure_village", "lock", "require_reason"]


def ensure_town_office(by: User | None, town_id: int) -> None:
    """Policies, cycles, approvals and payments are the town office's (None: system work, the demo)."""
    if by is None or by.is_superuser:
        return
    if not (is_town_office(by) and by.town_id == town_id):
        raise PermissionDenied(_("Only the town office may do this."))


def ensure_village(by: User | None, village_id: int) -> None:
    """Village work (review, recorded facts, holds): the village's specialist or the town office."""
    if by is None:
        return
    if not changeable(Village.objects.filter(pk=village_id), by, village="").exists():
        raise PermissionDenied(_("You may not change records of this village."))


def lock(instance: models.Model, version: int | None = None) -> models.Model:
    """The current row, locked; refuses the write if it moved on since `version` was read."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if version is not None and current.version != version:
        raise StaleRecord(current)
    return current


def require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give the reason.")})
    return reason
