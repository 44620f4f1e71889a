"""The reports app's actions, one module per domain (documents: the document pipeline)."""

# Disclosure boards.
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

__all__ = [
    "NOT_SENT_MESSAGE",
    "not_sent_note",
    "send_on_commit",
    "send_builds",
    "requeue_stale_documents",
    "request_document",
    "request_quarterly_reports",
    "may_retry_batch",
    "retry_failed_in_batch",
    "retry_document",
    "request_board",
    "request_all_boards",
    "review_board",
    "publish_board",
    "correct_board",
    "attach_photo",
    "record_objection",
    "respond_to_objection",
]
