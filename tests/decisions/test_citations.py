"""Real decision and document symbols, from the BRS and Minamata decision lists and
meeting pages, through every way staff and readers meet them: the admin form, the
API, the spreadsheet import, running text and search. Each is stored once, shown as
the official documents cite it, reachable by every spelling, and what is not a
symbol is refused with a message that shows the accepted forms."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from decisions.models import Decision, Document
from decisions.symbols import (
    DecisionSymbol,
    find_decision_symbols,
    find_document_symbols,
    parse_decision_symbol,
)
from tests import factories
from tests.decisions.admin_pages import admin_url, error_messages, form_data

pytestmark = pytest.mark.django_db

# The official form, and the convention that Roman-numbered forms leave unsaid.
DECISIONS = [
    # Basel COP before 2011: Roman session numbers.
    ("II/12", "BC"),
    ("III/1", "BC"),
    ("IV/9", "BC"),
    ("V/32", "BC"),
    ("VII/26", "BC"),
    ("IX/3", "BC"),
    ("IX/4", "BC"),
    ("IX/6", "BC"),
    ("IX/10", "BC"),
    ("IX/15", "BC"),
    ("IX/16", "BC"),
    # Basel COP from 2011.
    ("BC-10/2", "BC"),
    ("BC-10/3", "BC"),
    ("BC-10/4", "BC"),
    ("BC-10/19", "BC"),
    ("BC-10/20", "BC"),
    ("BC-10/25", "BC"),
    ("BC-10/26", "BC"),
    ("BC-16/21", "BC"),
    ("BC-17/7", "BC"),
    ("BC-17/14", "BC"),
    ("BC-17/22", "BC"),
    # Rotterdam, Stockholm, Minamata COPs.
    ("RC-1/1", "RC"),
    ("RC-1/6", "RC"),
    ("RC-4/11", "RC"),
    ("RC-7/3", "RC"),
    ("RC-8/1", "RC"),
    ("RC-8/2", "RC"),
    ("RC-8/11", "RC"),
    ("RC-8/17", "RC"),
    ("RC-9/1", "RC"),
    ("RC-11/8", "RC"),
    ("RC-12/9", "RC"),
    ("SC-1/1", "SC"),
    ("SC-1/7", "SC"),
    ("SC-4/34", "SC"),
    ("SC-11/20", "SC"),
    ("SC-12/23", "SC"),
    ("MC-1/1", "MC"),
    ("MC-4/11", "MC"),
    ("MC-5/2", "MC"),
    ("MC-5/10", "MC"),
    ("MC-5/14", "MC"),
    ("MC-5/19", "MC"),
    # The simultaneous extraordinary meetings (Bali 2010, Geneva 2013).
    ("BC.Ex-1/1", "BC"),
    ("RC.Ex-1/1", "RC"),
    ("SC.Ex-1/1", "SC"),
    ("BC.Ex-2/1", "BC"),
    ("RC.Ex-2/1", "RC"),
    ("SC.Ex-2/1", "SC"),
    # Subsidiary bodies.
    ("OEWG-VII/1", "BC"),
    ("OEWG-VII/2", "BC"),
    ("OEWG-VII/8", "BC"),
    ("OEWG-VII/18", "BC"),
    ("OEWG-10/1", "BC"),
    ("OEWG-11/1", "BC"),
    ("POPRC-1/1", "SC"),
    ("POPRC-7/1", "SC"),
    ("POPRC-8/1", "SC"),
    ("POPRC-8/2", "SC"),
    ("POPRC-8/3", "SC"),
    ("CRC-10/4", "RC"),
    ("INC-7/6", "RC"),
]
NOT_DECISIONS = [
    "BC-0/22",
    "XX-17/22",
    "BC-17",
    "BC-17//22",
    "BC-1700/22",
    "BC-XVIIII/22",
    "RC-OEWG-1/1",
    "POPRC.Ex-1/1",
    "UNEP/CHW.17/INF/54",
]
# Document symbols as issued; the first is the seed report's joint document.
JOINT = (
    "UNEP/CHW.17/INF/54",
    "UNEP/FAO/RC/COP.12/INF/25",
    "UNEP/POPS/COP.12/INF/44",
)
DOCUMENTS = [
    "UNEP/MC/COP.6/22",
    "UNEP/MC/ICC/7/INF/3",
    "UNEP/FAO/RC/COP.12/13/Add.1",
    "UNEP/CHW.15/6/Add.6/Rev.1",
    "UNEP/POPS/COP.9/20/Add.1",
    "UNEP/POPS/COP.6/INF/31/Add.1",
    "UNEP/POPS/COP.11/19/Add.1",
    "UNEP/POPS/COP.11/INF/36",
    "UNEP/POPS/COP.11/20/Add.1",
    "UNEP/POPS/COP.11/INF/38",
    "UNEP/FAO/CHW/RC/POPS/EXCOPS.1/8",
    "UNEP/FAO/CHW/RC/POPS/EXCOPS.1/5",
    "UNEP/FAO/CHW/RC/POPS/EXCOPS.1/6",
    "UNEP/FAO/CHW/RC/POPS/EXCOPS.1/CRP.5/Add.3",
    "UNEP/FAO/CHW/RC/POPS/EXCOPS.1/CRP.5/Add.2/Rev.1",
    "UNEP/CHW.7/33",
    "UNEP/CHW.10/28",
    "UNEP/CHW/OEWG/4/18",
    "UNEP/FAO/RC/COP.8/27",
    "UNEP/FAO/RC/COP.5/1/Rev.1",
    "UNEP/FAO/RC/COP.5/1/Rev.1/Add.1/Rev.1",
    "UNEP/FAO/RC/COP.10/1",
    "UNEP/FAO/RC/COP.1/3",
    "UNEP/FAO/RC/CRC.1/1/Add.1",
    "UNEP/FAO/RC/CRC.11/INF/3",
    "UNEP/FAO/RC/CRC.9/INF/4",
    "UNEP/FAO/PIC/ICRC.1/6",
    "UNEP/POPS/POPRC.1/10",
    "UNEP/POPS/POPRC.1/INF/2/Rev.1",
    "UNEP/POPS/POPRC.3/20",
    "UNEP/POPS/POPRC.12/11",
    "UNEP(DTIE)/Hg/CONF/4",
    "UNEP/MC/COP.1/1",
]
NOT_DOCUMENTS = ["UNEP/GEF", "UNEP / CHW.17", "UNEP/CHW.17/", "UNEP/<b>/1", "CHW.17/4"]
# A range as the seed texts cite them: five documents of the first POPRC.
RANGE = "UNEP/POPS/POPRC.1/5\u20139"
RANGE_SYMBOLS = [f"UNEP/POPS/POPRC.1/{n}" for n in range(5, 10)]

CODES = {"BC": 1, "RC": 2, "SC": 3, "MC": 4}


@pytest.fixture
def conventions() -> dict:
    return {
        code: factories.ConventionFactory(code=code, position=position)
        for code, position in CODES.items()
    }


def parts_of(official: str, code: str) -> DecisionSymbol:
    return parse_decision_symbol(official, code)


def spellings(official: str, code: str) -> list[str]:
    """How staff and texts write one decision: as printed, in lower case, with a
    typographic dash or none, after the word "decision" with a full stop, as the
    page address and as the canonical form."""
    parts = parts_of(official, code)
    forms = [
        official,
        official.lower(),
        official.replace("-", "\u2011"),
        f"decision {official}.",
        parts.slug,
        parts.key,
    ]
    if official.startswith(code) and not parts.extraordinary:
        forms.append(official.replace("-", ""))
    return forms


def needs_convention(official: str, code: str) -> bool:
    return not official.startswith(code) and parts_of(official, code).body in (
        "COP",
        "INC",
    )


def document_spellings(symbol: str) -> list[str]:
    return [
        symbol,
        symbol.lower(),
        symbol.upper() + ".",
        symbol.replace("/", " / ", 1),
    ]


def make_decision(official: str, code: str, conventions: dict) -> Decision:
    parts = parts_of(official, code)
    return factories.DecisionFactory(
        convention=conventions[parts.code],
        body=parts.body,
        extraordinary=parts.extraordinary,
        meeting_number=parts.meeting_number,
        number=parts.number,
    )


def staff_api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- decisions -----------------------------------------------------------------------


@pytest.mark.parametrize(("official", "code"), DECISIONS)
def test_decision_typed_in_the_admin_is_stored_once_and_shown_as_cited(
    admin_client, conventions, official, code
):
    url = admin_url(Decision, "add")
    typed = official.lower().replace("-", "\u2013") + "."
    data = form_data(admin_client.get(url))
    convention = str(conventions[code].pk) if needs_convention(official, code) else ""
    data.update(symbol=typed, convention=convention, title="As adopted")

    response = admin_client.post(url, data)

    assert response.status_code == 302, error_messages(response)
    decision = Decision.objects.get()
    assert decision.symbol == official
    assert decision.convention.code == parts_of(official, code).code
    again = form_data(admin_client.get(url))
    again.update(symbol=parts_of(official, code).key, title="Twice")
    response = admin_client.post(url, again)
    assert "A decision with this symbol already exists." in " ".join(
        error_messages(response)
    )
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(("official", "code"), DECISIONS)
def test_decision_written_through_the_api_is_stored_once_and_shown_as_cited(
    staff_user, conventions, official, code
):
    client = staff_api(staff_user)
    body = {"symbol": official, "title": "As adopted"}
    if needs_convention(official, code):
        body["convention"] = code

    created = client.post("/api/v1/decisions/", body, format="json")

    assert created.status_code == 201, created.json()
    assert created.json()["symbol"] == official
    slug = parts_of(official, code).slug
    assert client.get(f"/api/v1/decisions/{slug}/").json()["symbol"] == official
    twice = client.post(
        "/api/v1/decisions/",
        {"symbol": parts_of(official, code).key, "title": "Twice"},
        format="json",
    )
    assert twice.status_code == 400
    assert "already exists" in str(twice.json())
    assert Decision.objects.count() == 1


def import_csv(admin_client, model, rows: list[dict]) -> object:
    """Upload a CSV through the admin import and confirm it; the last response."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    url = admin_url(model, "import")
    form = admin_client.get(url).context["form"]
    csv_format = next(v for v, label in form.fields["format"].choices if label == "csv")
    upload = SimpleUploadedFile("rows.csv", out.getvalue().encode(), "text/csv")
    response = admin_client.post(
        url, {"resource": "0", "format": csv_format, "import_file": upload}
    )
    confirm = response.context.get("confirm_form")
    if confirm is None:
        return response
    return admin_client.post(admin_url(model, "process_import"), confirm.initial)


def test_decisions_imported_from_a_spreadsheet_are_each_stored_once(
    admin_client, conventions
):
    rows = [
        {"symbol": official, "convention": code, "title": f"Decision {official}"}
        for official, code in DECISIONS
    ]
    response = import_csv(admin_client, Decision, rows)
    assert response.status_code == 302
    assert sorted(d.symbol for d in Decision.objects.select_related("convention")) == (
        sorted(official for official, _ in DECISIONS)
    )

    # The same decisions written otherwise update them; nothing is duplicated.
    respelled = [
        {
            "symbol": spellings(official, code)[3],
            "convention": code,
            "title": f"Renamed {official}",
        }
        for official, code in DECISIONS
    ]
    import_csv(admin_client, Decision, respelled)
    assert Decision.objects.count() == len(DECISIONS)
    assert not Decision.objects.exclude(title__startswith="Renamed").exists()


@pytest.mark.parametrize(("official", "code"), DECISIONS)
def test_decision_is_found_in_running_text_in_every_spelling(official, code):
    expected = parts_of(official, code)
    for spelling in spellings(official, code)[:4]:
        # Texts cite a form without a code after the word "decision" (VII/26).
        cited = spelling if spelling.startswith("decision") else f"decision {spelling}"
        text = f"Pursuant to {cited}, the secretariats (UNEP/CHW.17/INF/54) report."
        found = [f.symbol for f in find_decision_symbols(text, code)]
        assert found == [expected], spelling


@pytest.mark.parametrize(("official", "code"), DECISIONS)
def test_decision_is_found_by_every_spelling_on_the_page_the_api_and_the_admin(
    client, admin_client, conventions, official, code
):
    decision = make_decision(official, code, conventions)
    factories.DecisionFactory(convention=conventions["MC"], meeting_number=99)
    for spelling in spellings(official, code):
        page = client.get(reverse("decisions:list"), {"q": spelling})
        assert list(page.context["object_list"]) == [decision], spelling
        api = client.get("/api/v1/decisions/", {"symbol": spelling})
        assert [d["symbol"] for d in api.json()["results"]] == [official], spelling
        admin = admin_client.get(admin_url(Decision, "changelist"), {"q": spelling})
        assert list(admin.context["cl"].result_list) == [decision], spelling
    assert client.get(f"/decisions/{decision.slug}/").status_code == 200


@pytest.mark.parametrize("text", NOT_DECISIONS)
def test_what_is_not_a_decision_symbol_is_refused_with_the_accepted_forms(
    admin_client, staff_user, conventions, text
):
    url = admin_url(Decision, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol=text, title="Nothing")
    page = " ".join(error_messages(admin_client.post(url, data)))
    api = staff_api(staff_user).post(
        "/api/v1/decisions/", {"symbol": text, "title": "Nothing"}, format="json"
    )
    imported = import_csv(admin_client, Decision, [{"symbol": text, "title": "x"}])

    assert "BC.Ex-1/1" in page
    assert api.status_code == 400
    assert "BC.Ex-1/1" in str(api.json()["symbol"])
    assert imported.status_code == 200
    assert imported.context["result"].has_validation_errors()
    assert not Decision.objects.exists()


def test_a_roman_numeral_without_convention_asks_for_it_in_the_admin_and_api(
    admin_client, staff_user, conventions
):
    url = admin_url(Decision, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol="decision VII/26", convention="", title="Ambiguous")
    api = staff_api(staff_user).post(
        "/api/v1/decisions/", {"symbol": "VII/26", "title": "Ambiguous"}, format="json"
    )

    assert "Which convention?" in " ".join(error_messages(admin_client.post(url, data)))
    assert "Which convention?" in str(api.json()["symbol"])
    assert not Decision.objects.exists()


def test_the_informea_feed_publishes_the_official_forms(client, conventions):
    for official, code in DECISIONS:
        make_decision(official, code, conventions)

    numbers = set()
    url = "/api/informea/decisions/"
    while url:
        page = client.get(url).json()
        numbers |= {row["number"] for row in page["results"]}
        url = page["next"]

    assert numbers == {official for official, _ in DECISIONS}


# --- documents -----------------------------------------------------------------------


@pytest.mark.parametrize("symbol", DOCUMENTS)
def test_document_typed_in_the_admin_is_stored_once_in_its_official_form(
    admin_client, symbol
):
    url = admin_url(Document, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol=symbol.lower() + ".", title="As issued")

    response = admin_client.post(url, data)

    assert response.status_code == 302, error_messages(response)
    assert list(Document.objects.values_list("symbol", flat=True)) == [symbol]
    again = form_data(admin_client.get(url))
    again.update(symbol=symbol.upper(), title="Twice")
    assert error_messages(admin_client.post(url, again))
    assert Document.objects.count() == 1


@pytest.mark.parametrize("symbol", DOCUMENTS)
def test_document_written_through_the_api_is_reached_by_every_spelling(
    staff_user, client, symbol
):
    api = staff_api(staff_user)

    created = api.post(
        "/api/v1/documents/", {"symbol": symbol.lower(), "title": "T"}, format="json"
    )

    assert created.status_code == 201, created.json()
    assert created.json()["symbol"] == symbol
    for spelling in document_spellings(symbol):
        path = spelling.replace(" ", "")
        assert client.get(f"/api/v1/documents/{path}/").json()["symbol"] == symbol
        listed = client.get("/api/v1/documents/", {"symbol": spelling}).json()
        assert [d["symbol"] for d in listed["results"]] == [symbol], spelling
        page = client.get(reverse("decisions:documents"), {"q": spelling})
        assert [d.symbol for d in page.context["object_list"]] == [symbol], spelling
    twice = api.post(
        "/api/v1/documents/", {"symbol": symbol.upper(), "title": "T"}, format="json"
    )
    assert twice.status_code == 400
    assert Document.objects.count() == 1


def test_documents_imported_from_a_spreadsheet_are_each_stored_once(admin_client):
    rows = [{"symbol": s.lower(), "title": "Imported"} for s in DOCUMENTS]
    rows.append({"symbol": "\u2013".join(JOINT), "title": "Joint"})

    import_csv(admin_client, Document, rows)
    respelled = [{"symbol": s.upper() + ".", "title": "Again"} for s in DOCUMENTS]
    respelled.append({"symbol": " - ".join(JOINT).lower(), "title": "Again"})
    import_csv(admin_client, Document, respelled)

    assert sorted(Document.objects.values_list("symbol", flat=True)) == sorted(
        [*DOCUMENTS, JOINT[0]]
    )
    assert Document.objects.get(symbol=JOINT[0]).all_symbols == list(JOINT)
    assert not Document.objects.exclude(title="Again").exists()


@pytest.mark.parametrize("symbol", DOCUMENTS)
def test_document_is_found_in_running_text_without_the_full_stop(symbol):
    text = f"The report ({symbol}) and {symbol}. Under UNEP/GEF GCMP."

    found = [f.citation.symbols for f in find_document_symbols(text)]

    assert found == [(symbol,), (symbol,)]


@pytest.mark.parametrize("joiner", ["\u2013", "-", " \u2013 ", " - ", "\u2014"])
def test_a_joint_symbol_is_one_document_reached_through_each_part(
    admin_client, client, joiner
):
    url = admin_url(Document, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol=joiner.join(JOINT), title="Joint report")

    response = admin_client.post(url, data)

    assert response.status_code == 302, error_messages(response)
    document = Document.objects.get()
    assert document.all_symbols == list(JOINT)
    for part in JOINT:
        page = client.get(f"/documents/{part.lower()}/", follow=True)
        assert page.context["document"] == document
        api = client.get(f"/api/v1/documents/{part}/").json()
        assert api["symbols"] == list(JOINT)
    found = list(find_document_symbols(f"See {joiner.join(JOINT)}."))
    assert [f.citation.symbols for f in found] == [JOINT]


def test_a_joint_symbol_holding_a_recorded_part_is_matched_not_duplicated(
    admin_client, staff_user
):
    factories.DocumentFactory(symbol=JOINT[1])
    url = admin_url(Document, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol="-".join(JOINT), title="Again")

    messages = " ".join(error_messages(admin_client.post(url, data)))
    api = staff_api(staff_user).post(
        "/api/v1/documents/", {"symbol": "-".join(JOINT), "title": "x"}, format="json"
    )
    import_csv(admin_client, Document, [{"symbol": "\u2013".join(JOINT), "title": ""}])

    assert f"already belongs to the document {JOINT[1]}" in messages
    assert api.status_code == 400
    assert Document.objects.count() == 1
    assert Document.objects.get().all_symbols == [JOINT[1], JOINT[0], JOINT[2]]


def test_a_range_is_refused_as_one_document_and_found_as_its_documents(
    admin_client, client
):
    for symbol in RANGE_SYMBOLS:
        factories.DocumentFactory(symbol=symbol)
    url = admin_url(Document, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol=RANGE, title="Range")

    messages = " ".join(error_messages(admin_client.post(url, data)))
    found = list(find_document_symbols(f"Proposals ({RANGE})."))
    page = client.get(reverse("decisions:documents"), {"q": RANGE})

    assert "stands for 5 documents" in messages
    assert all(symbol in messages for symbol in RANGE_SYMBOLS)
    assert list(found[0].citation.symbols) == RANGE_SYMBOLS
    assert sorted(d.symbol for d in page.context["object_list"]) == RANGE_SYMBOLS


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_what_is_not_a_document_symbol_is_refused_with_the_accepted_forms(
    admin_client, staff_user, text
):
    url = admin_url(Document, "add")
    data = form_data(admin_client.get(url))
    data.update(symbol=text, title="Nothing")
    page = " ".join(error_messages(admin_client.post(url, data)))
    api = staff_api(staff_user).post(
        "/api/v1/documents/", {"symbol": text, "title": "x"}, format="json"
    )

    assert "UNEP/CHW.17/INF/54" in page
    assert api.status_code == 400
    assert "UNEP/CHW.17/INF/54" in str(api.json()["symbol"])
    assert not Document.objects.exists()


def test_a_document_given_itself_as_parallel_symbol_is_refused_and_pages_do_not_loop(
    client,
):
    document = factories.DocumentFactory(symbol=JOINT[0])
    parallel = factories.DocumentSymbolFactory.build(document=document, symbol=JOINT[0])

    with pytest.raises(Exception, match="own symbol"):
        parallel.full_clean()
    response = client.get(f"/documents/{JOINT[0]}/")
    assert response.status_code == 200


def test_an_activity_footnote_reaches_a_joint_document_through_any_symbol():
    from activities.serializers import ReferenceSerializer

    document = factories.DocumentFactory(symbol=JOINT[0])
    factories.DocumentSymbolFactory(document=document, symbol=JOINT[1], position=1)
    field = ReferenceSerializer().fields["document"]

    for symbol in (JOINT[0], JOINT[1], JOINT[1].lower()):
        link = f"http://testserver/api/v1/documents/{symbol}/"
        assert field.to_internal_value(link) == document


@pytest.mark.parametrize(
    ("page", "text", "hint"),
    [
        ("decisions:list", "BC-17//22", "is not a decision symbol"),
        ("decisions:list", "BC-XVIIII/2", "is not a Roman numeral"),
        ("decisions:documents", "UNEP/CHW.17/INF/4-2", "is not a range"),
    ],
)
def test_a_search_that_looks_like_a_symbol_but_is_none_says_why(
    client, page, text, hint
):
    response = client.get(reverse(page), {"q": text})

    assert response.status_code == 200
    assert hint in response.context["symbol_hint"]
    assert "Accepted forms" in response.text
