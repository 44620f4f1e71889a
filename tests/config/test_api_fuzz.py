"""schemathesis over the API's OpenAPI schema, as each role: no 500, and every answer as the schema says.

The schema is the one drf-spectacular serves at /api/v1/schema/, generated here from the app; the requests go
straight to the WSGI app, on the throwaway test database, with the two-village world of the access matrix. Each
role signs in with its own API token. One derandomized example per operation keeps the run to CI's minutes; set
ZIZHI_FUZZ_EXAMPLES for a longer hunt, ZIZHI_FUZZ_PATHS (a regular expression) to hunt on some paths only.

Measured on SQLite, the machine shared with other runs: 257 operations; the test database and the world take
about 2 minutes to set up, then about 1 s an operation with 1 example (4.5 minutes), about 5-6 s with 5
examples (over 20 minutes, hence 1). CI runs the town office only: the other roles (leadership, specialist,
member, no_jurisdiction, anonymous; ZIZHI_FUZZ_ROLES=all or a comma-separated list) were not yet run to the
end, and each would add about as long again.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.config.test_access_matrix import world  # noqa: F401  the same module-wide world of two villages

EXAMPLES = int(os.environ.get("ZIZHI_FUZZ_EXAMPLES", "1"))
ALL_ROLES = ("town_office", "leadership", "specialist", "member", "no_jurisdiction", "anonymous")
# Only the town office by default: the other roles were not yet run to the end (ZIZHI_FUZZ_ROLES=all runs them).
ROLES = ALL_ROLES if os.environ.get("ZIZHI_FUZZ_ROLES") == "all" else tuple(
    os.environ.get("ZIZHI_FUZZ_ROLES", "town_office").split(","))
# Found and not yet fixed (as the town office): these operations are left out of the run until they are fixed.
KNOWN: dict[str, str] = {}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()
if KNOWN and not os.environ.get("ZIZHI_FUZZ_KNOWN"):  # ZIZHI_FUZZ_KNOWN=1 runs them too, to see them fail
    schema = schema.exclude(name=list(KNOWN))
if os.environ.get("ZIZHI_FUZZ_PATHS"):  # a regular expression of the paths to hunt on, e.g. "cadre-appraisals/$"
    schema = schema.include(path_regex=os.environ["ZIZHI_FUZZ_PATHS"])

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app would close the test's database connection after each answer; Django's test client too
    disconnects these for its requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _headers(role, world) -> dict:  # noqa: F811
    if role == "anonymous":
        return {}
    token, _ = Token.objects.get_or_create(user=world["users"][role])
    return {"Authorization": f"Token {token.key}"}


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, role, world):  # noqa: F811
    case.call_and_validate(headers=_headers(role, world), checks=CHECKS)
