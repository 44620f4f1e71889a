"""What the incentives actions share: who may do what, and optimistic concurrency."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions.common import StaleRecord
from villages.models import User, Village
from villages.queries import changeable, is_town_office

__all__ = ["StaleRecord", "ensure_town_office", "ensure_village", "lock", "locked", "require_reason"]


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
    current = type(instance).objects.select_for_update(of=("self",)).get(pk=instance.pk)
    if version is not None and current.version != version:
        raise StaleRecord(current)
    return current


def locked(queryset: QuerySet) -> QuerySet:
    """The rows, locked for this transaction (only the model's own table, in a stable order)."""
    return queryset.select_for_update(of=("self",)).order_by("pk")


def transition(queryset: QuerySet, by: User | None, **fields) -> list:
    """Give every row of the queryset the same new values: one UPDATE, and one history row each.

    Set-based on purpose: a cycle holds thousands of entitlements, and a row-by-row
    bulk_update of that size costs seconds.
    """
    rows = list(locked(queryset))
    if not rows:
        return rows
    queryset.order_by().update(**fields)
    for row in rows:
        for name, value in fields.items():
            setattr(row, name, value)
    queryset.model.history.bulk_history_create(rows, update=True, default_user=by, default_date=timezone.now(),
                                               batch_size=2000)
    return rows


def require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give the reason.")})
    return reason
