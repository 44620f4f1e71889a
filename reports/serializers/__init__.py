"""The reports app's serializers, one module per domain (documents: the document pipeline)."""

from reports.serializers.documents import (
    BatchDocumentSerializer,
    DocumentBatchDetailSerializer,
    DocumentBatchSerializer,
    DocumentRequestSerializer,
    DocumentSerializer,
    DownloadLinks,
    QuarterlyReportsRequestSerializer,
)

# The annual work summary
from reports.serializers.summary import (
    AnnualSummarySerializer,
    AnnualSummaryUpdateSerializer,
    SummaryBuildSerializer,
)

__all__ = [
    "DownloadLinks",
    "DocumentSerializer",
    "DocumentRequestSerializer",
    "BatchDocumentSerializer",
    "DocumentBatchSerializer",
    "DocumentBatchDetailSerializer",
    "QuarterlyReportsRequestSerializer",
    "AnnualSummarySerializer",
    "AnnualSummaryUpdateSerializer",
    "SummaryBuildSerializer",
]
