"""The reports app's views, one module per domain (documents: the document pipeline)."""

from reports.views.documents import (
    batch_detail,
    batch_list,
    batch_retry,
    batch_status,
    document_detail,
    document_download,
    document_list,
    document_retry,
    document_status,
    request_any_document,
    request_quarterly_batch,
    request_status_sheet,
    verify,
    verify_lookup,
)

# The annual work summary
from reports.views.summary import summary_build, summary_detail, summary_edit, summary_list

__all__ = [
    "document_list",
    "request_any_document",
    "request_quarterly_batch",
    "batch_list",
    "batch_detail",
    "batch_status",
    "batch_retry",
    "request_status_sheet",
    "document_detail",
    "document_status",
    "document_download",
    "document_retry",
    "verify_lookup",
    "verify",
    "summary_list",
    "summary_detail",
    "summary_edit",
    "summary_build",
]
