"""The reports app's views, one module per domain (documents: the document pipeline; dashboards)."""

from reports.views.dashboards import group_overview, overview_chart, town_overview, village_overview
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
from reports.views.exports import registry_export

__all__ = [
    "registry_export",
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
    "town_overview",
    "village_overview",
    "group_overview",
    "overview_chart",
]
