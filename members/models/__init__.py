from members.models.categories import FamilyCategory
from members.models.codes import Ethnicity, MaritalStatus, Relation
from members.models.events import VitalEvent
from members.models.household import Household
from members.models.person import SENSITIVE_FIELDS, Person

__all__ = [
    "Ethnicity", "FamilyCategory", "Household", "MaritalStatus", "Person", "Relation", "SENSITIVE_FIELDS",
    "VitalEvent",
]

# The association's member network (its own modules; see members/models/association*.py).
from members.models.association import AssociationMember, ContactAssignment, MemberReview  # noqa: E402
from members.models.association_work import (  # noqa: E402
    AssociationYearRules,
    Award,
    EvaluationCriterion,
    EvaluationScore,
    FeedbackNote,
    Meeting,
    MeetingAttendance,
    MemberEvaluation,
    MonthlyFeedback,
)

__all__ += [
    "AssociationMember", "AssociationYearRules", "Award", "ContactAssignment", "EvaluationCriterion",
    "EvaluationScore", "FeedbackNote", "Meeting", "MeetingAttendance", "MemberEvaluation", "MemberReview",
    "MonthlyFeedback",
]
