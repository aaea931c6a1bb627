"""Property-based fuzzing of the whole REST API from its own OpenAPI document (schemathesis):
whatever a client sends, the answer is never a server error (5xx), its status is one the
document declares for the operation, and its body matches the schema declared for it (the
error answers included: jalon.api.problems)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from jalon.accounts.services import token_create
from jalon.wsgi import application
from tests.factories import DependencyFactory, TaskFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Valid requests and invalid ones (wrong types, missing fields, out-of-range values) alike.
schema.config.generation.update(modes=list(schemathesis.GenerationMode), deterministic=True)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, so do what Django's test client does:
    keep the request signals from closing the connection that holds the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(pmo, project):
    first = TaskFactory(project=project)
    DependencyFactory(predecessor=first, successor=TaskFactory(project=project))
    return token_create(username=pmo.username)[1]


@pytest.mark.django_db
@pytest.mark.postgres
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_api_fail(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[checks.not_a_server_error,
                                              checks.status_code_conformance,
                                              checks.response_schema_conformance])
    if response.status_code >= 400:  # an error names the problem
        body = response.json()
        assert body.get("code") and body.get("message"), (response.status_code, case.path, body)
