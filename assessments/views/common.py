"""Small view helpers: a POST-only step that reports its refusal as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def run_and_redirect(request, to, action, **kwargs):
    """POST-only steps (submit, review, publish…): run the action, report, go back."""
    try:
        action(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(to)
