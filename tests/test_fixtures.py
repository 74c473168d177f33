"""The shipped fixtures hold every fact of the seed documents, checked against them.

This is the only test that loads `fixtures/*.json`. Expected values are parsed from the
seed texts at test time, never typed in here, so a fixture that drifts from its source
fails.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model

from activities.models import Activity, Reference, Synergy, ThematicArea
from decisions.models import (
    Decision,
    DecisionParagraph,
    Document,
    DocumentSymbol,
    Meeting,
    Organization,
)
from decisions.symbols import parse_decision_symbol

IATI_SCHEMA = (
    Path(settings.BASE_DIR).parent / "shared" / "iati" / "iati-activities-schema.xsd"
)
FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")),
        reason=f"the seed documents are not at {SEEDS} (they live outside the repo)",
    ),
]

# Any dash people type between code and meeting number, including none ("RC11/8").
DECISION_SYMBOL = re.compile(
    r"\b(?:BC|RC|SC|MC)[-\u2010-\u2015\u2212]?\d{1,3}/\d{1,3}\b"
)
DOCUMENT_SYMBOL = re.compile(r"\bUNEP/[A-Za-z0-9./]+")
HEADING = re.compile(r"^\t([IVX]+|[A-J])\.\t(.+?)\s*$")
PARAGRAPH = re.compile(r"^(\d+)\.\s+(.*)$")
FOOTNOTE_TEXT = re.compile(r"\[(\d+):\s*([^\]]*?)\s*\]")
FOOTNOTE_REF = re.compile(r"\[footnoteRef:(\d+)\]")
CITATION = re.compile(r"\[\^\d+\]")
WEB_ADDRESS = re.compile(r"(https?://\S+|www\.\S+)")
# The report covers 2024–2025 (Annex I) and outlines 2026–2027 (Annex II).
ANNEX_BIENNIUM = {"Annex I": 2024, "Annex II": 2026}
PROGRAMMATIC = "II"


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def report_text() -> str:
    return next(text for text in seed_texts() if "Annex II" in text)


def quarterly_text() -> str:
    return next(text for text in seed_texts() if "Quarterly report" in text)


def decision_symbols(text: str) -> set[str]:
    return {str(parse_decision_symbol(m)) for m in DECISION_SYMBOL.findall(text)}


def document_symbols(text: str) -> set[str]:
    # "UNEP/GEF GCMP" is a project name: real symbols carry a session or number.
    found = (m.rstrip(".") for m in DOCUMENT_SYMBOL.findall(text))
    return {symbol for symbol in found if re.search(r"\d", symbol)}


def report_paragraphs() -> list[dict]:
    """Numbered paragraphs of section II of each annex, with annex and section."""
    paragraphs, annex, roman, heading, current = [], None, None, None, None
    for line in report_text().splitlines():
        if line.strip() in ANNEX_BIENNIUM:
            annex, roman, heading, current = line.strip(), None, None, None
        elif annex and (match := HEADING.match(line)):
            # "I." is the introduction before section II and a letter after it.
            if match[1] in ("II", "III", "IV") or (match[1] == "I" and roman is None):
                roman, heading = match[1], None
            else:
                heading = match[2]
            current = None
        elif annex and roman == PROGRAMMATIC and (match := PARAGRAPH.match(line)):
            current = {"annex": annex, "number": int(match[1]), "heading": heading}
            current["lines"] = [match[2]]
            paragraphs.append(current)
        elif current is not None and line.strip():
            current["lines"].append(line)
    return paragraphs


def quarterly_rows() -> list[tuple[str, str]]:
    lines = quarterly_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Activity\t"))
    rows = (line.split("\t", 1) for line in lines[header + 1 :] if "\t" in line)
    return [(activity.strip(), synergy.strip()) for activity, synergy in rows]


def words(text: str) -> str:
    return " ".join(text.split())


def area_for(heading: str) -> ThematicArea:
    """The area whose name starts the section heading ("Trade control of ...")."""
    matches = [
        area
        for area in ThematicArea.objects.all()
        if heading.lower().startswith(area.name.lower())
    ]
    assert len(matches) == 1, f"no single thematic area for section {heading!r}"
    return matches[0]


def activity_for(paragraph: dict) -> Activity:
    return Activity.objects.get(
        biennium=ANNEX_BIENNIUM[paragraph["annex"]],
        thematic_area=area_for(paragraph["heading"]),
        position=paragraph["number"],
    )


def fixture_models() -> list[type[Model]]:
    labels = {
        entry["model"]
        for path in FIXTURES
        for entry in json.loads(path.read_text(encoding="utf-8"))
    }
    return [apps.get_model(label) for label in sorted(labels)]


def load_fixtures() -> None:
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Load once for the module (loading is slow) and roll back afterwards, so no
    other test module sees the shipped data."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_fixtures()
        yield
        transaction.set_rollback(True)


def test_every_decision_symbol_in_the_seeds_is_loaded(loaded):
    symbols = set().union(*(decision_symbols(text) for text in seed_texts()))

    assert symbols
    missing = {s for s in symbols if not Decision.objects.by_symbol(s).exists()}
    assert missing == set()


def test_every_document_symbol_in_the_seeds_is_loaded(loaded):
    symbols = set().union(*(document_symbols(text) for text in seed_texts()))
    loaded_symbols = set(Document.objects.values_list("symbol", flat=True)) | set(
        DocumentSymbol.objects.values_list("symbol", flat=True)
    )

    assert symbols
    assert symbols - loaded_symbols == set()


def test_each_report_section_has_one_activity_per_numbered_paragraph(loaded):
    sections = Counter()
    for paragraph in report_paragraphs():
        biennium = ANNEX_BIENNIUM[paragraph["annex"]]
        sections[biennium, area_for(paragraph["heading"]).pk] += 1

    assert sections
    for (biennium, area), count in sections.items():
        activities = Activity.objects.filter(biennium=biennium, thematic_area=area)
        assert activities.count() == count, (biennium, area)


def test_each_activity_narrative_is_its_paragraph_verbatim(loaded):
    for paragraph in report_paragraphs():
        text = "\n".join(paragraph["lines"])
        expected = FOOTNOTE_REF.sub("", FOOTNOTE_TEXT.sub("", text))

        narrative = activity_for(paragraph).narrative

        assert words(CITATION.sub("", narrative)) == words(expected)


def test_each_paragraph_names_the_decisions_its_activity_points_to(loaded):
    for paragraph in report_paragraphs():
        named = decision_symbols("\n".join(paragraph["lines"]))

        linked = {d.symbol for d in activity_for(paragraph).decisions.all()}

        assert named <= linked, paragraph["number"]


def test_every_footnote_is_a_reference_cited_where_the_seed_cites_it(loaded):
    for paragraph in report_paragraphs():
        for marker, text in FOOTNOTE_TEXT.findall("\n".join(paragraph["lines"])):
            activity = activity_for(paragraph)
            reference = activity.references.get(marker=marker)

            assert reference.text == text
            assert f"[^{marker}]" in activity.narrative
            if address := WEB_ADDRESS.search(text):
                url = address[1].rstrip(".")
                assert reference.url.removeprefix("https://") == url.removeprefix(
                    "https://"
                )
            if symbols := document_symbols(text):
                assert reference.document.symbol in symbols


def test_every_footnote_web_address_of_the_seeds_is_in_a_reference(loaded):
    addresses = {
        m.rstrip(".")
        for _, text in FOOTNOTE_TEXT.findall(report_text())
        for m in WEB_ADDRESS.findall(text)
    }
    urls = set(Reference.objects.values_list("url", flat=True))

    assert addresses
    for address in addresses:
        assert address in urls or f"https://{address}" in urls, address


def test_the_2014_table_rows_are_activities_with_their_synergy(loaded):
    rows = quarterly_rows()

    assert rows
    for activity_text, synergy_text in rows:
        activity = Activity.objects.get(narrative=activity_text)
        assert activity.biennium == 2014
        assert list(activity.synergies.values_list("description", flat=True)) == [
            synergy_text
        ]
    assert Activity.objects.filter(biennium=2014).count() == len(rows)
    assert Synergy.objects.filter(activity__biennium=2014).count() == len(rows)


def test_no_fixture_record_is_orphaned(loaded):
    # The 2014 report names no decision, so only activities of a seed that names
    # decisions must point to one.
    without_mandate = Activity.objects.filter(decisions=None)
    if not decision_symbols(quarterly_text()):
        without_mandate = without_mandate.exclude(
            narrative__in=[row[0] for row in quarterly_rows()]
        )

    assert not Organization.objects.filter(partnerships=None, meetings=None).exists()
    assert not Document.objects.filter(meeting=None, references=None).exists()
    assert not Activity.objects.filter(conventions=None).exists()
    assert not Activity.objects.filter(secretariats=None).exists()
    assert not without_mandate.exists()
    assert not DecisionParagraph.objects.filter(activities=None).exists()


def test_loading_the_fixtures_twice_duplicates_nothing(loaded):
    models = fixture_models()
    before = {model: model.objects.count() for model in models}

    load_fixtures()

    assert {model: model.objects.count() for model in models} == before
    assert all(before.values())


def test_every_loaded_record_passes_full_clean(loaded):
    checked = 0
    for model in fixture_models():
        for record in model.objects.all():
            record.full_clean()
            checked += 1

    assert checked


def test_iati_export_of_the_seed_data_validates_against_the_schema(loaded, client):
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))
    response = client.get("/api/iati/activities.xml")
    document = etree.fromstring(b"".join(response.streaming_content))
    schema.assertValid(document)
    published = Activity.objects.published().count()
    assert len(document.findall("iati-activity")) == published
    assert published


def test_informea_feed_of_the_seed_data_has_dates_codes_and_terms(loaded, client):
    decisions = client.get("/api/informea/decisions/", {"page_size": 200}).json()
    meetings = client.get("/api/informea/meetings/", {"page_size": 200}).json()
    with_meeting = set(
        Decision.objects.filter(meeting__isnull=False).values_list("pk", flat=True)
    )
    assert len(with_meeting) == sum(
        1 for item in decisions["results"] if item["published"]
    )
    recorded = Meeting.objects.exclude(country="").count()
    assert recorded == sum(1 for item in meetings["results"] if item["country"])
    assert all(
        item["country"] is None or re.fullmatch("[A-Z]{2}", item["country"])
        for item in meetings["results"]
    )
    assert any(item["keywords"] for item in decisions["results"])
