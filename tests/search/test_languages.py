"""Search in every language: accent- and case-insensitive on SQLite (FTS5's
unicode61 tokenizer, remove_diacritics 2) and PostgreSQL (unaccent in the brs_*
text search configurations), the same query finding the same records."""

import pytest
from django.db import connection

from activities.models.activities import SEARCH_CONFIGS
from activities.search import Filters, search
from tests import factories

pytestmark = pytest.mark.django_db


def titles(text: str) -> set[str]:
    return {hit.title for hit in search(text, Filters()).hits}


def test_search_finds_coopération_for_cooperation_in_capitals():
    factories.ActivityFactory(title="Coopération régionale", narrative="Ateliers.")
    assert titles("COOPERATION") == {"Coopération régionale"}
    assert titles("cooperation") == {"Coopération régionale"}


def test_search_finds_plain_text_for_an_accented_query_in_capitals():
    factories.ActivityFactory(title="Regional work", narrative="Cooperation in Asia.")
    assert titles("COOPÉRATION") == {"Regional work"}
    assert titles('"coopération in asia"') == {"Regional work"}


def test_search_highlights_the_accented_word_it_matched():
    factories.ActivityFactory(title="Atelier", narrative="La coopération régionale.")
    hit = search("cooperation", Filters()).hits[0]
    assert "<mark>coopération</mark>" in str(hit.snippet)


def test_search_finds_arabic_and_chinese_words():
    factories.ActivityFactory(title="إدارة النفايات الخطرة", narrative="")
    factories.ActivityFactory(title="汞 废物 管理", narrative="")
    assert titles("النفايات") == {"إدارة النفايات الخطرة"}
    assert titles("废物") == {"汞 废物 管理"}


def test_every_un_language_has_a_postgresql_configuration():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search configurations")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'brs_%%'")
        names = {name for (name,) in cursor.fetchall()}
        assert set(SEARCH_CONFIGS.values()) <= names
        cursor.execute("SELECT to_tsvector('brs_fr', 'COOPÉRATION Coopérations')")
        (vector,) = cursor.fetchone()
    assert vector == "'cooper':1,2"
