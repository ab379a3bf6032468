"""Property-based requests against `/api/v1/schema/` (schemathesis): for every operation, as a
coordinator and as a participant, generated requests — valid and invalid — never get a server
error, and the JSON that comes back has the content type and shape the schema promises.

The app runs in the live-server thread (real HTTP, committed data), so the tests need a
transactional database. A few examples per operation keep the run short enough for CI.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from .factories import CoordinatorFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(live_server):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")


@pytest.fixture
def tokens():
    membership = MembershipFactory()
    participant = UserFactory(municipality=membership.municipality)
    coordinator = CoordinatorFactory()
    return {
        "coordinator": Token.objects.create(user=coordinator).key,
        "participant": Token.objects.create(user=participant).key,
    }


def test_no_server_errors_and_responses_match_the_schema(api_schema, live_server, tokens):
    failures, checked, sent = [], [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/v1/auth/"):
            continue  # the token endpoint: its limits are tested in test_security_…

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case):
            for token in tokens.values():
                headers = {"Authorization": f"Token {token}"}
                response = case.call(base_url=live_server.url, headers=headers)
                sent.append(response.status_code)
                case.validate_response(response, checks=CHECKS)

        checked.append(operation.label)
        try:
            check()
        except Exception as error:  # noqa: BLE001  (each operation's failure is reported)
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert len(checked) >= 30 and len(sent) >= 6 * len(checked)
