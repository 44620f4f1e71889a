"""Every read of policies and benefits, scoped to the user. See each module."""

from incentives.queries.cycles import (
    cycle_list,
    cycle_totals,
    cycle_villages,
    entitlement_list,
    policy_list,
    village_entitlements,
)
from incentives.queries.documents import mask_name, recipients_board, sheet_access, signature_sheet
from incentives.queries.figures import (
    benefits_by_policy,
    benefits_by_village,
    benefits_by_year,
    budget_rows,
    totals,
    village_policy_kinds,
)
from incentives.queries.forecast import Forecast, forecast
from incentives.queries.households import PolicyCard, household_benefits, period_in_year, reasons_access
from incentives.queries.scoping import (
    budgets_for,
    cycle_for_user,
    cycles_for,
    entitlement_for_user,
    entitlements_for,
    facts_for,
    holds_for,
    household_for_user,
    households_for,
    payments_for,
    people_for,
    policies_for,
    policy_for_user,
)

__all__ = [
    "Forecast", "PolicyCard", "benefits_by_policy", "benefits_by_village", "benefits_by_year",
    "budget_rows", "budgets_for", "cycle_for_user", "cycle_list", "cycle_totals", "cycle_villages", "cycles_for",
    "entitlement_for_user", "entitlement_list", "entitlements_for", "facts_for", "forecast", "holds_for",
    "household_benefits", "household_for_user", "households_for", "mask_name",
    "payments_for", "people_for", "period_in_year", "policies_for", "policy_for_user", "policy_list",
    "reasons_access", "recipients_board", "sheet_access", "signature_sheet", "totals",
    "village_entitlements", "village_policy_kinds",
]
