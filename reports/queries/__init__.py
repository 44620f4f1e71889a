"""The reports app's queries, one module per domain (documents: the document pipeline)."""

# Disclosure boards.
from reports.queries.boards import (
    board_by_document,
    board_for_user,
    boards_ending,
    boards_for,
    objection_for_user,
    objections_due,
    objections_for,
    overdue_objections,
)
from reports.queries.documents import (
    batch_documents,
    batch_for_user,
    batches_for,
    document_by_code,
    document_for_user,
    documents_for,
    may_request,
    may_request_batch,
    requestable_kinds,
    requestable_villages,
)

__all__ = [
    "documents_for",
    "document_for_user",
    "batches_for",
    "batch_for_user",
    "batch_documents",
    "document_by_code",
    "may_request",
    "requestable_villages",
    "requestable_kinds",
    "may_request_batch",
    "boards_for",
    "board_for_user",
    "board_by_document",
    "objections_for",
    "objection_for_user",
    "boards_ending",
    "objections_due",
    "overdue_objections",
]
