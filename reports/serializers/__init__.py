"""The reports app's serializers, one module per domain (documents: the document pipeline)."""

from reports.serializers.boards import (
    BoardCorrectSerializer,
    BoardPublishSerializer,
    BoardRequestSerializer,
    BoardReviewSerializer,
    BoardSerializer,
    ObjectionCreateSerializer,
    ObjectionResponseSerializer,
    ObjectionSerializer,
)
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
from reports.serializers.summary import (
    AnnualSummarySerializer,
    AnnualSummaryUpdateSerializer,
    SummaryBuildSerializer,
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
    "BoardSerializer",
    "BoardRequestSerializer",
    "BoardReviewSerializer",
    "BoardPublishSerializer",
    "BoardCorrectSerializer",
    "ObjectionSerializer",
    "ObjectionCreateSerializer",
    "ObjectionResponseSerializer",
    "AnnualSummarySerializer",
    "AnnualSummaryUpdateSerializer",
    "SummaryBuildSerializer",
]
