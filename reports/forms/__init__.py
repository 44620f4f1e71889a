"""The reports app's forms, one module per domain (documents: the document pipeline)."""

from reports.forms.documents import (
    DocumentRequestForm,
    QuarterlyReportsRequestForm,
    StatusSheetRequestForm,
)

# The annual work summary
from reports.forms.summary import AnnualSummaryForm, SummaryBuildForm

__all__ = [
    "StatusSheetRequestForm",
    "DocumentRequestForm",
    "QuarterlyReportsRequestForm",
    "AnnualSummaryForm",
    "SummaryBuildForm",
]
