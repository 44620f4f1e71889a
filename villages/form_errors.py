"""An action's refusal shown on the form that asked for it."""

from django import forms
from django.core.exceptions import ValidationError

from villages.locking import StaleRecord


def apply_errors(form: forms.Form, error: ValidationError | StaleRecord) -> None:
    """Put an action's errors next to the visible fields they name, the rest at the top of the form.

    A stale version is a message at the top: the reader reloads the page and makes the change again.
    """
    if isinstance(error, StaleRecord):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)
    else:
        form.add_error(None, error)
