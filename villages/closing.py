"""Closed periods: a change dated inside a period the town office has closed needs a reason.

Stand-in with the final signature; the catalogue's closing of periods replaces its body.
"""

import datetime

from django.db.models import Model

from villages.models import User


def require_open(*, town_id: int, on: datetime.date, reason: str = "", by: User | None, what: str,
                 record: Model | None = None, field: str = "correction_reason") -> None:
    """Refuse (ValidationError on `field`) a change dated `on` inside a closed period of the town unless a
    reason is given; with a reason, the change is recorded as a correction of that period."""
