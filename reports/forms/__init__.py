"""The reports app's forms, one module per domain (documents: the document pipeline)."""

from reports.forms.documents import (
    DocumentRequestForm,
    QuarterlyReportsRequestForm,
    StatusSheetRequestForm,
)
from reports.forms.notifications import ReminderForm

__all__ = [
    "ReminderForm",
    "StatusSheetRequestForm",
    "DocumentRequestForm",
    "QuarterlyReportsRequestForm",
]
