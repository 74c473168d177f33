"""The bad-input suite: hundreds of malformed values sent to the admin forms, the API,
the query strings and detail addresses, the spreadsheet imports and the report import
command. None may answer with a server error; a refused write must say why and leave
every table as it was; an odd value that is accepted must leave valid records.

The records are built once per module (inside a transaction that is rolled back at the
end); each case runs in its own savepoint, so an accepted odd value does not leak into
the next case.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from activities.models import Activity, ServiceAgreement
from decisions.models import Decision, Document, Meeting
from tests import factories
from tests.api.conftest import if_match
from tests.decisions.admin_pages import admin_url, form_data

from .bad_cases import (
    ACTIVITY_ROW,
    DECISION_ROW,
    admin_cases,
    api_cases,
    command_cases,
    import_cases,
    query_cases,
)
from .bad_values import ANY, REJECT, Case

ADMIN_CASES = admin_cases()
API_CASES = api_cases()
QUERY_CASES = query_cases()
IMPORT_CASES = import_cases()
COMMAND_CASES = command_cases()
ALL_CASES = [*ADMIN_CASES, *API_CASES, *QUERY_CASES, *IMPORT_CASES, *COMMAND_CASES]
assert len(ALL_CASES) >= 500, len(ALL_CASES)
assert len({case.id for case in ALL_CASES}) == len(ALL_CASES), "duplicate case ids"

DOMAIN_APPS = ("decisions", "activities", "reports")
SERVER = "http://testserver"


def ids(case: Case) -> str:
    return case.id


# Known gaps, each with its reason; not strict, since SQLite and PostgreSQL differ.
KNOWN: dict[str, str] = {
    r"^import-.*:file=(no-id-column|semicolon-separated|nul-bytes|unbalanced-quote)$": (
        "import-export reports a file it cannot read as a page-level error (its "
        "message with a traceback, HTTP 200, nothing saved), not as a form error"
    ),
    r"^import-.*:(number|meeting_number|position)=decimal$": (
        "import-export's IntegerWidget truncates 1.5 to 1 instead of refusing it"
    ),
}


def marked(cases: list[Case]) -> list:
    """The cases as parameters, the known server errors marked as expected to fail."""
    params = []
    for case in cases:
        reasons = [why for pattern, why in KNOWN.items() if re.match(pattern, case.id)]
        marks = [pytest.mark.xfail(reason=reasons[0], strict=False)] if reasons else []
        params.append(pytest.param(case, marks=marks, id=case.id))
    return params


# Records ------------------------------------------------------------------------


def build_records() -> dict[str, Any]:
    """A small but complete record: every admin inline and API list has one row."""
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    basel = factories.ConventionFactory(code="BC", secretariat=brs)
    minamata = factories.ConventionFactory(code="MC", secretariat=mc)
    area = factories.ThematicAreaFactory(slug="mercury-wastes", name="Mercury wastes")
    unep = factories.OrganizationFactory(slug="unep", name="UNEP")
    meeting = factories.MeetingFactory(slug="bc-cop-17", convention=basel, number=17)
    other_meeting = factories.MeetingFactory(
        slug="mc-cop-6", convention=minamata, number=6
    )
    decision = factories.DecisionFactory(
        convention=basel, meeting_number=17, number=22, meeting=meeting
    )
    earlier = factories.DecisionFactory(
        convention=minamata, meeting_number=5, number=19
    )
    paragraph = factories.DecisionParagraphFactory(decision=decision, reference="9")
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.DocumentFactory(symbol="UNEP/MC/COP.6/1")
    activity = factories.ActivityFactory(
        slug="webinars",
        thematic_area=area,
        conventions=[basel, minamata],
        secretariats=[brs, mc],
        decisions=[decision],
    )
    activity.decision_paragraphs.add(paragraph)
    factories.ActivityFactory(slug="briefings", thematic_area=area)
    factories.EventFactory(
        activity=activity,
        meeting=meeting,
        start_date="2024-04-10",
        end_date="2024-04-11",
    )
    factories.ReferenceFactory(activity=activity, marker="1", document=document)
    factories.PartnershipFactory(activity=activity, organization=unep)
    synergy = factories.SynergyFactory(activity=activity)
    saving = factories.CostSavingFactory(activity=activity)
    agreement = factories.ServiceAgreementFactory(
        slug="it-services",
        provider=brs,
        recipient=mc,
        requested_on="2024-01-10",
        signed_on="2024-02-01",
    )
    agreement.meetings.add(meeting)
    factories.ServiceLineFactory(agreement=agreement)
    factories.ReportFactory(slug="joint-report-2024")
    user = factories.UserFactory(
        username="safety-admin", is_staff=True, is_superuser=True
    )
    return {
        "brs": brs,
        "mc": mc,
        "basel": basel,
        "minamata": minamata,
        "area": area,
        "unep": unep,
        "meeting": meeting,
        "other_meeting": other_meeting,
        "decision": decision,
        "earlier": earlier,
        "document": document,
        "activity": activity,
        "synergy": synergy,
        "saving": saving,
        "agreement": agreement,
        "user": user,
        "token": Token.objects.create(user=user).key,
    }


@pytest.fixture(scope="module")
def base(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """The records, clients and admin forms every case shares.

    Clients are made once: each new client loads the middleware again, and
    WhiteNoise scans the static files when it starts.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        records = build_records()
        records["staff"] = Client()
        records["staff"].force_login(records["user"])
        records["anonymous"] = Client()
        records["api"] = Client(HTTP_AUTHORIZATION=f"Token {records['token']}")
        records["forms"] = {
            surface: admin_form_data(records, surface)
            for surface in {case.surface for case in ADMIN_CASES}
        }
        yield records
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_and_unthrottled(settings) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # API throttle counters live in the cache: hundreds of requests would hit them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_client(db, base) -> Client:
    return base["staff"]


def _ignore(*args: Any, **kwargs: Any) -> None:
    """Stands in for the test client's template recorder."""


@pytest.fixture
def _no_template_capture() -> Iterator[None]:
    """The test client copies the context of every template an admin page renders
    (hundreds of widgets); the cases read the HTML instead, ten times faster."""
    with mock.patch("django.test.client.store_rendered_templates", new=_ignore):
        yield


# What must hold ------------------------------------------------------------------


def domain_models(historical: bool = True) -> list[type[models.Model]]:
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if historical or not model.__name__.startswith("Historical")
    ]


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and content hash of every domain table, history tables included.

    Plain SQL: the ORM's per-query overhead, times some fifty tables, twice per case,
    would be most of the suite's run time.
    """
    result = {}
    with connection.cursor() as cursor:
        for model in domain_models():
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode("utf-8", "backslashreplace"))
            result[model._meta.db_table] = (len(rows), digest.hexdigest())
    return result


def assert_all_valid(before: dict[str, tuple[int, str]]) -> None:
    """Whatever was accepted passes every rule of its model (the changed tables')."""
    after = snapshot()
    for model in domain_models(historical=False):
        if before[model._meta.db_table] != after[model._meta.db_table]:
            for obj in model._base_manager.all():
                obj.full_clean()


def send(case: Case, request: Callable[[], HttpResponse]) -> HttpResponse:
    """The response; an exception escaping the view fails the case, with its cause."""
    try:
        response = request()
    except Exception as error:
        raise AssertionError(f"{case.id}: the request raised {error!r}") from error
    assert response.status_code < 500, f"{case.id}: {response.status_code}"
    return response


# Admin forms ----------------------------------------------------------------------


ADMIN_TARGETS: dict[str, tuple[type[models.Model], str | None]] = {
    "activity": (Activity, "activity"),
    "decision": (Decision, "decision"),
    "meeting": (Meeting, "meeting"),
    "serviceagreement": (ServiceAgreement, "agreement"),
    "document": (Document, None),
}


def valid_additions(name: str, base: dict[str, Any]) -> dict[str, Any]:
    """What an add form needs besides its defaults."""
    return {
        "activity": {
            "title": "A new activity",
            "slug": "a-new-activity",
            "thematic_area": base["area"].pk,
            "biennium": "2024",
            "position": "1",
            "conventions": [base["basel"].pk],
            "secretariats": [base["brs"].pk],
            "events-TOTAL_FORMS": "1",
            "events-0-kind": "webinar",
            "events-0-title": "Launch webinar",
            "events-0-start_date": "2024-04-10",
            "events-0-date_precision": "day",
        },
        "decision": {
            "convention": base["basel"].pk,
            "symbol": "BC-17/41",
            "title": "A new decision",
            "status": "adopted",
        },
        "meeting": {
            "slug": "new-meeting",
            "kind": "cop",
            "convention": base["basel"].pk,
            "title": "A new meeting",
            "start_date": "2026-05-01",
            "status": "planned",
        },
        "serviceagreement": {
            "title": "New services",
            "slug": "new-services",
            "provider": base["brs"].pk,
            "recipient": base["mc"].pk,
            "meetings": [base["meeting"].pk],
            "status": "requested",
            "biennium": "2024",
            "currency": "USD",
            "invoiced_amount": "0",
            "recovered_amount": "0",
        },
        "document": {"symbol": "UNEP/CHW.17/INF/99", "title": "A new document"},
    }[name]


def admin_address(base: dict[str, Any], surface: str) -> str:
    name, view = surface.removeprefix("admin-").rsplit("-", 1)
    model, record = ADMIN_TARGETS[name]
    if view == "change":
        return admin_url(model, "change", base[record].pk)
    return admin_url(model, "add")


def admin_form_data(base: dict[str, Any], surface: str) -> dict[str, Any]:
    """The unchanged POST data of an admin add or change form."""
    response = base["staff"].get(admin_address(base, surface))
    assert response.status_code == 200, surface
    data = form_data(response)
    if surface.endswith("-add"):
        name = surface.removeprefix("admin-").rsplit("-", 1)[0]
        data.update(valid_additions(name, base))
    if "change_reason" in data:  # an edit of a published record says why
        data["change_reason"] = "Checked"
    return data


def admin_form(base: dict[str, Any], surface: str) -> tuple[str, dict]:
    return admin_address(base, surface), copy.deepcopy(base["forms"][surface])


def resolve(value: Any, base: dict[str, Any]) -> Any:
    """``@name`` stands for the primary key of a base record."""
    if isinstance(value, str) and value.startswith("@"):
        return base[value[1:]].pk
    if isinstance(value, list):
        return [resolve(item, base) for item in value]
    return value


FIELD_ERROR = re.compile(rb'<ul class="errorlist" id="id_([^"]+)_error">')
OTHER_ERROR = re.compile(rb'<ul class="errorlist (?:nonfield|nonform)"')


def admin_error_keys(response: HttpResponse) -> set[str]:
    """The fields the re-displayed page marks as wrong; ``__all__`` for the others."""
    keys = {name.decode() for name in FIELD_ERROR.findall(response.content)}
    if OTHER_ERROR.search(response.content):
        keys.add("__all__")
    return keys


@pytest.mark.parametrize(
    "surface",
    sorted({case.surface for case in ADMIN_CASES}),
)
def test_the_unchanged_admin_form_saves(staff_client, base, surface):
    """The control: without a bad value, the same data is accepted."""
    url, data = admin_form(base, surface)
    response = staff_client.post(url, data)
    assert response.status_code == 302, admin_error_keys(response)


@pytest.mark.usefixtures("_no_template_capture")
@pytest.mark.parametrize("case", marked(ADMIN_CASES))
def test_admin_form_refuses_bad_value_and_changes_nothing(staff_client, base, case):
    url, data = admin_form(base, case.surface)
    for key, value in case.changes.items():
        if value is None:
            data.pop(key, None)
        else:
            assert "TOTAL_FORMS" in key or key in data or "__prefix__" in key, key
            data[key] = resolve(value, base)
    before = snapshot()
    response = send(case, lambda: staff_client.post(url, data))
    if response.status_code == 302 and case.expect == ANY:
        assert_all_valid(before)
        return
    assert response.status_code == 200, f"{case.id} was accepted"
    keys = admin_error_keys(response)
    assert keys, f"{case.id}: re-displayed without an error"
    # The error names the changed field (or the form as a whole); a consequence
    # elsewhere (recovered above a negative invoice) may be named as well.
    assert keys & {"__all__", *case.changes}, keys
    assert b"errornote" in response.content or b"errorlist" in response.content
    assert snapshot() == before


# API writes ------------------------------------------------------------------------


def link(view: str, **kwargs: Any) -> str:
    return SERVER + reverse(view, kwargs=kwargs)


def api_target(base: dict[str, Any], resource: str) -> tuple[str, str, dict]:
    """The list address, the existing record's address and its full valid payload."""
    activity_link = link("activity-detail", slug="webinars")
    if resource == "activities":
        payload = {
            "slug": "webinars",
            "title": "Webinars on mercury wastes",
            "narrative": "The secretariats held webinars.[^1]",
            "thematic_area": link("thematicarea-detail", slug="mercury-wastes"),
            "kind": "programmatic",
            "status": "completed",
            "biennium": 2024,
            "position": 0,
            "conventions": [
                link("convention-detail", code="BC"),
                link("convention-detail", code="MC"),
            ],
            "secretariats": [
                link("secretariat-detail", code="BRS"),
                link("secretariat-detail", code="MC"),
            ],
            "decisions": [link("decision-detail", slug="bc-17-22")],
            "partners": [
                {
                    "organization": link("organization-detail", slug="unep"),
                    "role": "partner",
                    "note": "",
                }
            ],
            "events": [
                {
                    "kind": "webinar",
                    "title": "Webinar",
                    "start_date": "2024-04-10",
                    "date_precision": "day",
                    "end_date": "2024-04-11",
                    "meeting": link("meeting-detail", slug="bc-cop-17"),
                    "city": "",
                    "online": True,
                    "web_page": None,
                }
            ],
            "references": [
                {
                    "marker": "1",
                    "text": "A footnote.",
                    "web_address": "https://www.brsmeas.org/",
                    "document": link("document-detail", symbol="UNEP/CHW.17/INF/54"),
                    "position": 0,
                }
            ],
            "publication_status": "published",
        }
        return "activity-list", link("activity-detail", slug="webinars"), payload
    if resource == "service-agreements":
        payload = {
            "slug": "it-services",
            "title": "IT services",
            "provider": link("secretariat-detail", code="BRS"),
            "recipient": link("secretariat-detail", code="MC"),
            "meetings": [link("meeting-detail", slug="bc-cop-17")],
            "status": "signed",
            "biennium": 2024,
            "currency": "USD",
            "estimated_cost": None,
            "invoiced_amount": "10000.00",
            "recovered_amount": "4000.00",
            "requested_on": "2024-01-10",
            "signed_on": "2024-02-01",
            "completed_on": None,
            "narrative": "",
            "publication_status": "published",
            "lines": [{"service": "it", "description": "", "estimated_cost": None}],
        }
        detail = link("serviceagreement-detail", slug="it-services")
        return "serviceagreement-list", detail, payload
    if resource == "synergies":
        payload = {
            "activity": activity_link,
            "description": "Fewer trips.",
            "position": 0,
        }
        return "synergy-list", link("synergy-detail", pk=base["synergy"].pk), payload
    payload = {
        "activity": activity_link,
        "year": 2014,
        "quarter": 1,
        "amount": "1500.00",
        "currency": "USD",
        "note": "",
    }
    return "costsaving-list", link("costsaving-detail", pk=base["saving"].pk), payload


def set_path(payload: dict, path: str, value: Any) -> None:
    """Set ``events.0.title`` in a nested payload; an index one past the end appends."""
    *parents, last = path.split(".")
    target: Any = payload
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        index = int(last)
        if index == len(target):
            target.append(value)
        else:
            target[index] = value
    else:
        target[last] = value


def api_request(base: dict, case: Case) -> tuple[str, str, str, str]:
    """Method, address, body and content type of a case."""
    resource, method = case.surface.removeprefix("api-").rsplit("-", 1)
    list_view, detail, payload = api_target(base, resource)
    url = SERVER + reverse(list_view) if method == "post" else detail
    if "__body__" in case.changes:
        content_type = case.changes.get("__content_type__", "application/json")
        return method, url, case.changes["__body__"], content_type
    if method == "post" and "slug" in payload:
        payload["slug"] = "a-new-record"
    for path, value in case.changes.items():
        set_path(payload, path, copy.deepcopy(value))
    if method == "patch":
        touched = {path.split(".")[0] for path in case.changes}
        payload = {key: payload[key] for key in touched}
    # ensure_ascii: a lone surrogate can only travel as a \\ud800 escape.
    return method, url, json.dumps(payload), "application/json"


API_RECORDS = {
    "activities": "activity",
    "service-agreements": "agreement",
    "synergies": "synergy",
    "cost-savings": "saving",
}


def current_version(base: dict, surface: str) -> dict[str, str]:
    """The If-Match a client sends after reading the record (nothing for a POST)."""
    resource, method = surface.removeprefix("api-").rsplit("-", 1)
    if method == "post":
        return {}
    return if_match(base[API_RECORDS[resource]])


@pytest.mark.parametrize(
    "surface", sorted({case.surface for case in API_CASES}), ids=str
)
def test_the_unchanged_api_write_succeeds(db, base, surface):
    """The control: the same request without a bad value is accepted."""
    client = base["api"]
    method, url, body, content_type = api_request(base, Case(surface, "control", {}))
    response = client.generic(
        method.upper(),
        url,
        body,
        content_type=content_type,
        **current_version(base, surface),
    )
    assert response.status_code in (200, 201), response.content[:2000]


@pytest.mark.usefixtures("_no_template_capture")
@pytest.mark.parametrize("case", marked(API_CASES))
def test_api_write_refuses_bad_value_and_changes_nothing(db, base, case):
    client = base["api"]
    method, url, body, content_type = api_request(base, case)
    before = snapshot()
    response = send(
        case,
        lambda: client.generic(
            method.upper(),
            url,
            body,
            content_type=content_type,
            **current_version(base, case.surface),
        ),
    )
    if response.status_code in (200, 201) and case.expect == ANY:
        assert_all_valid(before)
        return
    assert snapshot() == before
    if "__body__" in case.changes:
        assert response.status_code in (400, 415), response.content[:500]
        return
    assert response.status_code == 400, f"{case.id}: {response.status_code}"
    errors = response.json()
    allowed = {path.split(".")[0] for path in case.changes} | {"non_field_errors"}
    assert isinstance(errors, dict), errors
    assert errors, "no field named"
    assert set(errors) <= allowed, errors


# Query strings and detail addresses ----------------------------------------------


@pytest.mark.usefixtures("_no_template_capture")
@pytest.mark.parametrize("case", marked(QUERY_CASES))
def test_query_string_or_address_gives_a_page_or_a_4xx(db, base, case):
    if "__path__" in case.changes:
        url = case.changes["__path__"]
    else:
        url = f"{case.surface.removeprefix('query')}?{case.changes['__query__']}"
    response = send(case, lambda: base["anonymous"].get(url))
    assert response.status_code in (200, 301, 302, 400, 404), response.status_code


# Spreadsheet imports ---------------------------------------------------------------

IMPORT_TARGETS = {
    "activity": (Activity, ACTIVITY_ROW),
    "decision": (Decision, DECISION_ROW),
}


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """A CSV file written by hand: the csv module refuses some of the junk cells."""

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = [",".join(rows[0])] + [
        ",".join(cell(v) for v in row.values()) for row in rows
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def import_file(case: Case) -> bytes:
    model_name = case.surface.removeprefix("import-")
    row = dict(IMPORT_TARGETS[model_name][1])
    if "__file__" in case.changes:
        return case.changes["__file__"]
    rows = [row] * case.changes.get("__rows__", 1)
    row.update({k: v for k, v in case.changes.items() if not k.startswith("__")})
    return csv_bytes(rows)


def post_import(
    client: Client, model: type[models.Model], content: bytes
) -> HttpResponse:
    model_admin = admin.site._registry[model]
    formats = [fmt().get_title() for fmt in model_admin.get_import_formats()]
    upload = SimpleUploadedFile("records.csv", content, content_type="text/csv")
    return client.post(
        admin_url(model, "import"),
        {"resource": "0", "format": str(formats.index("csv")), "import_file": upload},
    )


def import_outcome(response: HttpResponse) -> tuple[bool, bool]:
    """Whether the import was refused with a message, and whether it would proceed."""
    result = response.context.get("result")
    if result is not None and result.has_errors():
        errors = [e.traceback for e in result.base_errors]
        errors += [e.traceback for _, row in result.row_errors() for e in row]
        raise AssertionError("the import raised:\n" + "\n".join(errors))
    refused = bool(response.context["form"].errors) or bool(
        result is not None and result.has_validation_errors()
    )
    return refused, response.context.get("confirm_form") is not None


@pytest.mark.parametrize("model_name", sorted(IMPORT_TARGETS))
def test_the_unchanged_import_file_is_accepted(staff_client, base, model_name):
    model, row = IMPORT_TARGETS[model_name]
    response = post_import(staff_client, model, csv_bytes([row]))
    assert import_outcome(response) == (False, True)


@pytest.mark.parametrize("case", marked(IMPORT_CASES))
def test_import_refuses_bad_cells_and_changes_nothing(staff_client, base, case):
    model = IMPORT_TARGETS[case.surface.removeprefix("import-")][0]
    before = snapshot()
    response = send(case, lambda: post_import(staff_client, model, import_file(case)))
    assert response.status_code == 200
    refused, proceeds = import_outcome(response)
    if case.expect == REJECT:
        assert refused, f"{case.id} was accepted"
        assert not proceeds
    else:
        assert refused != proceeds
    assert snapshot() == before


# The report import command ---------------------------------------------------------


def command_path(case: Case, tmp_path: Path) -> Path:
    content = case.changes["content"]
    if content is None:
        return tmp_path / "missing.txt"
    if content == "DIR":
        return tmp_path
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", marked(COMMAND_CASES))
def test_import_report_refuses_bad_files_with_a_message(db, base, case, tmp_path):
    path = command_path(case, tmp_path)
    before = snapshot()
    out = StringIO()
    try:
        call_command("import_report", str(path), *case.changes["args"], stdout=out)
    except CommandError as error:
        message = str(error) or "(no message)"
    except Exception as error:
        raise AssertionError(f"{case.id}: the command raised {error!r}") from error
    else:
        message = ""
    if message:
        assert "Nothing imported" in message or "No such file" in message, message
        assert snapshot() == before, "a refused import left records behind"
        return
    assert case.expect == ANY, f"{case.id} was accepted: {out.getvalue()}"
    assert "Draft report" in out.getvalue()
    assert_all_valid(before)
