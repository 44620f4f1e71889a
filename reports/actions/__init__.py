"""The reports app's actions, one module per domain (documents: the document pipeline)."""

from reports.actions.boards import (
    attach_photo,
    correct_board,
    publish_board,
    record_objection,
    request_all_boards,
    request_board,
    respond_to_objection,
    review_board,
)
from reports.actions.documents import (
    NOT_SENT_MESSAGE,
    may_rebuild,
    may_retry_batch,
    not_sent_note,
    request_document,
    request_quarterly_reports,
    requeue_stale_documents,
    retry_document,
    retry_failed_in_batch,
    send_builds,
    send_on_commit,
)
from reports.actions.exports import request_registry_export
from reports.actions.notifications import (
    mark_read,
    notify,
    reminders_on,
    send_approval_reminders,
    send_daily_reminders,
    send_feedback_reminders,
    send_follow_up_reminders,
    set_reminders,
)
from reports.actions.summary import (
    request_summary,
    save_summary,
)

__all__ = [
    "request_registry_export",
    "NOT_SENT_MESSAGE",
    "not_sent_note",
    "send_on_commit",
    "send_builds",
    "requeue_stale_documents",
    "request_document",
    "request_quarterly_reports",
    "may_rebuild",
    "may_retry_batch",
    "retry_failed_in_batch",
    "retry_document",
    "notify",
    "mark_read",
    "reminders_on",
    "set_reminders",
    "send_daily_reminders",
    "send_follow_up_reminders",
    "send_approval_reminders",
    "send_feedback_reminders",
    "request_board",
    "request_all_boards",
    "review_board",
    "publish_board",
    "correct_board",
    "attach_photo",
    "record_objection",
    "respond_to_objection",
    "save_summary",
    "request_summary",
]
