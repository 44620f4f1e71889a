"""Every write with a business meaning on policies and benefits. See each module."""

from incentives.actions.budgets import set_budget
from incentives.actions.cycles import (
    ComputeResult,
    PeriodResult,
    compute_cycle,
    compute_cycles,
    compute_period,
    open_cycle,
)
from incentives.actions.facts import deactivate_fact, record_fact
from incentives.actions.holds import hold_recipient, resume_recipient, stop_recipient, suspend_recipient
from incentives.actions.payments import record_payment
from incentives.actions.policies import (
    add_condition,
    add_evidence_item,
    add_rate,
    correct_rate,
    create_policy,
    end_policy,
    remove_condition,
    remove_evidence_item,
    update_condition,
    update_policy,
)
from incentives.actions.review import (
    approve_cycle,
    confirm_entitlements,
    except_entitlement,
    reopen_entitlement,
    return_entitlement,
)

__all__ = [
    "ComputeResult", "add_condition", "add_evidence_item", "add_rate", "approve_cycle", "PeriodResult",
    "compute_cycle", "compute_cycles", "compute_period", "confirm_entitlements", "correct_rate", "create_policy",
    "deactivate_fact", "end_policy", "except_entitlement", "hold_recipient", "open_cycle", "record_fact",
    "record_payment", "remove_condition", "remove_evidence_item", "reopen_entitlement", "resume_recipient",
    "return_entitlement", "set_budget", "stop_recipient", "suspend_recipient", "update_condition", "update_policy",
]
