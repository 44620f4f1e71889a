"""The reports app's queries, one module per domain (documents: the document pipeline)."""

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

# The annual work summary
from reports.queries.summary import (
    require_reader,
    summaries_for,
    summary_documents,
    summary_of_year,
    summary_years,
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
    "summaries_for",
    "require_reader",
    "summary_of_year",
    "summary_documents",
    "summary_years",
]
