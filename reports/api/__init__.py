"""The reports app's api, one module per domain (documents: the document pipeline; dashboards).

ROUTES lists every domain's routes."""

from reports.api.dashboards import ROUTES as DASHBOARD_ROUTES
from reports.api.documents import (
    NOT_SENT,
    DocumentBatchViewSet,
    DocumentViewSet,
    not_sent_response,
)
from reports.api.documents import ROUTES as DOCUMENT_ROUTES
from reports.api.notifications import ROUTES as NOTIFICATION_ROUTES
from reports.api.notifications import NotificationViewSet
from reports.api.worklists import ROUTES as WORKLIST_ROUTES
from reports.api.worklists import TodoViewSet

ROUTES = [*DOCUMENT_ROUTES, *WORKLIST_ROUTES, *NOTIFICATION_ROUTES]

ROUTES = [*ROUTES, *DASHBOARD_ROUTES]

__all__ = [
    "NotificationViewSet",
    "TodoViewSet",
    "not_sent_response",
    "NOT_SENT",
    "DocumentViewSet",
    "DocumentBatchViewSet",
    "ROUTES",
]
