"""What the incentives actions share: locked sets of rows, set-based transitions, a required reason.

The guards are villages.roles' (require_town_office; require_may_change for village work: review,
recorded facts, holds); optimistic locking is villages.locking.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import User

__all__ = ["locked", "require_reason", "transition"]


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
