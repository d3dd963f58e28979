"""The API against its own OpenAPI document, fuzzed with schemathesis: for every operation, requests
generated from the schema (valid and invalid) get no server error, only documented status codes,
and bodies that match the documented shapes. A small budget, so that it runs in every CI run.

Operations on one record are pointed at a real record of that procedure (tests/factories.py
`example()`), so that steps reach the service functions instead of stopping at 404.
"""

from importlib import import_module

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi import checks as openapi_checks

from fazhi.core.procedures import all_procedures

EXAMPLES_PER_OPERATION = 6
CSRF = "fazhiapischemacheckcsrfsecret000"  # 32 characters: a CSRF secret Django accepts


def _checks():
    load_all_checks()
    return [
        openapi_checks.status_code_conformance,
        openapi_checks.content_type_conformance,
        openapi_checks.response_schema_conformance,
    ]


def _records(org, people) -> dict[str, int]:
    found = {}
    for procedure in all_procedures():
        app = procedure.model.__module__.rsplit(".", 1)[0]
        factories = import_module(f"{app}.tests.factories")
        found[procedure.api_prefix.strip("/")] = factories.example(org, people, procedure.key).pk
    return found


@pytest.fixture
def connection_kept_across_requests():
    """Requests go to the bare WSGI application, which (unlike Django's test client) closes the
    database connection at each request's start and end. On PostgreSQL that would close the
    connection holding the test's transaction, and every request after the first would fail."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_across_requests")
def test_every_operation_keeps_to_its_schema(org, people, client):
    records = _records(org, people)
    client.force_login(people["coordinator"])
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", get_wsgi_application(), headers={"Cookie": _cookie(cookies)}
    )
    checks, failures = _checks(), []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:
        try:
            _fuzz(operation, records, cookies, checks)
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried, failures listed
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:400]}")
    print("\n".join(f[:160] for f in failures))
    assert failures == []


def _fuzz(operation, records: dict, cookies: dict, checks) -> None:
    prefix = operation.path.split("/")[2]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        if case.path_parameters and "record_id" in case.path_parameters:
            case.path_parameters["record_id"] = records.get(prefix, 1)
        response = case.call(headers={"X-CSRFToken": CSRF}, cookies=cookies)
        assert response.status_code < 500, f"{response.status_code}: {response.text[:300]}"
        case.validate_response(response, checks=checks)

    run()


def _cookie(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
