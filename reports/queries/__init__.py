"""The reports app's queries, one module per domain (documents: the document pipeline)."""

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
from reports.queries.dashboards import (
    dashboard,
    dashboard_period,
    group_for_dashboard,
    village_for_dashboard,
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
from reports.queries.exports import (
    export_scope,
    exports_filter,
)
from reports.queries.notifications import (
    notification_for_user,
    notifications_for,
    reminder_preference,
    unread_count,
)
from reports.queries.worklists import (
    KINDS,
    Item,
    Kind,
    Section,
    kinds_for,
    register,
    role_of,
    worklist,
)

__all__ = [
    "exports_filter",
    "export_scope",
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
    "notifications_for",
    "notification_for_user",
    "unread_count",
    "reminder_preference",
    "KINDS",
    "Item",
    "Kind",
    "Section",
    "kinds_for",
    "register",
    "role_of",
    "worklist",
    "dashboard",
    "dashboard_period",
    "village_for_dashboard",
    "group_for_dashboard",
    "boards_for",
    "board_for_user",
    "board_by_document",
    "objections_for",
    "objection_for_user",
    "boards_ending",
    "objections_due",
    "overdue_objections",
]
