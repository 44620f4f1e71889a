"""Every write with a business meaning in assessments: keyword-only, typed, atomic, returns the object."""

from assessments.actions.computing import compute_indicators_for_period
from assessments.actions.ledger import (
    decide_case,
    open_case,
    record_ledger_entry,
    record_supervision_follow_up,
    record_supervision_visit,
    sign_responsibility_book,
    start_investigation,
    withdraw_honour,
)
from assessments.actions.results import (
    check_responsibility_targets,
    decide_designations_for_year,
    record_rectification_follow_up,
)
from assessments.actions.schemes import copy_scheme_to_year, freeze_scheme
from assessments.actions.scoring import (
    DeductionInput,
    apply_veto,
    open_period,
    publish,
    rank_period,
    reopen_item,
    return_with_reason,
    review,
    score_assessment,
    score_item,
    self_score,
    self_score_assessment,
    submit,
    withdraw_deduction,
)

__all__ = [
    "DeductionInput",
    "apply_veto",
    "check_responsibility_targets",
    "compute_indicators_for_period",
    "copy_scheme_to_year",
    "decide_case",
    "decide_designations_for_year",
    "freeze_scheme",
    "open_case",
    "open_period",
    "publish",
    "rank_period",
    "record_ledger_entry",
    "record_rectification_follow_up",
    "record_supervision_follow_up",
    "record_supervision_visit",
    "reopen_item",
    "return_with_reason",
    "review",
    "score_assessment",
    "score_item",
    "self_score",
    "self_score_assessment",
    "sign_responsibility_book",
    "start_investigation",
    "submit",
    "withdraw_deduction",
    "withdraw_honour",
]
