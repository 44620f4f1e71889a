from assessments.models.followup import (
    RectificationFollowUp,
    ResponsibilityBook,
    ResponsibilityTarget,
    SupervisionVisit,
)
from assessments.models.ledger import Case, LedgerEntry
from assessments.models.schemes import (
    Block,
    DeductionRule,
    GradeBand,
    Item,
    PeriodCode,
    Scheme,
    Veto,
    band_for,
)
from assessments.models.scoring import (
    Assessment,
    AssessmentEvent,
    Deduction,
    ItemScore,
    VetoFinding,
)

__all__ = [
    "Assessment", "AssessmentEvent", "Block", "Case", "Deduction", "DeductionRule", "GradeBand", "Item",
    "ItemScore", "LedgerEntry", "PeriodCode", "RectificationFollowUp", "ResponsibilityBook", "ResponsibilityTarget",
    "Scheme", "SupervisionVisit", "Veto", "VetoFinding", "band_for",
]
