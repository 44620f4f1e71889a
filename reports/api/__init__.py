"""The reports app's api, one module per domain (documents: the document pipeline; summary: the
annual work summary)."""

from reports.api.documents import (
    NOT_SENT,
    ROUTES,
    DocumentBatchViewSet,
    DocumentViewSet,
    not_sent_response,
)

# The annual work summary (its ROUTES are registered in config/api.py)
from reports.api.summary import AnnualSummaryViewSet

__all__ = [
    "not_sent_response",
    "NOT_SENT",
    "DocumentViewSet",
    "DocumentBatchViewSet",
    "ROUTES",
    "AnnualSummaryViewSet",
]
