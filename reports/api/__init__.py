"""The reports app's api, one module per domain (documents: the document pipeline; dashboards).

ROUTES lists every domain's routes."""

from reports.api.dashboards import ROUTES as DASHBOARD_ROUTES
from reports.api.documents import (
    NOT_SENT,
    ROUTES,
    DocumentBatchViewSet,
    DocumentViewSet,
    not_sent_response,
)

ROUTES = [*ROUTES, *DASHBOARD_ROUTES]

__all__ = [
    "not_sent_response",
    "NOT_SENT",
    "DocumentViewSet",
    "DocumentBatchViewSet",
    "ROUTES",
]
