from incentives.models.budgets import Budget
from incentives.models.conditions import Condition
from incentives.models.cycles import Cycle, Entitlement, Hold, Payment
from incentives.models.facts import Certification
from incentives.models.policies import EvidenceItem, Policy, Rate

__all__ = ["Budget", "Certification", "Condition", "Cycle", "Entitlement", "EvidenceItem", "Hold", "Payment",
           "Policy", "Rate"]
