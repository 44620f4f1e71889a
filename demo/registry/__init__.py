"""The demo town's households and people: 47,600 registered people, 9,344 married women aged 15–49.

Deterministic (seeded), idempotent (a town that has households is left alone) and fast: the
whole population is planned in memory, corrected to the seed's exact figures, then written
with `bulk_create` generation by generation (parents before children, so the links hold), and
the derived records (birth orders, family categories) are computed set-based for the town.

- `REFERENCE_DATE` (2025-12-31, the end of the seed's year) is the day the seed's figures hold:
  47,600 people registered and 9,344 married women aged 15–49 on that day. Nothing in the demo
  happens after it.
- The register opens on `BASELINE` (2022-01-01): everyone living then is entered with a
  `REGISTERED` row; births, deaths, marriages and moves from then on are vital events, some of
  them recorded late (they show as adjustments in the month they were recorded).
- Identity numbers are fictitious: region code 999999 (no province is numbered 99), a real birth
  date and sex digit, and a valid check character. Newborns of the last two months have none
  yet. No phone numbers are invented: any mobile number could be someone's.
- A few people carry rare characters in their names (王喆, 李玥, 张龑).
"""

from django.db import transaction

from demo.registry.constants import (
    BASELINE,
    HOUSEHOLDS,
    MARRIED_WOMEN_15_49,
    PEOPLE,
    REFERENCE_DATE,
    XUNZI_LIFTED_THIS_YEAR,
)
from demo.registry.planning import is_counted_woman, plan, registered
from demo.registry.writing import (
    date_stamps,
    refresh_statistics,
    write_birth_orders_on_events,
    write_events,
    write_households,
    write_people,
)
from members.actions.categories import recompute_birth_orders, recompute_town_family_categories
from members.actions.ledger import chain_ledger
from members.models import Household
from villages.models import Town

__all__ = [
    "BASELINE", "HOUSEHOLDS", "MARRIED_WOMEN_15_49", "PEOPLE", "REFERENCE_DATE", "XUNZI_LIFTED_THIS_YEAR", "build",
    "is_counted_woman", "plan", "registered",
]


@transaction.atomic
def build(town: Town) -> int:
    """Fill the town's villages with households and people; returns the number of people written."""
    if Household.objects.filter(town=town).exists():
        return 0
    households = plan(town)
    write_households(town, households)
    people = write_people(town, households)
    write_events(households)
    chain_ledger(town_id=town.pk)
    recompute_birth_orders(town=town)
    write_birth_orders_on_events(town)
    recompute_town_family_categories(town=town)
    date_stamps(town)
    refresh_statistics()
    return people
