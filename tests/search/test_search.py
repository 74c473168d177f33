"""The portal-wide search: ranking, snippets, facets and the query syntax, the same
on SQLite (FTS5) and PostgreSQL (websearch_to_tsquery)."""

import pytest
from django.urls import reverse

from activities.search import Filters, parse, search
from tests import factories

pytestmark = pytest.mark.django_db


def kinds_and_keys(results):
    return [(hit.kind, hit.record.pk) for hit in results.hits]


def test_an_exact_title_match_ranks_above_a_narrative_mention(records):
    results = search("dental amalgam", Filters())
    keys = kinds_and_keys(results)
    assert keys.index(("activity", records["exact"].pk)) < keys.index(
        ("activity", records["mention"].pk)
    )
    assert results.hits[0].record == records["exact"]


def test_a_decision_is_found_first_by_its_symbol(records):
    for typed in ("BC-17/22", "bc 17/22", "BC17/22"):
        results = search(typed, Filters())
        assert results.hits[0].record == records["decision"], typed


def test_a_document_is_found_first_by_its_symbol(records):
    results = search("UNEP/CHW.17/INF/54", Filters())
    assert results.hits[0].record == records["document"]


def test_search_covers_every_kind_of_record_and_never_drafts(records):
    results = search("mercury", Filters())
    kinds = {hit.kind for hit in results.hits}
    assert kinds == {"decision", "meeting", "document", "organization"}
    assert not any("secret" in hit.title for hit in search("amalgam", Filters()).hits)


def test_phrase_or_and_minus_follow_websearch_syntax(records):
    phrase = set(kinds_and_keys(search('"mercury waste"', Filters())))
    assert ("decision", records["decision"].pk) in phrase
    assert ("organization", records["organization"].pk) not in phrase
    either = search("thresholds OR separators", Filters())
    assert {(h.kind, h.record.pk) for h in either.hits} == {
        ("meeting", records["meeting"].pk),
        ("activity", records["mention"].pk),
    }
    minus = search("amalgam -workshops", Filters())
    assert ("activity", records["mention"].pk) not in kinds_and_keys(minus)
    assert ("activity", records["exact"].pk) in kinds_and_keys(minus)
    only_minus = search("-mercury", Filters(kind="activity"))
    assert only_minus.total == 2


def test_whole_words_match_in_any_form_but_not_prefixes(records):
    assert search("workshop", Filters()).total == 1  # stemmed: workshops
    assert search("merc", Filters()).total == 0


def test_snippets_highlight_the_words_and_escape_the_text(records):
    factories.ActivityFactory(
        title="Tagged", narrative="<script>alert(1)</script> about separators"
    )
    results = search("separators", Filters())
    snippets = {hit.record.title: str(hit.snippet) for hit in results.hits}
    assert "<mark>separators</mark>" in snippets["Tagged"]
    # Escaped (SQLite) or dropped as a tag by ts_headline (PostgreSQL), never markup.
    assert "<script>" not in snippets["Tagged"]
    assert "alert(1)" in snippets["Tagged"]


def test_facets_count_kinds_conventions_bienniums_and_themes(records):
    results = search("amalgam", Filters())
    facets = {facet.name: facet.options for facet in results.facets}
    assert ("activity", "Activities", 2) in facets["kind"]
    assert ("decision", "Decisions", 1) in facets["kind"]
    assert {v: n for v, _label, n in facets["convention"]} == {"BC": 1, "MC": 2}
    assert ("2024–2025", "2024–2025", 1) in facets["biennium"]
    assert ("outreach", "Outreach", 1) in facets["thematic_area"]
    narrowed = search("amalgam", Filters(biennium=2022))
    assert kinds_and_keys(narrowed) == [("activity", records["mention"].pk)]


@pytest.mark.parametrize(
    "text",
    ['"unclosed phrase', "OR", "-", '""', "a OR OR b", "(((", "*", "NEAR(a b)", "the"],
)
def test_malformed_query_syntax_never_fails(client, records, text):
    response = client.get(reverse("search"), {"q": text})
    assert response.status_code == 200
    search(text, Filters())  # no exception


def test_parse_reads_websearch_syntax():
    query = parse('mercury OR waste "e-waste" -amalgam -"dental clinics"')
    assert query.clauses == [[["mercury"], ["waste"]], [["e", "waste"]]]
    assert query.negated == [["amalgam"], ["dental", "clinics"]]


def test_search_page_shows_ranked_hits_snippets_and_facet_links(client, records):
    response = client.get(reverse("search"), {"q": "dental amalgam"})
    page = response.content.decode()
    assert page.index("Dental amalgam phase-down") < page.index("Regional workshops")
    assert "<mark>" in page
    assert "kind=activity" in page
    filtered = client.get(reverse("search"), {"q": "amalgam", "kind": "decision"})
    assert "Regional workshops" not in filtered.content.decode()


def test_search_page_reports_an_invalid_facet_value(client, records):
    response = client.get(reverse("search"), {"q": "amalgam", "biennium": "soon"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_activity_list_keywords_use_the_same_syntax(client, records):
    page = client.get(reverse("activities:list"), {"q": "amalgam -workshops"})
    text = page.content.decode()
    assert "Dental amalgam phase-down" in text
    assert "Regional workshops" not in text


def test_postgresql_term_indexes_match_the_search_expressions():
    from importlib import import_module

    from activities.search import TERMS_SQL, terms_sql

    migration = import_module(
        "activities.migrations.0013_unaccented_search_configurations"
    )
    assert {
        table: terms_sql(kind, qualified=False)
        for kind, (table, _columns) in TERMS_SQL.items()
    } == migration.EXPRESSIONS
