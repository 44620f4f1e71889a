"""The reports app's models, one module per domain (documents: the document pipeline; summary: the annual work
summary)."""

from reports.models.documents import (
    CODE_ALPHABET,
    CODE_LENGTH,
    REQUEUE_AFTER,
    STUCK_AFTER,
    Document,
    DocumentBatch,
    DocumentBatchQuerySet,
    DocumentKind,
    DocumentNumber,
    DocumentQuerySet,
    DocumentStatus,
    IssuingUnit,
    document_upload_to,
    looks_like_verification_code,
    new_verification_code,
    normalize_verification_code,
)

# The annual work summary
from reports.models.summary import CHAPTERS, PROSE_FIELDS, AnnualSummary

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "STUCK_AFTER",
    "REQUEUE_AFTER",
    "new_verification_code",
    "normalize_verification_code",
    "looks_like_verification_code",
    "document_upload_to",
    "DocumentQuerySet",
    "DocumentKind",
    "DocumentStatus",
    "DocumentBatchQuerySet",
    "DocumentBatch",
    "IssuingUnit",
    "DocumentNumber",
    "Document",
    "CHAPTERS",
    "PROSE_FIELDS",
    "AnnualSummary",
]
