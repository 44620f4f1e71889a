"""Closed periods: a date in a period the town office has closed changes only with a reason.

A stand-in with the signature the association calls; the checks come with the closing of periods.
"""


def require_open(*, town_id, on, reason="", by, what, record=None, field="correction_reason"):
    """Refuse (on `field`) a change dated `on` in a closed period of the town unless a reason is given."""
