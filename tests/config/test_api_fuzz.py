"""schemathesis over the API's OpenAPI schema, as each role: no 500, and every answer as the schema says.

The schema is the one drf-spectacular serves at /api/v1/schema/, generated here from the app; the requests go
straight to the WSGI app, on the throwaway test database, with the two-village world of the access matrix. Each
role signs in with its own API token. One derandomized example per operation keeps the run to CI's minutes; set
ZIZHI_FUZZ_EXAMPLES for a longer hunt, ZIZHI_FUZZ_PATHS (a regular expression) to hunt on some paths only.

Each request is sent as every role, from the least right to the most (what the town office writes comes last); a
failure says which role it was sent as. schemathesis's coverage phase adds about 150 requests an operation (the
schema's boundary and invalid values): those go as the town office only, who gets furthest past the checks of who
may (ZIZHI_FUZZ_COVERAGE_ROLES to change it); the schema's examples and the generated example go as every role.
ZIZHI_FUZZ_ROLES (a comma-separated list) narrows the roles.
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
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.config.test_access_matrix import world  # noqa: F401  the same module-wide world of two villages

EXAMPLES = int(os.environ.get("ZIZHI_FUZZ_EXAMPLES", "1"))
# From the least right to the most: a request that a role may not make changes nothing, so each role's answer is
# to the world as the roles before it left it.
ALL_ROLES = ("anonymous", "no_jurisdiction", "member", "specialist", "leadership", "town_office")
ROLES = tuple(role for role in ALL_ROLES if role in os.environ.get("ZIZHI_FUZZ_ROLES", ",".join(ALL_ROLES)).split(","))
COVERAGE_ROLES = tuple(role for role in ROLES if role in os.environ.get(
    "ZIZHI_FUZZ_COVERAGE_ROLES", "town_office").split(",")) or ROLES
# Found and not yet fixed: these operations are left out of the run until they are fixed.
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


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, world):  # noqa: F811
    coverage = case.meta is not None and case.meta.phase.name == TestPhase.COVERAGE
    for role in COVERAGE_ROLES if coverage else ROLES:
        try:
            case.call_and_validate(headers=_headers(role, world), checks=CHECKS)
        except Exception as failure:
            failure.add_note(f"Sent as: {role}")
            raise
