"""The hostile-input suite: thousands of generated requests (hypothesis) over every
public page, every API list and feed, their parameters and their writes, with the
values harvesters, attackers and broken clients send: dates at the calendar's edge,
time-zone offsets, NaN, NUL, tampered cursors, huge numbers, wrong types, unknown
parameters, stale and missing If-Match.

What must hold, on whichever database the suite runs on (CI: SQLite and PostgreSQL):
no answer is a server error, and a refused write changes no row of any table. How
many requests were sent is printed at the end of pytest's output.

Each request runs in a savepoint that is rolled back, so an accepted write does not
change what the next request finds. Generation is derandomized: a failure found in CI
is found again on a laptop.
"""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from activities.filters import ServiceAgreementFilter
from activities.models import Activity, CostSaving, ServiceAgreement, Synergy
from brsportal.api import router
from brsportal.preconditions import etag
from decisions.filters import DecisionFilter, MeetingFilter
from decisions.informea import InforMEADecisionFilter, InforMEAMeetingFilter
from tests import summary

from .test_bad_input import (
    api_target,
    build_records,
    domain_models,
    snapshot,
)

READS, PAGES, WRITES = 3000, 1200, 800
# Requests drawn per example: hypothesis's own work per example (its engine's
# bookkeeping) is then shared by several requests.
BATCH = 10
SUITE = "hostile-input suite"


# Values ----------------------------------------------------------------------------

EDGE_TEXT = [
    "",
    " ",
    "NaN",
    "nan",
    "-NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1e309",
    "-1e309",
    "1e-400",
    "-0",
    "0",
    "-1",
    "1.5",
    "0x10",
    "9" * 40,
    "-" + "9" * 40,
    "18446744073709551616",
    "2147483648",
    "\x00",
    "a\x00b",
    "\x7f",
    "\u202e",
    "\ufeff",
    "\uff11\uff12",
    "\U0001f600",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE activities_activity; --",
    "%",
    "%%",
    "x" * 5000,
    "BC-17/22",
    "bc-17-22",
    "BC",
    "MC",
    "2024",
    "2024-2025",
    "mercury-wastes",
    "updated_at",
    "-updated_at",
    "title",
    "json",
    "csv",
    "api",
]
EDGE_DATES = [
    "0001-01-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2025-02-29",
    "2024-02-29",
    "2025-13-01",
    "1899-12-31",
    "2101-01-01",
    "-2025-01-01",
]
EDGE_OFFSETS = ["Z", "+14:00", "-12:00", "+99:00", "-99:59", "+00:00", "", "+24:00"]


def as_time(moment: datetime.datetime, offset: str) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + offset


times = st.builds(
    as_time,
    st.datetimes(min_value=datetime.datetime(1, 1, 1)),
    st.sampled_from(EDGE_OFFSETS),
) | st.builds(
    lambda day, clock, offset: f"{day}T{clock}{offset}",
    st.sampled_from(EDGE_DATES),
    st.sampled_from(["00:00:00", "23:59:59", "23:59:59.999999", "24:00:00"]),
    st.sampled_from(EDGE_OFFSETS),
)
plain_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str) | st.floats(
    allow_nan=True, allow_infinity=True
).map(repr)


def cursor_of(fields: dict[str, str]) -> str:
    return base64.b64encode(urlencode(fields).encode()).decode()


cursors = st.builds(
    cursor_of,
    st.fixed_dictionaries(
        {},
        optional={
            "p": st.sampled_from(EDGE_TEXT) | times | plain_text,
            "o": st.sampled_from(["0", "-1", "1001", "NaN", "99999999999999999999"]),
            "r": st.sampled_from(["0", "1", "2", "-1", "x"]),
        },
    ),
) | st.sampled_from(["cD1OYU4=", "cD0tMQ==", "cD0lMDA=", "====", "*", "cD0"])
hostile_values = st.one_of(
    st.sampled_from(EDGE_TEXT),
    st.sampled_from(EDGE_DATES),
    times,
    numbers,
    plain_text,
    cursors,
)

# Raw pieces of a query string a client can send that no encoder would produce.
RAW_QUERY_PIECES = ["%FF", "%ED%A0%80", "%zz", "=", "&&", "a=1=2", "%00=%00"]


def query_string(params: dict[str, list[str]], raw: list[str]) -> str:
    pairs = [
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, values in params.items()
        for value in values
    ]
    return "&".join(pairs + raw)


def values_for(name: str) -> st.SearchStrategy[str]:
    """Mostly values of the parameter's own kind (so that a time parameter meets
    the calendar's edges often), sometimes anything."""
    if name in ("updated_since", "start_after", "start_before"):
        own = times | st.sampled_from(EDGE_DATES)
    elif name == "cursor":
        own = cursors
    elif name in ("page", "page_size", "year", "meeting_number", "quarter"):
        own = numbers | st.sampled_from(EDGE_TEXT[:20])
    else:
        return hostile_values
    return st.one_of(own, own, hostile_values)


def queries(names: list[str]) -> st.SearchStrategy[str]:
    """Query strings over a list's own parameters (and a few unknown ones)."""
    known = [
        st.tuples(st.just(name), st.lists(values_for(name), min_size=1, max_size=2))
        for name in names
    ]
    unknown = st.tuples(
        plain_text.filter(bool), st.lists(hostile_values, min_size=1, max_size=2)
    )
    # Half the requests try one parameter alone: in a mix, another parameter's
    # refusal (a 400) often answers before the interesting one is read.
    alone = st.one_of(*known).map(lambda pair: dict([pair]))
    mixed = st.lists(st.one_of(*known, unknown), max_size=4).map(dict)
    params = alone | mixed
    raw = st.lists(st.sampled_from(RAW_QUERY_PIECES), max_size=1)
    return st.builds(query_string, params, raw)


# Where ---------------------------------------------------------------------------

COMMON = ["q", "ordering", "page", "page_size", "cursor", "format", "updated_since"]


def api_lists() -> list[tuple[str, list[str]]]:
    lists = []
    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "filterset_class"):  # the search: its own parameters
            from activities.api_search import SearchParametersSerializer

            filters = list(SearchParametersSerializer().fields)
            lists.append((f"/api/v1/{prefix}/", sorted({*filters, *COMMON})))
            continue
        filters = list(viewset.filterset_class.base_filters)
        lists.append((f"/api/v1/{prefix}/", sorted({*filters, *COMMON})))
    for path, filterset in (
        ("/api/informea/decisions/", InforMEADecisionFilter),
        ("/api/informea/meetings/", InforMEAMeetingFilter),
    ):
        lists.append((path, sorted({*filterset.base_filters, *COMMON})))
    return lists


def pages() -> list[tuple[str, list[str]]]:
    from activities.filters import ActivityFilter

    return [
        ("/", ["page"]),
        ("/activities/", [*ActivityFilter.base_filters, "page"]),
        ("/activities/agreements/", [*ServiceAgreementFilter.base_filters, "page"]),
        ("/decisions/", [*DecisionFilter.base_filters, "page"]),
        ("/meetings/", [*MeetingFilter.base_filters, "page"]),
        ("/meetings/calendar.ics", list(MeetingFilter.base_filters)),
        ("/conventions/", ["page"]),
        ("/conventions/bc/", ["page"]),
        ("/decisions/bc-17-22/", ["page"]),
        ("/activities/webinars/", ["page"]),
        ("/documents/UNEP/CHW.17/INF/54/", ["page"]),
        ("/api/v1/activities/webinars/", ["format"]),
        ("/api/v1/decisions/bc-17-22/", ["format"]),
    ]


DETAIL_PREFIXES = [
    "/activities/",
    "/decisions/",
    "/meetings/",
    "/documents/",
    "/conventions/",
    "/activities/agreements/",
    "/api/v1/activities/",
    "/api/v1/decisions/",
    "/api/v1/documents/",
    "/api/v1/meetings/",
    "/api/v1/conventions/",
    "/api/v1/synergies/",
]


# The run ---------------------------------------------------------------------------


class Tally:
    """What was sent and how it was answered, for the summary line."""

    def __init__(self) -> None:
        self.sent = 0
        self.server_errors: list[str] = []
        self.refused_writes = 0

    def check(self, label: str, response) -> int:
        self.sent += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{response.status_code} {label}")
        assert response.status_code < 500, f"{response.status_code}: {label}"
        return response.status_code


TALLY = Tally()


@pytest.fixture
def world(db, monkeypatch) -> dict[str, Any]:
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None}
    )
    records = build_records()
    records["anonymous"] = Client()
    records["api"] = Client(HTTP_AUTHORIZATION=f"Token {records['token']}")
    return records


def rolled_back(call):
    """Run ``call`` in a savepoint that is always rolled back."""
    with transaction.atomic():
        try:
            return call()
        finally:
            transaction.set_rollback(True)


def generous(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        # No shrinking: the failing request is named in the assertion, and
        # shrinking thousands of requests took minutes.
        phases=[Phase.explicit, Phase.generate],
    )


def finish(label: str, sent: int, minimum: int) -> None:
    summary.note(
        f"{SUITE} ({label}): {sent:,} generated requests, "
        f"{len(TALLY.server_errors)} server errors so far, "
        f"{TALLY.sent:,} requests in all"
    )
    assert not TALLY.server_errors, TALLY.server_errors[:20]
    assert sent >= minimum


def test_api_lists_and_feeds_answer_hostile_parameters_without_a_server_error(world):
    before = TALLY.sent
    lists = api_lists()
    accepts = st.sampled_from(
        [None, "text/csv", "application/xml", "*/*", "\x00", "application/json;q=x"]
    )

    request = st.tuples(
        st.one_of([st.tuples(st.just(path), queries(names)) for path, names in lists]),
        accepts,
        st.booleans(),
    )

    @given(batch=st.lists(request, min_size=BATCH, max_size=BATCH))
    @generous(READS // BATCH)
    def run(batch: list[tuple[tuple[str, str], str | None, bool]]) -> None:
        for (path, query), accept, authenticated in batch:
            client = world["api"] if authenticated else world["anonymous"]
            headers = {"HTTP_ACCEPT": accept} if accept else {}
            response = client.get(f"{path}?{query}", **headers)
            TALLY.check(f"GET {path}?{query[:300]}", response)

    run()
    finish("API lists and feeds", TALLY.sent - before, READS)


def test_pages_and_addresses_answer_hostile_input_without_a_server_error(world):
    before = TALLY.sent
    page_list = pages()
    segment = st.one_of(
        st.sampled_from(EDGE_TEXT).filter(bool),
        st.sampled_from(EDGE_DATES),
        plain_text.filter(bool),
        numbers,
    )
    address = st.builds(
        lambda prefix, value: prefix + quote(value, safe="/") + "/",
        st.sampled_from(DETAIL_PREFIXES),
        segment,
    )

    where = st.one_of(
        *[st.tuples(st.just(path), queries(names)) for path, names in page_list],
        st.tuples(address, st.just("")),
    )

    @given(batch=st.lists(where, min_size=BATCH, max_size=BATCH))
    @generous(PAGES // BATCH)
    def run(batch: list[tuple[str, str]]) -> None:
        for path, query in batch:
            url = f"{path}?{query}" if query else path
            response = world["anonymous"].get(url)
            TALLY.check(f"GET {url[:300]}", response)

    run()
    finish("pages and addresses", TALLY.sent - before, PAGES)


# Writes ----------------------------------------------------------------------------

RESOURCES = {
    "activities": ("activity", Activity),
    "service-agreements": ("agreement", ServiceAgreement),
    "synergies": ("synergy", Synergy),
    "cost-savings": ("saving", CostSaving),
}
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(EDGE_TEXT)
    | st.sampled_from(EDGE_DATES)
    | times
    | plain_text,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(plain_text, children, max_size=3)
    ),
    max_leaves=6,
)
IF_MATCH = ["current", "stale", "*", "none", "weak", "list", "garbage"]


def table_digests() -> dict[str, tuple[int, str]]:
    """Row count and content digest of every domain table, as ``snapshot()``, in one
    statement on PostgreSQL (fifty round trips per check made the suite slow)."""
    if connection.vendor != "postgresql":
        return snapshot()
    quote_name = connection.ops.quote_name
    parts = []
    for model in domain_models():
        table = quote_name(model._meta.db_table)
        pk = quote_name(model._meta.pk.column)
        parts.append(
            f"SELECT '{model._meta.db_table}', COUNT(*), "  # noqa: S608 - our names
            f"MD5(COALESCE(STRING_AGG(t::text, ',' ORDER BY t.{pk}), '')) "
            f"FROM {table} t"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}


def if_match_header(kind: str, record, garbage: str) -> dict[str, str]:
    current = etag(type(record)._base_manager.get(pk=record.pk))
    value = {
        "current": current,
        "stale": f'"{record.pk}-999999"',
        "*": "*",
        "weak": f"W/{current}",
        "list": f'"x", {current}',
        "garbage": garbage,
        "none": None,
    }[kind]
    return {"HTTP_IF_MATCH": value} if value else {}


def write_request(world, resource: str, method: str, changes: dict) -> tuple:
    """The method, address and body of a write with ``changes`` applied."""
    list_view, detail, payload = api_target(world, resource)
    if method == "POST":
        if "slug" in payload:
            payload["slug"] = "a-generated-record"
        url = f"/api/v1/{resource}/"
    elif method in ("PUBLISH", "ARCHIVE"):
        return "POST", f"{detail}{method.lower()}/", ""
    else:
        url = detail
    if method == "PATCH":
        payload = {}
    payload.update(changes)
    return method, url, json.dumps(payload)


def test_api_writes_refuse_hostile_bodies_and_headers_and_change_nothing(world):
    before = TALLY.sent
    resources = sorted(RESOURCES)

    def changes_for(resource: str) -> st.SearchStrategy[dict]:
        _list_view, _detail, payload = api_target(world, resource)
        names = [*payload, "events.0", "unknown_field", "url", "version"]
        return st.dictionaries(st.sampled_from(names), json_values, max_size=3)

    @given(
        target=st.one_of(
            [st.tuples(st.just(name), changes_for(name)) for name in resources]
        ),
        method=st.sampled_from(
            ["PATCH", "PATCH", "PUT", "POST", "DELETE", "PUBLISH", "ARCHIVE"]
        ),
        precondition=st.sampled_from(IF_MATCH),
        garbage=plain_text,
        raw_body=st.none() | st.sampled_from(["", "{", "[]", "null", "NaN", "\x00"]),
        content_type=st.sampled_from(
            ["application/json", "application/json", "text/plain", "x/\x00"]
        ),
    )
    @generous(WRITES)
    def run(target, method, precondition, garbage, raw_body, content_type) -> None:
        resource, changes = target
        record = world[RESOURCES[resource][0]]
        method, url, body = write_request(world, resource, method, changes)
        if raw_body is not None:
            body = raw_body
        headers = if_match_header(precondition, record, garbage)

        def send() -> None:
            state = table_digests()
            response = world["api"].generic(
                method, url, body, content_type=content_type, **headers
            )
            status = TALLY.check(f"{method} {url} {body[:300]!r}", response)
            if status in (200, 201, 204):
                after = table_digests()
                for model in domain_models(historical=False):
                    if after[model._meta.db_table] != state[model._meta.db_table]:
                        for row in model._base_manager.all():
                            row.full_clean()  # what was accepted is valid
            else:
                TALLY.refused_writes += 1
                assert table_digests() == state, f"refused {status} changed: {url}"

        rolled_back(send)

    run()
    finish("API writes", TALLY.sent - before, WRITES)
    summary.note(
        f"{SUITE}: {TALLY.refused_writes:,} refused writes, 0 rows changed by them"
    )
