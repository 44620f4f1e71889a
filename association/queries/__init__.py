"""Every read of the association, scoped to the user. See each module; `figures` and `documents` are read as modules."""

from association.queries.members import (
    assignable_households,
    assignments_for,
    card_history,
    card_households,
    groups_without_member,
    member_for_user,
    member_list,
    member_logins_for,
    members_for,
    own_member,
    registered_on,
    review_counts,
    reviews_for,
    successors_for,
    town_of,
    uncovered_households,
    village_for_association,
)
from association.queries.work import (
    card_households_in,
    criteria_for,
    data_years,
    default_year,
    evaluation_for_user,
    evaluations_for,
    feedback_for,
    feedback_for_user,
    feedback_month,
    feedback_of_member,
    feedback_text_readable,
    may_read_feedback_text,
    meeting_for_user,
    meeting_list,
    meetings_for,
    members_to_evaluate,
    year_rules,
)

__all__ = [
    "assignable_households", "assignments_for", "card_history", "card_households", "card_households_in",
    "criteria_for", "data_years", "default_year", "evaluation_for_user", "evaluations_for", "feedback_for",
    "feedback_for_user", "feedback_month", "feedback_of_member", "feedback_text_readable", "groups_without_member",
    "may_read_feedback_text", "meeting_for_user", "meeting_list", "meetings_for", "member_for_user", "member_list",
    "member_logins_for", "members_for", "members_to_evaluate", "own_member", "registered_on", "review_counts",
    "reviews_for", "successors_for", "town_of", "uncovered_households", "village_for_association", "year_rules",
]
