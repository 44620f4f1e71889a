"""How every API endpoint answers an action's refusal (settings.REST_FRAMEWORK's EXCEPTION_HANDLER).

An action's ValidationError answers 400 with field errors (errors of no field under
"non_field_errors"); a stale version answers 409 with the same message the pages show. Django's
PermissionDenied and Http404 are DRF's own business (403, 404).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from villages.locking import StaleRecord


def as_api_error(error: DjangoValidationError) -> ValidationError:
    """An action's ValidationError as DRF's, field by field."""
    if not hasattr(error, "error_dict"):
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                            for field, messages in error.message_dict.items()})


def handle_api_exception(exc, context):
    if isinstance(exc, StaleRecord):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    return exception_handler(exc, context)
