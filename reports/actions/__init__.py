"""The reports app's actions, one module per domain (documents: the document pipeline)."""

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

# The annual work summary
from reports.actions.summary import request_summary, save_summary

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
    "save_summary",
    "request_summary",
]
