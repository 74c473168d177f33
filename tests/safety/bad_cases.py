"""The cases of the bad-input suite, surface by surface: admin forms, API writes, query
strings and detail addresses, spreadsheet imports and the report import command.

Names used in the cases (slugs, symbols, codes) are those of the records that
``test_bad_input.base_records`` creates.
"""

from __future__ import annotations

from urllib.parse import quote

from .bad_values import (
    ANY,
    DECISION_SYMBOLS,
    HUGE,
    REJECT,
    Case,
    cases_for,
)

# Admin forms --------------------------------------------------------------------

ACTIVITY_FIELDS = {
    "title": ("text", 300, True, True),
    "slug": ("slug",),
    "narrative": ("text", None, False),
    "thematic_area": ("fk",),
    "kind": ("choice",),
    "status": ("choice",),
    "biennium": ("biennium",),
    "position": ("int", 0, True, "more"),
    "conventions": ("m2m",),
    "secretariats": ("m2m",),
    "decisions": ("m2m",),
    "decision_paragraphs": ("m2m",),
    "publication_status": ("choice",),
}
EVENT_FIELDS = {
    "kind": ("choice",),
    "title": ("text", 300, True),
    "start_date": ("date",),
    "end_date": ("date",),
    "date_precision": ("choice",),
    "meeting": ("fk",),
    "venue": ("text", 200, False),
    "city": ("text", 100, False),
    "url": ("url",),
}
REFERENCE_FIELDS = {
    "marker": ("text", 10, True),
    "text": ("text", None, False),
    "url": ("url",),
    "document": ("fk",),
    "position": ("int", 0, True),
}
PARTNERSHIP_FIELDS = {
    "organization": ("fk",),
    "role": ("choice",),
    "note": ("text", 300, False),
}
SYNERGY_FIELDS = {"description": ("text", None, True), "position": ("int", 0, True)}
COST_SAVING_FIELDS = {
    "year": ("int", 0, True, "more"),
    "quarter": ("choice",),
    "amount": ("money",),
    "currency": ("choice",),
    "note": ("text", None, False),
}
# Issue 14: the admin takes the symbol as written; its parts are read from it.
DECISION_FIELDS = {
    "convention": ("fk",),
    "symbol": ("decision-symbol",),
    "title": ("text", 300, True, True),
    "summary": ("text", None, False),
    "meeting": ("fk",),
    "adopted_on": ("date",),
    "status": ("choice",),
    "url": ("url",),
    "recalls": ("m2m",),
}
PARAGRAPH_FIELDS = {"reference": ("text", 20, True), "position": ("int", 0, True)}
MEETING_FIELDS = {
    "slug": ("slug",),
    "kind": ("choice",),
    "convention": ("fk",),
    "organization": ("fk",),
    "number": ("int", 0, False),
    "title": ("text", 300, True, True),
    "start_date": ("date",),
    "end_date": ("date",),
    "country": ("text", 100, False),
    "status": ("choice",),
    "url": ("url",),
}
AGREEMENT_FIELDS = {
    "title": ("text", 300, True, True),
    "slug": ("slug",),
    "provider": ("fk",),
    "recipient": ("fk",),
    "meetings": ("m2m",),
    "status": ("choice",),
    "biennium": ("biennium",),
    "currency": ("choice",),
    "estimated_cost": ("money",),
    "invoiced_amount": ("money",),
    "recovered_amount": ("money",),
    "requested_on": ("date",),
    "signed_on": ("date",),
    "narrative": ("text", None, False),
}
SERVICE_LINE_FIELDS = {
    "service": ("choice",),
    "description": ("text", 300, False),
    "estimated_cost": ("money",),
}
DOCUMENT_FIELDS = {
    "symbol": ("document-symbol",),
    "title": ("text", 500, False, True),
}


def prefixed(prefix: str, specs: dict[str, tuple]) -> dict[str, tuple]:
    return {f"{prefix}{name}": spec for name, spec in specs.items()}


def management_cases(surface: str, prefix: str) -> list[Case]:
    """Junk in an inline's management form (what a tampered page would send).

    A negative count means no rows: the existing ones are left alone, so saving is
    fine. (A huge count is left out: Django renders up to 1,000 extra rows, some
    forty seconds; see the report on ``max_num``.)"""
    key = f"{prefix}-TOTAL_FORMS"
    return [
        Case(surface, f"{key}=letters", {key: "abc"}),
        Case(surface, f"{key}=missing", {key: None}),
        Case(surface, f"{key}=negative", {key: "-1"}, ANY),
    ]


# Bytes the browser could send that are not UTF-8: decoded with replacement chars.
RAW_BYTES = [
    ("raw-surrogate-bytes", b"Title \xed\xa0\x80", ANY),
    ("invalid-utf8", b"Title \xff\xfe", ANY),
]


def admin_cases() -> list[Case]:
    cases: list[Case] = []
    # Every family on the activity's own fields goes to the add page: the change
    # page, with its five inlines, takes twice as long to render.
    cases += cases_for("admin-activity-add", ACTIVITY_FIELDS)
    surface = "admin-activity-change"
    cases += cases_for(surface, prefixed("events-0-", EVENT_FIELDS))
    cases += cases_for(surface, prefixed("cost_savings-0-", COST_SAVING_FIELDS))
    # The activity page is the heaviest to render: the other inlines get one value
    # of each kind of field rather than every family.
    cases += [
        Case(surface, f"{key}={label}", {key: value})
        for key, label, value in [
            ("references-0-marker", "one-too-long", "x" * 11),
            ("references-0-marker", "empty", ""),
            ("references-0-url", "javascript", "javascript:alert(1)"),
            ("references-0-document", "unknown-id", "999999"),
            ("references-0-position", "negative", "-1"),
            ("partnerships-0-organization", "unknown-id", "999999"),
            ("partnerships-0-organization", "letters", "abc"),
            ("partnerships-0-role", "unknown", "nonsense"),
            ("partnerships-0-note", "nul", "a\x00b"),
            ("synergies-0-description", "empty", ""),
            ("synergies-0-description", "nul", "a\x00b"),
            ("synergies-0-position", "20-digits", "99999999999999999999"),
        ]
    ]
    cases += [
        Case(surface, f"title={label}", {"title": v}, e) for label, v, e in RAW_BYTES
    ]
    cases += management_cases(surface, "events")
    cases += [
        Case(surface, "slug=taken", {"slug": "briefings"}),
        Case(
            surface,
            "event-ends-before-it-starts",
            {"events-0-start_date": "2024-05-10", "events-0-end_date": "2024-05-01"},
        ),
        Case(surface, "cost-saving-year-1999", {"cost_savings-0-year": "1999"}),
        Case(surface, "cost-saving-year-2101", {"cost_savings-0-year": "2101"}),
        Case(surface, "cost-saving-quarter-5", {"cost_savings-0-quarter": "5"}),
        Case(surface, "cost-saving-quarter-0", {"cost_savings-0-quarter": "0"}),
        Case(
            surface,
            "empty-footnote",
            {
                "references-0-text": "",
                "references-0-url": "",
                "references-0-document": "",
            },
        ),
        Case(surface, "conventions=none", {"conventions": []}),
        Case(surface, "secretariats=none", {"secretariats": []}),
        Case(surface, "thematic_area=empty", {"thematic_area": ""}),
    ]
    surface = "admin-activity-add"
    cases += cases_for(
        surface, prefixed("events-0-", {k: EVENT_FIELDS[k] for k in ("start_date",)})
    )
    surface = "admin-decision-change"
    cases += cases_for(surface, DECISION_FIELDS)
    cases += cases_for(surface, prefixed("paragraphs-0-", PARAGRAPH_FIELDS))
    cases += [
        Case(
            surface,
            "symbol=taken",
            {"convention": "@minamata", "meeting": "", "symbol": "MC-5/19"},
        ),
        Case(surface, "meeting-of-another-convention", {"meeting": "@other_meeting"}),
        Case(surface, "meeting_number=0", {"symbol": "BC-0/22"}),
        Case(surface, "number=0", {"symbol": "BC-17/0"}),
        Case(surface, "symbol-of-another-convention", {"symbol": "MC-5/10"}),
        Case(surface, "recalls-itself", {"recalls": ["@decision"]}, ANY),
    ]
    cases += cases_for(
        "admin-decision-add",
        {k: DECISION_FIELDS[k] for k in ("convention", "symbol", "title")},
    )
    surface = "admin-meeting-change"
    cases += cases_for(surface, MEETING_FIELDS)
    cases += [
        Case(
            surface,
            "ends-before-it-starts",
            {"start_date": "2025-05-09", "end_date": "2025-04-28"},
        ),
        Case(surface, "no-convention-nor-body", {"convention": "", "organization": ""}),
        Case(surface, "number=0", {"number": "0"}),
        Case(surface, "slug=taken", {"slug": "mc-cop-6"}),
    ]
    cases += cases_for(
        "admin-meeting-add", {k: MEETING_FIELDS[k] for k in ("slug", "title")}
    )
    surface = "admin-serviceagreement-change"
    cases += cases_for(surface, AGREEMENT_FIELDS)
    cases += cases_for(surface, prefixed("lines-0-", SERVICE_LINE_FIELDS))
    cases += [
        Case(
            surface,
            "recovered-exceeds-invoiced",
            {"invoiced_amount": "100", "recovered_amount": "100.01"},
        ),
        Case(surface, "provider-is-recipient", {"recipient": "@brs"}),
        Case(
            surface,
            "signed-before-requested",
            {"requested_on": "2024-03-01", "signed_on": "2024-02-28"},
        ),
        Case(surface, "meetings=none", {"meetings": []}),
    ]
    cases += cases_for(
        "admin-serviceagreement-add",
        {k: AGREEMENT_FIELDS[k] for k in ("slug", "invoiced_amount")},
    )
    surface = "admin-document-add"
    cases += cases_for(surface, DOCUMENT_FIELDS)
    cases += [
        Case(
            c.surface, c.label, c.changes, ANY if c.label.endswith("=empty") else REJECT
        )
        for c in cases_for(
            surface, {"parallel_symbols-0-symbol": DOCUMENT_FIELDS["symbol"]}
        )
    ]
    cases += [
        Case(surface, "symbol=taken", {"symbol": "UNEP/CHW.17/INF/54"}),
        Case(
            surface,
            "parallel-symbol-is-the-first",
            {"parallel_symbols-0-symbol": "UNEP/MC/COP.6/1"},
        ),
    ]
    return cases


# API writes ---------------------------------------------------------------------

API_TEXT_TYPES = [
    ("list", ["a"], REJECT),
    ("object", {"a": 1}, REJECT),
    ("true", True, REJECT),
    ("null", None, REJECT),
    ("lone-surrogate", "x\ud800y", REJECT),
    ("lone-low-surrogate", "\udfff", REJECT),
    ("number", 123, ANY),
]
API_INT_TYPES = [
    ("string", "abc", REJECT),
    ("float", 1.5, REJECT),
    ("negative", -1, REJECT),
    ("huge", 10**20, REJECT),
    ("float-1e20", 1e20, REJECT),
    ("list", [1], REJECT),
    ("object", {"a": 1}, REJECT),
    ("true", True, REJECT),
    ("null", None, REJECT),
    ("nan-string", "NaN", REJECT),
    ("infinity-string", "Infinity", REJECT),
]
API_MONEY_TYPES = [
    ("negative", -1, REJECT),
    ("negative-string", "-0.01", REJECT),
    ("float-1e20", 1e20, REJECT),
    ("string-1e20", "1e20", REJECT),
    ("nan", "NaN", REJECT),
    ("infinity", "Infinity", REJECT),
    ("minus-infinity", "-Infinity", REJECT),
    ("12-digits-3-decimals", "123456789012.345", REJECT),
    ("letters", "abc", REJECT),
    ("list", [1], REJECT),
    ("object", {}, REJECT),
    ("true", True, REJECT),
    ("empty", "", REJECT),
]
API_DATE_TYPES = [
    ("feb-30", "2025-02-30", REJECT),
    ("zeros", "0000-00-00", REJECT),
    ("five-digit-year", "99999-01-01", REJECT),
    ("number", 20250101, REJECT),
    ("list", ["2025-01-01"], REJECT),
    ("object", {"y": 2025}, REJECT),
    ("nul", "2025-01-01\x00", REJECT),
]
API_CHOICE_TYPES = [
    ("unknown", "nonsense", REJECT),
    ("upper-case", "DRAFT", REJECT),
    ("number", 1, REJECT),
    ("list", ["draft"], REJECT),
    ("null", None, REJECT),
    ("empty", "", REJECT),
]
API_BIENNIUM_TYPES = [
    ("odd-year", 2025, REJECT),
    ("odd-year-string", "2025", REJECT),
    ("three-years", "2024-2026", REJECT),
    ("last-century", "1999-2000", REJECT),
    ("too-late", 2100, REJECT),
    ("negative", -2024, REJECT),
    ("float", 2024.5, REJECT),
    ("huge", 10**20, REJECT),
    ("true", True, REJECT),
    ("list", [2024], REJECT),
    ("null", None, REJECT),
]
API_URL_TYPES = [
    ("javascript", "javascript:alert(1)", REJECT),
    ("no-scheme", "not a url", REJECT),
    ("overlong", "https://example.org/" + "a" * 600, REJECT),
    ("list", ["https://example.org"], REJECT),
    ("number", 123, REJECT),
]
API_BOOL_TYPES = [
    ("maybe", "maybe", REJECT),
    ("list", [True], REJECT),
    ("null", None, REJECT),
    ("two", 2, REJECT),
]


def link_types(kind: str, required: bool = True) -> list[tuple[str, object, str]]:
    """Hyperlinks to records that do not exist, or that are not links at all."""
    base = f"http://testserver/api/v1/{kind}/"
    # A real record, of another kind.
    other = "http://testserver/api/v1/" + (
        "organizations/unep/" if kind == "conventions" else "conventions/BC/"
    )
    values = [
        ("unknown", f"{base}no-such-record/", REJECT),
        ("bare-slug", "mercury-wastes", REJECT),
        ("number-id", 1, REJECT),
        ("other-resource", other, REJECT),
        ("dot-dot", f"{base}../../admin/", REJECT),
        ("list", [f"{base}x/"], REJECT),
        ("object", {"url": base}, REJECT),
        ("nul", f"{base}a\x00/", REJECT),
    ]
    if required:
        values += [("null", None, REJECT), ("empty", "", REJECT)]
    return values


def many_link_types(kind: str) -> list[tuple[str, object, str]]:
    base = f"http://testserver/api/v1/{kind}/"
    return [
        ("unknown", [f"{base}no-such-record/"], REJECT),
        ("not-a-list", f"{base}x/", REJECT),
        ("list-of-null", [None], REJECT),
        ("list-of-lists", [[]], REJECT),
        ("object", {"a": base}, REJECT),
    ]


def api_text(max_length: int | None, required: bool) -> list[tuple[str, object, str]]:
    values = [*API_TEXT_TYPES]
    if max_length:
        values.append(("one-too-long", "x" * (max_length + 1), REJECT))
    else:
        values.append(("10k", "x" * HUGE, ANY))
    if required:
        values += [("empty", "", REJECT), ("whitespace", " \t ", REJECT)]
    values.append(("nul", "a\x00b", REJECT))
    return values


ACTIVITY_API = {
    "title": api_text(300, True),
    "slug": [*api_text(120, True), ("spaces", "a b", REJECT), ("dots", "../x", REJECT)],
    "narrative": api_text(None, False),
    "thematic_area": link_types("thematic-areas"),
    "kind": API_CHOICE_TYPES,
    "status": API_CHOICE_TYPES,
    "biennium": API_BIENNIUM_TYPES,
    "position": API_INT_TYPES,
    "conventions": many_link_types("conventions"),
    "secretariats": many_link_types("secretariats"),
    "decisions": [
        *many_link_types("decisions"),
        *[
            (
                f"symbol-{label}",
                [f"http://testserver/api/v1/decisions/{quote(s)}/"],
                REJECT,
            )
            for label, s in DECISION_SYMBOLS
        ],
    ],
    "publication_status": API_CHOICE_TYPES,
    "events": [
        ("not-a-list", "webinar", REJECT),
        ("list-of-numbers", [1, 2], REJECT),
        ("empty-row", [{}], REJECT),
        ("null", None, REJECT),
    ],
    "events.0.kind": API_CHOICE_TYPES,
    "events.0.title": api_text(300, True),
    "events.0.start_date": API_DATE_TYPES,
    "events.0.end_date": API_DATE_TYPES,
    "events.0.meeting": link_types("meetings", required=False),
    "events.0.online": API_BOOL_TYPES,
    "events.0.web_page": API_URL_TYPES,
    "events.0.city": api_text(100, False),
    "references.0.marker": api_text(10, True),
    "references.0.web_address": API_URL_TYPES,
    "references.0.document": link_types("documents", required=False),
    "references.0.position": API_INT_TYPES,
    "partners.0.organization": link_types("organizations"),
    "partners.0.role": API_CHOICE_TYPES,
    "partners.0.note": api_text(300, False),
}
AGREEMENT_API = {
    "title": api_text(300, True),
    "slug": api_text(80, True),
    "provider": link_types("secretariats"),
    "recipient": link_types("secretariats"),
    "meetings": many_link_types("meetings"),
    "status": API_CHOICE_TYPES,
    "biennium": API_BIENNIUM_TYPES,
    "currency": API_CHOICE_TYPES,
    "estimated_cost": [*API_MONEY_TYPES[:-1], ("empty", "", ANY)],
    "invoiced_amount": [*API_MONEY_TYPES, ("null", None, REJECT)],
    "recovered_amount": API_MONEY_TYPES,
    "requested_on": API_DATE_TYPES,
    "signed_on": API_DATE_TYPES,
    "lines": [("not-a-list", "it", REJECT), ("empty-row", [{}], REJECT)],
    "lines.0.service": API_CHOICE_TYPES,
    "lines.0.estimated_cost": [*API_MONEY_TYPES[:-1], ("empty", "", ANY)],
    "lines.0.description": api_text(300, False),
}
SYNERGY_API = {
    "activity": link_types("activities"),
    "description": api_text(None, True),
    "position": API_INT_TYPES,
}
COST_SAVING_API = {
    "activity": link_types("activities"),
    "year": [*API_INT_TYPES, ("1999", 1999, REJECT), ("2101", 2101, REJECT)],
    "quarter": [*API_INT_TYPES, ("zero", 0, REJECT), ("five", 5, REJECT)],
    "amount": [*API_MONEY_TYPES, ("null", None, REJECT)],
    "currency": API_CHOICE_TYPES,
    "note": api_text(None, False),
}
BODIES = [
    ("array", "[]"),
    ("null", "null"),
    ("string", '"activity"'),
    ("number", "123"),
    ("truncated", '{"title": '),
    ("nan-literal", '{"position": NaN}'),
    ("infinity-literal", '{"position": Infinity}'),
    ("trailing-comma", '{"title": "x",}'),
    ("single-quotes", "{'title': 'x'}"),
    ("bom", '\ufeff{"title": "x"}'),
    ("deep-nesting", "[" * 5000 + "]" * 5000),
    ("empty", ""),
]
METHODS = ("post", "put", "patch")


def api_cases() -> list[Case]:
    cases: list[Case] = []
    for resource, specs in [
        ("activities", ACTIVITY_API),
        ("service-agreements", AGREEMENT_API),
        ("synergies", SYNERGY_API),
        ("cost-savings", COST_SAVING_API),
    ]:
        index = 0
        for path, values in specs.items():
            for label, value, expect in values:
                method = METHODS[index % len(METHODS)]
                index += 1
                cases.append(
                    Case(
                        f"api-{resource}-{method}",
                        f"{path}={label}",
                        {path: value},
                        expect,
                    )
                )
        for label, body in BODIES:
            method = METHODS[index % len(METHODS)]
            index += 1
            cases.append(
                Case(f"api-{resource}-{method}", f"body={label}", {"__body__": body})
            )
        cases.append(
            Case(
                f"api-{resource}-post",
                "body=form-encoded",
                {
                    "__body__": "title=x",
                    "__content_type__": "application/x-www-form-urlencoded",
                },
            )
        )
    cases += [
        Case(
            "api-activities-put",
            "duplicate-reference-markers",
            {"references.1": {"marker": "1", "text": "again", "position": 1}},
        ),
        Case("api-activities-post", "slug=taken", {"slug": "briefings"}),
        Case(
            "api-activities-patch",
            "event-ends-before-it-starts",
            {"events.0.start_date": "2024-05-10", "events.0.end_date": "2024-05-01"},
        ),
        Case(
            "api-service-agreements-put",
            "recovered-exceeds-invoiced",
            {"invoiced_amount": "100.00", "recovered_amount": "100.01"},
        ),
        Case(
            "api-service-agreements-patch",
            "provider-is-recipient",
            {"recipient": "http://testserver/api/v1/secretariats/BRS/"},
        ),
        Case(
            "api-service-agreements-post",
            "signed-before-requested",
            {"requested_on": "2024-03-01", "signed_on": "2024-02-28"},
        ),
        Case(
            "api-service-agreements-put",
            "duplicate-service-lines",
            {"lines.1": {"service": "it", "description": "again"}},
        ),
        Case("api-activities-post", "unknown-field", {"no_such_field": 1}, ANY),
        Case("api-activities-patch", "read-only-url", {"url": "http://evil/"}, ANY),
    ]
    return cases


# Query strings and detail addresses ----------------------------------------------

PAGES = {
    "/activities/": {
        "q": "mercury",
        "convention": "BC",
        "thematic_area": "mercury-wastes",
        "status": "completed",
        "kind": "programmatic",
        "biennium": "2024-2025",
        "partner": "unep",
        "decision": "BC-17/22",
        "year": "2024",
        "ordering": "title",
    },
    "/decisions/": {
        "q": "x",
        "convention": "BC",
        "meeting": "bc-cop-17",
        "meeting_number": "17",
    },
    "/meetings/": {
        "convention": "BC",
        "kind": "cop",
        "status": "held",
        "start_after": "2024-01-01",
        "start_before": "2026-01-01",
        "year": "2025",
    },
    "/meetings/calendar.ics": {
        "convention": "BC",
        "start_after": "2024-01-01",
        "year": "2025",
    },
    "/activities/agreements/": {
        "provider": "BRS",
        "recipient": "MC",
        "status": "signed",
        "biennium": "2024",
        "meeting": "bc-cop-17",
    },
    "/conventions/": {},
    "/reports/": {},
    "/": {},
    "/api/v1/activities/": {
        "q": "x",
        "convention": "BC",
        "biennium": "2024",
        "decision": "BC-17/22",
        "year": "2024",
        "cursor": "x",
    },
    "/api/v1/decisions/": {
        "symbol": "BC-17/22",
        "status": "adopted",
        "meeting_number": "17",
    },
    "/api/v1/meetings/": {"q": "x", "start_after": "2024-01-01", "year": "2025"},
    "/api/v1/documents/": {"meeting": "bc-cop-17", "symbol": "UNEP/CHW"},
    "/api/v1/organizations/": {"kind": "un_body"},
    "/api/v1/conventions/": {"secretariat": "BRS"},
    "/api/v1/secretariats/": {"q": "x"},
    "/api/v1/thematic-areas/": {"q": "x"},
    "/api/v1/synergies/": {"activity": "webinars"},
    "/api/v1/cost-savings/": {"activity": "webinars", "year": "2014", "quarter": "1"},
    "/api/v1/service-agreements/": {"provider": "BRS", "biennium": "2024"},
    "/api/informea/decisions/": {"treaty": "basel"},
    "/api/informea/meetings/": {"treaty": "minamata"},
}
# Junk for any parameter of any list.
PARAMETER_JUNK = [
    ("10k", "x" * HUGE),
    ("nul", "a\x00b"),
    ("sql", "' OR 1=1 --"),
]
DECISION_SYMBOL_PARAMS = {"decision", "symbol"}
# Raw query strings, percent-encoding junk included, sent to every list.
RAW_QUERIES = [
    ("percent-alone", "%"),
    ("percent-zz", "q=%zz"),
    ("invalid-utf8", "q=%ff%fe"),
    ("nul-name", "%00=1"),
    ("page-negative", "page=-1"),
    ("page-20-digits", "page=99999999999999999999"),
    ("page-size-huge", "page_size=100000"),
    ("ordering-private", "ordering=password"),
    ("format-unknown", "format=xml"),
    ("cursor-junk", "cursor=%%%%"),
    ("updated-since-feb-30", "updated_since=2025-02-30T00:00:00Z"),
    ("updated-since-odd-offset", "updated_since=2024-01-01T00:00:00%2B17:26"),
    ("brackets", "q[]=1&q[a]=2"),
]
BAD_SLUGS = [
    ("dot-dot", "..%2F..%2Fetc%2Fpasswd"),
    ("nul", "%00"),
    ("percent-junk", "%ff%fe"),
    ("lone-surrogate-bytes", "%ED%A0%80"),
    ("rtl", "%E2%80%AEbc-17-22"),
    ("10k", "a" * HUGE),
    ("html", "%3Cscript%3E"),
    ("fullwidth", "%EF%BD%82%EF%BD%83-17-22"),
    *[
        (f"symbol-{label}", quote(symbol, safe="/"))
        for label, symbol in DECISION_SYMBOLS[:4]
    ],
    ("doc-lower-case", "unep/chw.17/inf/54"),
]
DETAILS = [
    "/activities/{}/",
    "/activities/agreements/{}/",
    "/decisions/{}/",
    "/meetings/{}/",
    "/documents/{}/",
    "/conventions/{}/",
    "/reports/{}/",
    "/reports/{}.pdf",
    "/api/v1/activities/{}/",
    "/api/v1/decisions/{}/",
    "/api/v1/documents/{}/",
    "/api/v1/meetings/{}/",
    "/api/v1/conventions/{}/",
    "/api/v1/cost-savings/{}/",
    "/api/v1/service-agreements/{}/",
]


def query_cases() -> list[Case]:
    cases = []
    for page, params in PAGES.items():
        for label, raw in RAW_QUERIES:
            cases.append(Case(f"query{page}", label, {"__query__": raw}, ANY))
        for name in params:
            junk = list(PARAMETER_JUNK)
            if name in DECISION_SYMBOL_PARAMS:
                junk += DECISION_SYMBOLS
            for label, value in junk:
                encoded = value if "%" in value else quote(value)
                cases.append(
                    Case(
                        f"query{page}",
                        f"{name}={label}",
                        {"__query__": f"{name}={encoded}"},
                        ANY,
                    )
                )
    for pattern in DETAILS:
        for label, slug in BAD_SLUGS:
            cases.append(
                Case(f"detail{pattern}", label, {"__path__": pattern.format(slug)}, ANY)
            )
    return cases


# Spreadsheet imports -------------------------------------------------------------

ACTIVITY_ROW = {
    "slug": "imported-activity",
    "title": "Imported activity",
    "thematic_area": "mercury-wastes",
    "kind": "programmatic",
    "status": "planned",
    "biennium": "2024\u20132025",
    "position": "3",
    "conventions": "BC,MC",
    "secretariats": "BRS",
    "decisions": "BC-17/22",
    "publication_status": "draft",
    "narrative": "Imported text.",
}
DECISION_ROW = {
    "convention": "BC",
    "meeting_number": "17",
    "number": "40",
    "title": "Imported decision",
    "summary": "",
    "meeting": "bc-cop-17",
    "adopted_on": "2025-05-09",
    "status": "adopted",
    "url": "",
    "recalls": "MC-5/19",
}
CELL_JUNK = [
    ("nul", "a\x00b", REJECT),
    ("10k", "x" * HUGE, REJECT),
    ("sql", "1'; DROP TABLE x; --", REJECT),
    ("unknown", "no-such-thing", REJECT),
]
IMPORT_COLUMNS = {
    "activity": {
        "slug": [
            *[
                (label, value, ANY if label == "unknown" else expect)
                for label, value, expect in CELL_JUNK
            ],
            ("spaces", "a b", REJECT),
            ("empty", "", REJECT),
        ],
        "title": [
            ("nul", "a\x00b", REJECT),
            ("one-too-long", "x" * 301, REJECT),
            ("empty", "", REJECT),
            ("formula", "=1+1", ANY),
            ("emoji", "\U0001f30d", ANY),
        ],
        "thematic_area": [*CELL_JUNK, ("empty", "", REJECT)],
        "kind": [*CELL_JUNK],
        "status": [*CELL_JUNK],
        "biennium": [
            *CELL_JUNK,
            ("odd", "2025", ANY),
            ("three-years", "2024-2026", REJECT),
            ("last-century", "1999-2000", REJECT),
            ("empty", "", REJECT),
        ],
        "position": [
            ("letters", "abc", REJECT),
            ("negative", "-1", REJECT),
            ("20-digits", "9" * 20, REJECT),
            ("decimal", "1.5", REJECT),
            ("nan", "NaN", REJECT),
        ],
        "conventions": [*CELL_JUNK, ("lower-case", "bc", REJECT)],
        "secretariats": [*CELL_JUNK],
        "decisions": [
            *CELL_JUNK,
            *[(label, s, REJECT) for label, s in DECISION_SYMBOLS],
            ("unknown-symbol", "BC-99/99", REJECT),
        ],
        "publication_status": [*CELL_JUNK],
        "narrative": [
            ("nul", "a\x00b", REJECT),
            ("10k", "x" * HUGE, ANY),
            ("formula", "@SUM(A1)", ANY),
        ],
    },
    "decision": {
        "convention": [*CELL_JUNK, ("empty", "", REJECT)],
        "meeting_number": [
            ("letters", "abc", REJECT),
            ("zero", "0", REJECT),
            ("negative", "-1", REJECT),
            ("20-digits", "9" * 20, REJECT),
            ("empty", "", REJECT),
        ],
        "number": [
            ("letters", "abc", REJECT),
            ("zero", "0", REJECT),
            ("decimal", "1.5", REJECT),
            ("infinity", "Infinity", REJECT),
        ],
        "title": [
            ("nul", "a\x00b", REJECT),
            ("one-too-long", "x" * 301, REJECT),
            ("empty", "", REJECT),
        ],
        "meeting": [*CELL_JUNK, ("other-convention", "mc-cop-6", REJECT)],
        "adopted_on": [
            ("feb-30", "2025-02-30", REJECT),
            ("zeros", "0000-00-00", REJECT),
            ("five-digit-year", "99999-01-01", REJECT),
            ("words", "yesterday", REJECT),
        ],
        "status": [*CELL_JUNK],
        "url": [
            ("javascript", "javascript:alert(1)", REJECT),
            ("no-scheme", "not a url", REJECT),
        ],
        "recalls": [*CELL_JUNK, *[(label, s, REJECT) for label, s in DECISION_SYMBOLS]],
    },
}
BAD_FILES = [
    ("empty-file", b"", REJECT),
    ("header-only", b"slug,title\r\n", REJECT),
    ("binary", bytes(range(256)) * 4, REJECT),
    ("invalid-utf8", b"slug,title\r\n\xff\xfe,\xc3\x28\r\n", REJECT),
    ("nul-bytes", b"slug,title\r\nx\x00,y\r\n", REJECT),
    ("unbalanced-quote", b'slug,title\r\n"abc,def\r\n', REJECT),
    ("no-id-column", b"title\r\nOnly a title\r\n", REJECT),
    ("semicolon-separated", b"slug;title;thematic_area\r\na;b;c\r\n", REJECT),
    (
        "html-file",
        b"<html><body><table><tr><td>x</td></tr></table></body></html>",
        REJECT,
    ),
    ("zip-bomb-like", b"PK\x03\x04" + b"\x00" * 200, REJECT),
]


def import_cases() -> list[Case]:
    cases = []
    for model, columns in IMPORT_COLUMNS.items():
        for column, values in columns.items():
            for label, value, expect in values:
                cases.append(
                    Case(
                        f"import-{model}", f"{column}={label}", {column: value}, expect
                    )
                )
        for label, content, expect in BAD_FILES:
            cases.append(
                Case(f"import-{model}", f"file={label}", {"__file__": content}, expect)
            )
    cases.append(Case("import-activity", "same-slug-twice", {"__rows__": 2}, ANY))
    return cases


# The report import command -------------------------------------------------------

REPORT_TEXT = (
    "Note by the secretariat\n"
    "The secretariat has the honour to circulate the report.\n"
    "Annex I\n"
    "Activities undertaken in 2024 and 2025\n"
    "\tI.\tIntroduction\n"
    "1. The Conference adopted decision BC-17/22.\n"
    "\tII.\tActivities\n"
    "\tA.\tMercury wastes\n"
    "2. The secretariats held webinars.[footnoteRef:1] [1: www.brsmeas.org.]\n"
)
COMMAND_CASES = [
    ("empty-file", b"", [], REJECT),
    ("binary", bytes(range(256)), [], REJECT),
    ("invalid-utf8", b"Annex I\n\xff\xfe 2024\n", [], REJECT),
    ("nul-bytes", REPORT_TEXT.replace("webinars", "web\x00inars").encode(), [], REJECT),
    ("no-annex", b"Just some words about 2024.\n", [], REJECT),
    ("odd-biennium-option", REPORT_TEXT.encode(), ["--biennium", "2025"], REJECT),
    ("last-century-option", REPORT_TEXT.encode(), ["--biennium", "1998"], REJECT),
    (
        "huge-biennium-option",
        REPORT_TEXT.encode(),
        ["--biennium", "99999999999999999999"],
        REJECT,
    ),
    ("slug-dot-dot", REPORT_TEXT.encode(), ["--slug", "../../etc"], REJECT),
    ("slug-10k", REPORT_TEXT.encode(), ["--slug", "a" * HUGE], REJECT),
    ("title-10k", REPORT_TEXT.encode(), ["--title", "t" * HUGE], REJECT),
    ("slug-taken", REPORT_TEXT.encode(), ["--slug", "joint-report-2024"], REJECT),
    (
        "annex-title-10k",
        REPORT_TEXT.replace("Activities undertaken", "A" * HUGE).encode(),
        [],
        REJECT,
    ),
    (
        "paragraph-number-20-digits",
        REPORT_TEXT.replace("2. The", "99999999999999999999. The").encode(),
        [],
        REJECT,
    ),
    (
        "footnote-marker-too-long",
        REPORT_TEXT.replace(
            "[footnoteRef:1] [1:", "[footnoteRef:12345678901] [12345678901:"
        ).encode(),
        [],
        REJECT,
    ),
    ("unknown-decision", REPORT_TEXT.replace("BC-17/22", "SC-99/99").encode(), [], ANY),
    (
        "rtl-and-emoji",
        REPORT_TEXT.replace("webinars", "\u202ewebinars \U0001f30d").encode(),
        [],
        ANY,
    ),
    ("missing-file", None, [], REJECT),
    ("directory", "DIR", [], REJECT),
]


def command_cases() -> list[Case]:
    return [
        Case("import_report", label, {"content": content, "args": args}, expect)
        for label, content, args, expect in COMMAND_CASES
    ]
