"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis):
no server error and no response the schema does not describe, for a bounded number of
generated requests per operation (valid and invalid ones)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def api_schema(db, monkeypatch):
    """The live schema, over a few records, with throttling out of the way."""
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None}
    )
    activity = factories.ActivityFactory(slug="mercury")
    factories.EventFactory(activity=activity)
    factories.SynergyFactory(activity=activity)
    factories.DecisionFactory(meeting=factories.MeetingFactory())
    factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.ServiceAgreementFactory()
    # As Django's test client does: keep the test's connection (and its transaction)
    # open across the requests the WSGI application handles.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def fuzz(schema, methods: set[str], headers: dict[str, str] | None = None) -> int:
    """Run every operation with one of ``methods``; return how many were run."""
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:
                case.call_and_validate(checks=CHECKS, headers=headers)

            run()
        tested += 1
    return tested


def test_anonymous_reads_conform_to_the_schema(api_schema):
    assert fuzz(api_schema, {"GET"}) >= 20


def test_authenticated_writes_conform_to_the_schema(api_schema):
    user = factories.UserFactory(username="fuzzer", is_superuser=True, is_staff=True)
    token = Token.objects.create(user=user)
    headers = {"Authorization": f"Token {token.key}"}
    assert fuzz(api_schema, {"POST", "PUT", "PATCH", "DELETE"}, headers) >= 10
