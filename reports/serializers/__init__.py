"""The reports app's serializers, one module per domain (documents: the document pipeline)."""

# Disclosure boards.
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
    "DownloadLinks",
    "DocumentSerializer",
    "DocumentRequestSerializer",
    "BatchDocumentSerializer",
    "DocumentBatchSerializer",
    "DocumentBatchDetailSerializer",
    "QuarterlyReportsRequestSerializer",
    "BoardSerializer",
    "BoardRequestSerializer",
    "BoardReviewSerializer",
    "BoardPublishSerializer",
    "BoardCorrectSerializer",
    "ObjectionSerializer",
    "ObjectionCreateSerializer",
    "ObjectionResponseSerializer",
]
