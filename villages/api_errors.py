"""How every API endpoint answers an action's refusal (settings.REST_FRAMEWORK's EXCEPTION_HANDLER).

An action's ValidationError answers 400 with field errors (errors of no field under
"non_field_errors"); a stale version answers 409 with the same message the pages show. Django's
PermissionDenied and Http404 are DRF's own business (403, 404).

`document_error_answers` (a drf-spectacular postprocessing hook) writes these answers into the OpenAPI schema, so
that the schema says what a client gets, as schemathesis checks (tests/config/test_api_fuzz.py).
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


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` with a message, or each field's messages (`non_field_errors` for none).",
    "additionalProperties": True,
}
ERROR_ANSWERS = {
    "400": "The parameters or the body are not valid.",
    "401": "No valid token or session.",
    "403": "The user's role or jurisdiction does not allow it.",
    "404": "No such record within the user's scope.",
}
WRITE_ANSWERS = {"409": "The record changed since the version sent."}


def document_error_answers(result, generator, request, public):
    """Every operation may answer 400, 401, 403 and 404; every write 409 too (see handle_api_exception)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers = {**ERROR_ANSWERS, **(WRITE_ANSWERS if method in ("post", "put", "patch", "delete") else {})}
            for code, description in answers.items():
                operation["responses"].setdefault(code, {"description": description, "content": error})
    return result
