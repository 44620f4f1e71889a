"""Every write with a business meaning on the registry. See each module."""

from members.actions.categories import (
    recompute_birth_orders,
    recompute_family_categories,
    recompute_town_family_categories,
)
from members.actions.corrections import correct_event, void_event
from members.actions.events import (
    record_adoption,
    record_birth,
    record_death,
    record_divorce,
    record_marriage,
    record_move_in,
    record_move_out,
)
from members.actions.households import create_household, dissolve_household, move_household_out, update_household
from members.actions.people import add_person, deactivate_person, move_person, update_person, update_reproductive_health

__all__ = [
    "add_person", "correct_event", "create_household", "deactivate_person", "dissolve_household",
    "move_household_out", "move_person", "recompute_birth_orders", "recompute_family_categories",
    "recompute_town_family_categories", "record_adoption", "record_birth", "record_death", "record_divorce",
    "record_marriage", "record_move_in", "record_move_out", "update_household", "update_person",
    "update_reproductive_health", "void_event",
]
