"""The reports app's forms, one module per domain (documents: the document pipeline)."""

from reports.forms.documents import (
    DocumentRequestForm,
    QuarterlyReportsRequestForm,
    StatusSheetRequestForm,
)

__all__ = [
    "StatusSheetRequestForm",
    "DocumentRequestForm",
    "QuarterlyReportsRequestForm",
]
