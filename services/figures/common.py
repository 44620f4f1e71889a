"""What the services' figure modules share: their topic in the catalogue, the unit of money, the levels, and the
filter of a date field on a period."""

from django.utils.translation import gettext_lazy as _

from villages.catalogue import TOWN, VILLAGE
from villages.periods import Period

TOPIC = _("Family services")
YUAN = _("yuan")
LEVELS = (TOWN, VILLAGE)


def in_period(period: Period, field: str) -> dict:
    """`field` falls inside the period (its first to its last day)."""
    return {f"{field}__range": (period.starts_on, period.ends_on)}
