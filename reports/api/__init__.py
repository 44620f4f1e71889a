"""The reports app's api, one module per domain; ROUTES lists every domain's routes for config.api."""

from reports.api import boards, dashboards, documents, exports, notifications, summary, worklists
from reports.api.documents import NOT_SENT, DocumentBatchViewSet, DocumentViewSet, not_sent_response

ROUTES = [*documents.ROUTES, *exports.ROUTES, *boards.ROUTES, *summary.ROUTES, *worklists.ROUTES,
          *notifications.ROUTES, *dashboards.ROUTES]

__all__ = ["NOT_SENT", "ROUTES", "DocumentBatchViewSet", "DocumentViewSet", "not_sent_response"]
