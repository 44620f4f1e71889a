"""/api/v1/ endpoints of the association's member network, scoped like the pages.

A specialist manages their own village's association, the town office the town's; the
leadership reads; an association member's login reads its own card, reports and evaluation and
submits its own monthly feedback. Another village's record answers 404. Members are never
deleted: they leave (POST …/leave/). Errors of the actions come back as 400 with field errors,
a stale `version` as 409.
"""

from association.api.figures import AssociationFiguresViewSet
from association.api.members import AssociationMemberViewSet, ContactAssignmentViewSet, UncoveredHouseholdViewSet
from association.api.work import (
    CriterionViewSet,
    MeetingViewSet,
    MemberEvaluationViewSet,
    MemberReviewViewSet,
    MonthlyFeedbackViewSet,
    YearRulesViewSet,
)

ROUTES = [
    ("association-members", AssociationMemberViewSet, "association-member"),
    ("association-card-lines", ContactAssignmentViewSet, "association-card-line"),
    ("association-uncovered-households", UncoveredHouseholdViewSet, "association-uncovered-household"),
    ("association-feedback", MonthlyFeedbackViewSet, "association-feedback"),
    ("association-meetings", MeetingViewSet, "association-meeting"),
    ("association-evaluations", MemberEvaluationViewSet, "association-evaluation"),
    ("association-criteria", CriterionViewSet, "association-criterion"),
    ("association-rules", YearRulesViewSet, "association-rules"),
    ("association-reviews", MemberReviewViewSet, "association-review"),
    ("association-figures", AssociationFiguresViewSet, "association-figures"),
]
