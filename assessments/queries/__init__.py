"""Scoped reads and aggregates of the assessments app."""

from assessments.queries.report import quarterly_report_context
from assessments.queries.results import (
    Outcome,
    Result,
    designation_outcomes,
    grade_distribution,
    lagging_two_years,
    movers,
    previous_period,
    published_totals,
    results_with_changes,
    trend,
)
from assessments.queries.scoped import (
    assessment_for_user,
    assessments_for,
    book_for_user,
    books_for,
    case_for_user,
    cases_for,
    deduction_for_user,
    follow_ups_for,
    item_score_for_user,
    lagging_for,
    ledger_for,
    schemes_for,
    sees_drafts,
    visits_for,
)

__all__ = [
    "Outcome", "Result", "assessment_for_user", "assessments_for", "book_for_user", "books_for", "case_for_user",
    "cases_for", "deduction_for_user", "designation_outcomes", "follow_ups_for", "grade_distribution",
    "item_score_for_user", "lagging_for", "lagging_two_years", "ledger_for", "movers", "previous_period",
    "published_totals", "quarterly_report_context", "results_with_changes", "schemes_for", "sees_drafts", "trend",
    "visits_for",
]
