"""The reports app's queries, one module per domain (documents: the document pipeline; dashboards)."""

from reports.queries.dashboards import dashboard, dashboard_period, group_for_dashboard, village_for_dashboard
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
    "dashboard",
    "dashboard_period",
    "village_for_dashboard",
    "group_for_dashboard",
]
