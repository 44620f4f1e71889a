"""Small view helpers: turning an action's ValidationError into form errors or a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_and_redirect(request, to, action, **kwargs):
    """POST-only steps (submit, review, publish…): run the action, report, go back."""
    try:
        action(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(to)
