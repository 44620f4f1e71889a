"""The reports app's forms, one module per domain (documents: the document pipeline)."""

from reports.forms.boards import (
    BoardCorrectForm,
    BoardFilterForm,
    BoardPhotoForm,
    BoardPublishForm,
    BoardRequestForm,
    BoardReviewForm,
    ObjectionForm,
    ObjectionResponseForm,
)
from reports.forms.documents import (
    DocumentRequestForm,
    QuarterlyReportsRequestForm,
    StatusSheetRequestForm,
)
from reports.forms.notifications import ReminderForm
from reports.forms.summary import (
    AnnualSummaryForm,
    SummaryBuildForm,
)

__all__ = [
    "ReminderForm",
    "StatusSheetRequestForm",
    "DocumentRequestForm",
    "QuarterlyReportsRequestForm",
    "BoardRequestForm",
    "BoardReviewForm",
    "BoardPublishForm",
    "BoardCorrectForm",
    "BoardPhotoForm",
    "BoardFilterForm",
    "ObjectionForm",
    "ObjectionResponseForm",
    "AnnualSummaryForm",
    "SummaryBuildForm",
]
