"""The reports app's models, one module per domain (documents: the document pipeline)."""

# Disclosure boards: versions, publication, objections.
from reports.models.boards import BoardObjection, BoardObjectionQuerySet, BoardPublication, BoardPublicationQuerySet
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
    "BoardPublicationQuerySet",
    "BoardPublication",
    "BoardObjectionQuerySet",
    "BoardObjection",
]
