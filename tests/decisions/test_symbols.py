"""Property-based tests of the decision symbol parser."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from decisions.symbols import (
    CONVENTION_CODES,
    DecisionSymbol,
    normalise,
    parse_decision_symbol,
)

# Hyphen look-alikes staff paste from Word and PDF files, and no dash at all.
DASHES = ["-", "\u2011", "\u2013", ""]
SPACES = st.text(alphabet=" \t\n\u00a0", max_size=3)
NO_DB = settings(database=None, max_examples=300, deadline=None)


@st.composite
def typed_symbols(draw: st.DrawFn) -> tuple[str, DecisionSymbol]:
    """A valid symbol as someone might type it, with the parts it stands for."""
    parts = DecisionSymbol(
        draw(st.sampled_from(CONVENTION_CODES)),
        draw(st.integers(1, 999)),
        draw(st.integers(1, 999)),
    )
    code = draw(st.sampled_from([parts.code, parts.code.lower()]))
    dash = draw(st.sampled_from(DASHES))
    stop = draw(st.sampled_from(["", "."]))
    text = f"{code}{dash}{parts.meeting_number}/{parts.number}{stop}"
    return draw(SPACES) + text + draw(SPACES), parts


@NO_DB
@given(typed_symbols())
def test_any_valid_symbol_as_typed_parses_back_to_its_parts(case):
    text, parts = case
    assert parse_decision_symbol(text) == parts


@NO_DB
@given(typed_symbols())
def test_a_parsed_symbol_prints_in_canonical_form_and_parses_to_itself(case):
    text, parts = case
    canonical = str(parse_decision_symbol(text))
    assert canonical == f"{parts.code}-{parts.meeting_number}/{parts.number}"
    assert parse_decision_symbol(canonical) == parts


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
@example("\x00")
@example("")
def test_arbitrary_text_parses_or_raises_validation_error_naming_an_example(text):
    try:
        parts = parse_decision_symbol(text)
    except ValidationError as error:
        failure = error
    else:
        assert parts.code in CONVENTION_CODES
        assert parts.meeting_number >= 1
        assert parts.number >= 1
        return
    assert "BC-17/22" in failure.messages[0]
    assert failure.code == "invalid_symbol"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RC11/8", ("RC", 11, 8)),
        ("RC\u201112/9", ("RC", 12, 9)),
        (" SC-12/23. ", ("SC", 12, 23)),
        ("BC-17/22", ("BC", 17, 22)),
        ("mc-5/10", ("MC", 5, 10)),
        ("bc-17-22", ("BC", 17, 22)),
    ],
)
def test_examples_staff_type_parse(text, expected):
    assert parse_decision_symbol(text) == DecisionSymbol(*expected)


@pytest.mark.parametrize("value", [None, 17, ["BC-17/22"], "BC-17/22" + " " * 40])
def test_non_text_or_overlong_input_is_rejected_with_the_message(value):
    with pytest.raises(ValidationError, match="BC-17/22"):
        parse_decision_symbol(value)


def test_normalise_folds_dashes_and_drops_the_full_stop():
    assert normalise("\u00a0RC\u201312/9.\u00a0") == "RC-12/9"


def test_slug_is_lower_case_with_hyphens():
    assert DecisionSymbol("BC", 17, 22).slug == "bc-17-22"
