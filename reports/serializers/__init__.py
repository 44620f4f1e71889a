"""The reports app's serializers, one module per domain (documents: the document pipeline)."""

from reports.serializers.dashboards import (
    DashboardRowSerializer,
    DashboardSerializer,
)
from reports.serializers.documents import (
    BatchDocumentSerializer,
    DocumentBatchDetailSerializer,
    DocumentBatchSerializer,
    DocumentRequestSerializer,
    DocumentSerializer,
    DownloadLinks,
    QuarterlyReportsRequestSerializer,
)
from reports.serializers.notifications import (
    MarkReadSerializer,
    NotificationSerializer,
    WorkItemSerializer,
)

__all__ = [
    "MarkReadSerializer",
    "NotificationSerializer",
    "WorkItemSerializer",
    "DownloadLinks",
    "DocumentSerializer",
    "DocumentRequestSerializer",
    "BatchDocumentSerializer",
    "DocumentBatchSerializer",
    "DocumentBatchDetailSerializer",
    "QuarterlyReportsRequestSerializer",
    "DashboardSerializer",
    "DashboardRowSerializer",
]
