"""The malformed values of the bad-input suite, by family, and the cases made of them.

A case puts bad values into one place (a form field, an inline row, a JSON key, a query
parameter, a spreadsheet cell) of an otherwise valid request. ``REJECT`` cases must be
refused with a message and change nothing; ``ANY`` cases are odd but legitimate values
(emoji, right-to-left text, markup typed as text) that may be stored as they are or
refused, never answered with a server error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REJECT, ANY = "reject", "any"
HUGE = 10_001

# Text that is odd but may be stored: it must round-trip or be refused, never crash.
ODD_TEXT = [
    ("emoji", "Webinar \U0001f30d\U0001f9ea\U0001f468\u200d\U0001f469\u200d\U0001f467"),
    ("rtl-override", "\u202eevil.exe\u202c title"),
    ("zero-width", "Mer\u200bcury\u200d\u200c\ufeff"),
    ("combining", "Me\u0301rcu\u0308ry\u0336\u0336\u0336"),
    ("nfkc-lookalike", "\uff22\uff23\uff0d\uff11\uff17\uff0f\uff12\uff12 \u2126"),
    ("sql", "'; DROP TABLE activities_activity; --"),
    ("html", "<script>alert(1)</script>"),
    (
        "arabic",
        "\u0627\u0644\u0632\u0626\u0628\u0642 "
        "\u0645\u064a\u0646\u0627\u0645\u0627\u062a\u0627",
    ),
]
NUL_TEXT = ("nul", "before\x00after")


def text_values(
    max_length: int | None, required: bool, odd: bool = False
) -> list[tuple[str, Any, str]]:
    """Values for a text field: too long, empty, NUL, and (``odd``) the odd-but-valid
    ones, which are tried on one text field per form to keep the suite fast."""
    values: list[tuple[str, Any, str]] = [(NUL_TEXT[0], NUL_TEXT[1], REJECT)]
    if max_length is not None:
        values.append(("one-too-long", "x" * (max_length + 1), REJECT))
        if odd:
            values.append(("10k-emoji", "\U0001f600" * HUGE, REJECT))
    else:
        values.append(("10k", "x" * HUGE, ANY))
    if required:
        values += [("empty", "", REJECT), ("whitespace", " \t\n\u00a0 ", REJECT)]
    else:
        values.append(("whitespace", " \t\n ", ANY))
    if odd:
        short = max_length or 300
        values += [(label, text[:short], ANY) for label, text in ODD_TEXT]
    return values


SLUG_VALUES = [
    ("dot-dot-slash", "../../etc/passwd", REJECT),
    ("spaces", "has spaces", REJECT),
    ("unicode", "m\u00e9rcure-\U0001f30d", REJECT),
    ("empty", "", REJECT),
    ("nul", "slug\x00", REJECT),
    ("10k", "a" * HUGE, REJECT),
]


def int_values(minimum: int | None, required: bool) -> list[tuple[str, Any, str]]:
    values = [
        ("letters", "abc", REJECT),
        ("decimal", "1.5", REJECT),
        ("20-digits", "99999999999999999999", REJECT),
    ]
    if minimum is not None and minimum >= 0:
        values.append(("negative", "-1", REJECT))
    if required:
        values.append(("whitespace", "  ", REJECT))
    return values


# Integer spellings that are not integers, tried on one field per form.
MORE_INTS = [
    ("smallint-overflow", "40000", ANY),  # SQLite has no smallint column
    ("exponent", "1e3", REJECT),
    ("hex", "0x10", REJECT),
    ("nan", "NaN", REJECT),
    ("infinity", "Infinity", REJECT),
    ("sql", "1; DROP TABLE x", REJECT),
    ("fullwidth-digits", "\uff11\uff12", ANY),
]


MONEY_VALUES = [
    ("negative", "-1", REJECT),
    ("huge-1e20", "1e20", REJECT),
    ("nan", "NaN", REJECT),
    ("snan", "sNaN", REJECT),
    ("infinity", "Infinity", REJECT),
    ("12-digits-3-decimals", "123456789012.345", REJECT),
    ("13-digits", "1234567890123", REJECT),
    ("letters", "ten", REJECT),
    ("three-decimals", "0.001", REJECT),
]

DATE_VALUES = [
    ("feb-30", "2025-02-30", REJECT),
    ("zeros", "0000-00-00", REJECT),
    ("five-digit-year", "99999-01-01", REJECT),
    ("month-13", "2025-13-01", REJECT),
    ("nul", "2025-01-01\x00", REJECT),
    ("10k", "2" * HUGE, REJECT),
]

CHOICE_VALUES = [
    ("unknown", "nonsense", REJECT),
    ("cyrillic-lookalike", "\u0440ublished", REJECT),
    ("nul", "draft\x00", REJECT),
]

BIENNIUM_VALUES = [
    ("odd-year", "2025", REJECT),
    ("three-years", "2024-2026", REJECT),
    ("last-century", "1999-2000", REJECT),
    ("too-late", "2100", REJECT),
    ("letters", "abc", REJECT),
    ("empty", "", REJECT),
]

FK_VALUES = [
    ("unknown-id", "999999", REJECT),
    ("letters", "abc", REJECT),
    ("negative", "-1", REJECT),
    ("20-digits", "99999999999999999999", REJECT),
]

M2M_VALUES = [
    ("unknown-id", ["999999"], REJECT),
    ("letters", ["abc"], REJECT),
    ("known-and-unknown", ["1", "999999"], REJECT),
]

URL_VALUES = [
    ("javascript", "javascript:alert(1)", REJECT),
    ("no-scheme", "not a url", REJECT),
    ("overlong", "https://example.org/" + "a" * 600, REJECT),
    ("nul", "https://example.org/\x00", REJECT),
]

DOCUMENT_SYMBOL_VALUES = [
    # Issue 14: read in any case and stored as UNEP/CHW.17/INF/54.
    ("lower-case", "unep/chw.17/inf/54", ANY),
    ("spaces", "UNEP / CHW.17", REJECT),
    ("dot-dot-slash", "../UNEP/CHW", REJECT),
    ("no-slash", "UNEPCHW17", REJECT),
    ("trailing-slash", "UNEP/CHW.17/", REJECT),
    ("html", "UNEP/<script>", REJECT),
    ("nul", "UNEP/CHW\x00", REJECT),
    ("empty", "", REJECT),
    ("overlong", "UNEP/" + "A" * 200, REJECT),
]

DECISION_SYMBOLS = [
    ("meeting-zero", "BC-0/1"),
    ("unknown-convention", "XX-17/22"),
    ("double-slash", "BC-17//22"),
    ("en-dash-three-parts", "BC\u201317/22/3"),
    ("four-digits", "BC-1700/22"),
    # Issue 14: BC-XVII/22 is read (Roman session numbers); this one is no numeral.
    ("letters", "BC-XVIIII/22"),
    ("symbol-sql", "BC-17/22' OR '1'='1"),
    ("symbol-nul", "BC-17/\x0022"),
]


DECISION_SYMBOL_VALUES = [
    *[(label, symbol, REJECT) for label, symbol in DECISION_SYMBOLS],
    ("empty", "", REJECT),
    ("overlong", "BC-17/22" + "2" * 100, REJECT),
    ("document-symbol", "UNEP/CHW.17/INF/54", REJECT),
    ("percent", "50%/1", REJECT),
]


@dataclass(frozen=True)
class Case:
    """Bad values for one place of one request, and what must happen."""

    surface: str
    label: str
    changes: dict[str, Any] = field(hash=False)
    expect: str = REJECT

    @property
    def id(self) -> str:
        return f"{self.surface}:{self.label}"


def field_cases(
    surface: str, name: str, values: list[tuple[str, Any, str]]
) -> list[Case]:
    return [
        Case(surface, f"{name}={label}", {name: value}, expect)
        for label, value, expect in values
    ]


def spec_values(kind: str, *args: Any) -> list[tuple[str, Any, str]]:
    """The values for a field described as (kind, args...)."""
    if kind == "text":
        return text_values(*args)
    if kind == "int":
        return int_values(*args[:2]) + (MORE_INTS if args[2:] else [])
    table = {
        "slug": SLUG_VALUES,
        "money": MONEY_VALUES,
        "date": DATE_VALUES,
        "choice": CHOICE_VALUES,
        "biennium": BIENNIUM_VALUES,
        "fk": FK_VALUES,
        "m2m": M2M_VALUES,
        "url": URL_VALUES,
        "document-symbol": DOCUMENT_SYMBOL_VALUES,
        "decision-symbol": DECISION_SYMBOL_VALUES,
    }
    return table[kind]


def cases_for(surface: str, specs: dict[str, tuple]) -> list[Case]:
    """Every value of its family for every field in ``specs``."""
    cases = []
    for name, (kind, *args) in specs.items():
        cases += field_cases(surface, name, spec_values(kind, *args))
    return cases
