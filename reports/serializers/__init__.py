"""The reports app's serializers, one module per domain (documents: the document pipeline; dashboards)."""

from reports.serializers.dashboards import DashboardRowSerializer, DashboardSerializer
from reports.serializers.documents import (
    BatchDocumentSerializer,
    DocumentBatchDetailSerializer,
    DocumentBatchSerializer,
    DocumentRequestSerializer,
    DocumentSerializer,
    DownloadLinks,
    QuarterlyReportsRequestSerializer,
)

__all__ = [
    "DashboardSerializer",
    "DashboardRowSerializer",
    "DownloadLinks",
    "DocumentSerializer",
    "DocumentRequestSerializer",
    "BatchDocumentSerializer",
    "DocumentBatchSerializer",
    "DocumentBatchDetailSerializer",
    "QuarterlyReportsRequestSerializer",
]
