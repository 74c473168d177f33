"""Real excerpts of BRS and Minamata documents (fixtures/import/, each with its
source address in sources.json): what the import places and what it does not, as
the README's table says, with no paragraph silently dropped."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.importing import propose_file
from reports.importing.layout import read_layout

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
EXCERPTS = FIXTURES / "import"
SOURCES = json.loads((EXCERPTS / "sources.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    call_command(
        "loaddata",
        str(FIXTURES / "10_conventions.json"),
        # Thematic areas name the InforMEA terms they map to.
        str(FIXTURES / "15_informea_terms.json"),
        str(FIXTURES / "50_thematic_areas.json"),
        verbosity=0,
    )


def test_at_least_eight_excerpts_of_different_ages_each_with_its_source():
    assert len(SOURCES) >= 8
    assert len({name[:4] for name in SOURCES}) >= 8
    for name, source in SOURCES.items():
        assert (EXCERPTS / name).is_file()
        assert source["source"].startswith("http")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_an_excerpt_gives_the_counts_of_the_readme_table(portal, name):
    expected = SOURCES[name]
    data = (EXCERPTS / name).read_bytes()
    source, plan = propose_file(name, data, **expected["options"])
    counts = plan.counts()
    assert {key: counts[key] for key in ("placed", "not_placed", "kept")} == {
        key: expected[key] for key in ("placed", "not_placed", "kept")
    }
    assert counts["not_linked"] == expected["not_linked"]
    # Every paragraph and row read is proposed, kept or listed as not placed.
    layout = read_layout(source.text)
    read = layout.paragraph_count + layout.row_count
    left_out = sum(not item.link for item in plan.unplaced)
    assert len(plan.proposals) + len(plan.kept) + left_out == read == expected["read"]
    assert all(item.reason for item in plan.not_placed())
