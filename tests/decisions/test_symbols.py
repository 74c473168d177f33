"""Property-based tests of the one symbol grammar (decisions.symbols): what it reads,
what it writes, that the two agree, and that no two decisions share a canonical form."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from decisions.symbols import (
    BODY_CONVENTIONS,
    CONVENTION_CODES,
    COP,
    DecisionSymbol,
    canonical,
    decision_candidates,
    find_decision_symbols,
    find_document_symbols,
    from_roman,
    normalise,
    parse_decision_symbol,
    parse_document_citation,
    parse_document_symbol,
    roman,
)

# Hyphen look-alikes staff paste from Word and PDF files, and no dash at all.
DASHES = ["-", "\u2011", "\u2013", ""]
SPACES = st.text(alphabet=" \t\n\u00a0", max_size=3)
NO_DB = settings(database=None, max_examples=300, deadline=None)
REFUSALS = {"invalid_symbol", "ambiguous_symbol", "convention_mismatch"}


@st.composite
def decisions(draw: st.DrawFn) -> DecisionSymbol:
    """Any decision the grammar can name: every body of every convention."""
    body = draw(st.sampled_from(list(BODY_CONVENTIONS)))
    code = draw(st.sampled_from(BODY_CONVENTIONS[body]))
    extraordinary = body == COP and draw(st.booleans())
    return DecisionSymbol(
        code, draw(st.integers(1, 999)), draw(st.integers(1, 999)), body, extraordinary
    )


def needs_convention(symbol: DecisionSymbol) -> str | None:
    """The convention to choose beside the official form, when it names none."""
    official = str(symbol)
    return None if official.startswith(symbol.code) else symbol.code


@NO_DB
@given(decisions())
def test_official_form_slug_and_canonical_form_parse_back_to_the_decision(symbol):
    convention = needs_convention(symbol)
    assert parse_decision_symbol(str(symbol), convention) == symbol
    assert parse_decision_symbol(symbol.slug) == symbol
    assert parse_decision_symbol(symbol.key) == symbol


@NO_DB
@given(decisions(), st.sampled_from(DASHES), st.booleans(), st.booleans(), SPACES)
def test_any_spelling_of_a_decision_parses_to_it(symbol, dash, lower, stop, space):
    text = str(symbol).replace("-", dash) if symbol.body == COP else str(symbol)
    text = text.lower() if lower else text
    text = space + ("decision " if stop else "") + text + ("." if stop else "")
    try:
        parsed = parse_decision_symbol(text, needs_convention(symbol))
    except ValidationError:
        # Only dropping the dash of a form without a code can make it unreadable.
        assume(False)
    assert parsed == symbol


@NO_DB
@given(decisions(), decisions())
def test_no_two_different_decisions_share_a_canonical_form(a, b):
    assume(a != b)
    assert a.key != b.key
    assert a.slug != b.slug
    # Nor are they shown alike, for a reader who also sees the convention.
    assert (a.code, str(a)) != (b.code, str(b))


@NO_DB
@given(decisions())
def test_a_decision_found_in_running_text_is_the_decision(symbol):
    text = f"As requested in decision {symbol}, the secretariats reported."
    found = list(find_decision_symbols(text, symbol.code))
    assert [f.symbol for f in found] == [symbol]
    assert text[found[0].start : found[0].end] == str(symbol)


@NO_DB
@given(st.one_of(st.text(max_size=60), st.binary().map(repr)))
@example("BC-0/22")
@example("XX-17/22")
@example("BC-17")
@example("BC/17/22")
@example("BC-17/22/1")
@example("BC-1234/1")
@example("B C-17/22")
@example("BC-17/22.." + " " * 50)
@example("VII/26")
@example("OEWG.Ex-1/1")
@example("\x00")
@example("")
def test_arbitrary_text_parses_or_is_refused_with_the_accepted_forms(text):
    try:
        parts = parse_decision_symbol(text)
    except ValidationError as error:
        failure = error
    else:
        assert parts.code in CONVENTION_CODES
        assert 1 <= parts.meeting_number <= 999
        assert 1 <= parts.number <= 999
        return
    assert failure.code in REFUSALS
    assert "BC-17/22" in failure.messages[0]
    assert "BC.Ex-1/1" in failure.messages[0]


@NO_DB
@given(st.integers(1, 3999))
def test_roman_numerals_round_trip(value):
    assert from_roman(roman(value)) == value


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("RC11/8", None, ("RC", 11, 8)),
        ("RC\u201112/9", None, ("RC", 12, 9)),
        (" SC-12/23. ", None, ("SC", 12, 23)),
        ("mc-5/10", None, ("MC", 5, 10)),
        ("bc-17-22", None, ("BC", 17, 22)),
        ("decision IX/10", "BC", ("BC", 9, 10)),
        ("BC-7/26", None, ("BC", 7, 26)),
        ("BC.Ex-1/1", None, ("BC", 1, 1, COP, True)),
        ("OEWG-VII/8", None, ("BC", 7, 8, "OEWG")),
        ("POPRC-8/1", None, ("SC", 8, 1, "POPRC")),
        ("INC-7/6", "RC", ("RC", 7, 6, "INC")),
    ],
)
def test_examples_staff_type_parse(text, convention, expected):
    assert parse_decision_symbol(text, convention) == DecisionSymbol(*expected)


@pytest.mark.parametrize(
    ("parts", "official"),
    [
        (("BC", 7, 26), "VII/26"),
        (("BC", 10, 1), "BC-10/1"),
        (("BC", 1, 1, COP, True), "BC.Ex-1/1"),
        (("BC", 7, 8, "OEWG"), "OEWG-VII/8"),
        (("BC", 8, 1, "OEWG"), "OEWG-8/1"),
        (("RC", 4, 11), "RC-4/11"),
    ],
)
def test_each_decision_is_shown_as_it_was_issued(parts, official):
    assert str(DecisionSymbol(*parts)) == official


def test_a_roman_numeral_without_a_convention_asks_for_it():
    with pytest.raises(ValidationError) as info:
        parse_decision_symbol("VII/26")
    assert info.value.code == "ambiguous_symbol"
    assert "Which convention?" in info.value.messages[0]


def test_a_search_for_a_form_without_convention_finds_each_possible_decision():
    found = decision_candidates("INC-7/6")
    assert {s.code for s in found} == {"RC", "SC", "MC"}


def test_a_symbol_of_another_convention_than_the_one_chosen_is_refused():
    with pytest.raises(ValidationError) as info:
        parse_decision_symbol("MC-5/10", "BC")
    assert "names the Minamata Convention" in info.value.messages[0]


@pytest.mark.parametrize("value", [None, 17, ["BC-17/22"], "BC-17/22" + " " * 40])
def test_non_text_or_overlong_input_is_rejected_with_the_message(value):
    with pytest.raises(ValidationError, match="BC-17/22"):
        parse_decision_symbol(value)


def test_normalise_folds_dashes_and_drops_the_full_stop():
    assert normalise("\u00a0RC\u201312/9.\u00a0") == "RC-12/9"


# --- document symbols ------------------------------------------------------------

SERIES = st.sampled_from(
    [
        "UNEP/CHW.17",
        "UNEP/FAO/RC/COP.12",
        "UNEP/POPS/COP.11",
        "UNEP/MC/COP.5",
        "UNEP(DTIE)/Hg/INC.7",
        "UNEP/CHW/OEWG/12",
        "UNEP/POPS/POPRC.19",
        "UNEP/FAO/CHW/RC/POPS/EXCOPS.1",
    ]
)
TAILS = st.lists(
    st.sampled_from(["Add.1", "Add.2", "Rev.1", "Corr.1", "Amend.1"]), max_size=2
)


@st.composite
def document_symbols(draw: st.DrawFn) -> str:
    parts = [draw(SERIES)]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["INF", "CRP.5"])))
    parts.append(str(draw(st.integers(1, 99))))
    parts.extend(draw(TAILS))
    return "/".join(parts)


@NO_DB
@given(document_symbols(), st.booleans(), st.booleans())
def test_a_document_symbol_in_any_case_reads_as_its_canonical_form(symbol, lower, stop):
    typed = symbol.lower() if lower else symbol.upper()
    assert parse_document_symbol(typed + ("." if stop else "")) == symbol
    assert canonical(symbol) == symbol


@NO_DB
@given(st.lists(document_symbols(), min_size=2, max_size=3, unique=True))
def test_a_joint_symbol_reads_as_one_document_with_its_parts_in_order(symbols):
    for joiner in ("\u2013", "-", " \u2013 ", " - "):
        citation = parse_document_citation(joiner.join(symbols))
        assert citation.symbols == tuple(symbols)
        assert not citation.is_range


@NO_DB
@given(st.lists(document_symbols(), min_size=1, max_size=3, unique=True))
def test_documents_found_in_running_text_are_the_documents_cited(symbols):
    text = "See " + "\u2013".join(symbols) + ". Also UNEP/GEF GCMP and www.x.org."
    found = list(find_document_symbols(text))
    assert [f.citation.symbols for f in found] == [tuple(symbols)]


@NO_DB
@given(st.text(max_size=80))
def test_arbitrary_text_is_a_citation_or_refused_with_the_accepted_forms(text):
    try:
        citation = parse_document_citation(text)
    except ValidationError as error:
        failure = error
    else:
        assert citation.symbols
        return
    assert "UNEP/CHW.17/INF/54" in failure.messages[0]


def test_a_range_stands_for_each_document_and_a_reversed_one_is_refused():
    assert parse_document_citation("UNEP/CHW.17/INF/2\u20134").symbols == (
        "UNEP/CHW.17/INF/2",
        "UNEP/CHW.17/INF/3",
        "UNEP/CHW.17/INF/4",
    )
    with pytest.raises(ValidationError, match="not a range"):
        parse_document_citation("UNEP/CHW.17/INF/4-2")
