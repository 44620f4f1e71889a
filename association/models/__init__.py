"""The family planning association's member network.

The models came here from `members/` and keep their tables (`members_associationmember`, …, and
their history tables) through `db_table` and `table_name`: moving them renamed nothing in the
database (migration 0001_move_from_members).
"""

from association.models.members import AssociationMember, ContactAssignment, MemberReview
from association.models.work import (
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

__all__ = [
    "AssociationMember", "AssociationYearRules", "Award", "ContactAssignment", "EvaluationCriterion",
    "EvaluationScore", "FeedbackNote", "Meeting", "MeetingAttendance", "MemberEvaluation", "MemberReview",
    "MonthlyFeedback",
]
