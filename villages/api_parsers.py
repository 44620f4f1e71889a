"""The API's JSON parser (settings.REST_FRAMEWORK's first parser): bounded in size and in nesting.

DRF's own parser reads a body of any size and lets Python's decoder recurse into a body nested 100,000
deep until it raises RecursionError, a 500. Here a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE answers
413 and one nested deeper than MAX_DEPTH answers 400, both before anything is decoded.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json

# No request of the API nests objects or lists more than a few levels deep.
MAX_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is None:
            body = b""
        else:
            body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise RequestTooLarge(_("The request body is larger than %(size)d bytes.") % {"size": limit})
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as error:
            raise ParseError(_("The request body is not %(encoding)s text.") % {"encoding": encoding}) from error
        if nesting(text) > MAX_DEPTH:
            raise ParseError(_("The JSON body is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH})
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError as error:
            raise ParseError(_("The JSON body is nested too deeply.")) from error
        except ValueError as error:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": str(error)[:200]}) from error


STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
BRACKETS = re.compile(r"[\[\]{}]")


def nesting(text: str) -> int:
    """How deep brackets nest in a JSON text, brackets inside strings not counted."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than the limit
    depth = deepest = 0
    for bracket in BRACKETS.findall(STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest
