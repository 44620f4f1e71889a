"""/api/v1/ for policies and benefits: the same scoping, rules and validation as the pages.

Policies, rates, rules, cycles, approval and payments are the town office's to write; villages
review their entitlements, record facts and hold recipients. Nothing about people is deleted:
entitlements are returned, excepted, suspended or stopped with a reason; facts are deactivated.
A refused action answers 400 with field errors; a stale `version`, 409.
"""

from incentives.api.cycles import CycleViewSet, EntitlementViewSet, PaymentViewSet
from incentives.api.figures import BudgetViewSet, FiguresViewSet
from incentives.api.households import EligibilityViewSet, FactViewSet, HoldViewSet
from incentives.api.policies import ConditionViewSet, EvidenceItemViewSet, PolicyViewSet, RateViewSet

ROUTES = [
    ("policies", PolicyViewSet, "policy"),
    ("rates", RateViewSet, "rate"),
    ("conditions", ConditionViewSet, "condition"),
    ("evidence-items", EvidenceItemViewSet, "evidence-item"),
    ("cycles", CycleViewSet, "cycle"),
    ("entitlements", EntitlementViewSet, "entitlement"),
    ("payments", PaymentViewSet, "payment"),
    ("holds", HoldViewSet, "hold"),
    ("facts", FactViewSet, "fact"),
    ("budgets", BudgetViewSet, "budget"),
    ("benefit-eligibility", EligibilityViewSet, "benefit-eligibility"),
    ("benefit-figures", FiguresViewSet, "benefit-figures"),
]
