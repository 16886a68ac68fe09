"""The API keeps the promises of its own OpenAPI schema: schemathesis generates requests
for every operation from the schema and checks every answer against it (no 5xx, every
status documented, every body in its documented shape), signed in as Kent's performance
manager on the demonstration data so the signed-in routes are reached, not just their
401. Bounded and derandomized: a few examples an operation, the same ones every run."""

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings

from localperf.api import api

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# What the schema promises: no server error, only documented statuses, each with its
# documented content type and body. (Whether a schema-valid body is also accepted is the
# business rules' question, asked by each app's own tests: a well-formed "2099/00" period
# is refused with 422 and its reason.)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


def django_wsgi(environ, start_response):
    """Django as WSGI through its test handler: in the test's own database transaction,
    without the per-request connection close, and with CSRF (a browser's guard) left to
    the tests that prove it."""
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    headers = list(response.items()) + [
        ("Set-Cookie", cookie.output(header="").strip()) for cookie in response.cookies.values()
    ]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    if response.streaming:
        return [b"".join(response.streaming_content)]
    return [response.content]


@pytest.fixture(scope="module")
def demo(demo_for_the_module):
    return None


@pytest.fixture
def signed_in(demo, client, django_user_model) -> dict[str, str]:
    client.force_login(django_user_model.objects.get(username="demo-pm-kent"))
    return {"sessionid": client.cookies["sessionid"].value}


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, signed_in):
    case.call_and_validate(cookies=signed_in, app=django_wsgi, checks=CHECKS)
