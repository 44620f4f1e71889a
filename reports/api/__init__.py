"""The reports app's api, one module per domain (documents: the document pipeline; boards: the disclosure
boards, whose ROUTES config/api.py registers beside these)."""

from reports.api.documents import (
    NOT_SENT,
    ROUTES,
    DocumentBatchViewSet,
    DocumentViewSet,
    not_sent_response,
)

__all__ = [
    "not_sent_response",
    "NOT_SENT",
    "DocumentViewSet",
    "DocumentBatchViewSet",
    "ROUTES",
]
