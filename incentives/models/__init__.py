from incentives.models.budgets import Budget
from incentives.models.conditions import Condition
from incentives.models.cycles import Cycle, Entitlement, Hold, Payment
from incentives.models.facts import Fact
from incentives.models.policies import EvidenceItem, Policy, Rate

__all__ = ["Budget", "Condition", "Cycle", "Entitlement", "EvidenceItem", "Fact", "Hold", "Payment", "Policy",
           "Rate"]
