"""Decision symbols as the secretariats cite them, read, written and found in text.

A decision is what it is: the convention, the body that adopted it (the conference of
the Parties, ordinary or extraordinary, or a subsidiary body), the session and the
decision number. How it is *cited* follows from that and from when it was issued:

- Basel COP 1–9 (1992–2008): ``VII/26``, cited "decision VII/26";
- Basel COP from 10 (2011), and every Rotterdam, Stockholm, Minamata COP:
  ``BC-10/1``, ``RC-1/6``, ``SC-4/34``, ``MC-5/10``;
- the simultaneous extraordinary COPs (2010, 2013): ``BC.Ex-1/1``, ``RC.Ex-2/1``;
- the Basel Open-ended Working Group: ``OEWG-VII/8`` (sessions 1–7), ``OEWG-8/1``;
- the Stockholm POPs Review Committee ``POPRC-8/1``, the Rotterdam Chemical Review
  Committee ``CRC-10/4``, the negotiating committees ``INC-7/6``.

Every spelling of one decision parses to the same ``DecisionSymbol`` (its canonical
form, ``key``); ``str()`` gives the official form, ``slug`` the address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONVENTION_CODES = ("BC", "RC", "SC", "MC")
CONVENTION_NAMES = {
    "BC": _("Basel"),
    "RC": _("Rotterdam"),
    "SC": _("Stockholm"),
    "MC": _("Minamata"),
}
COP, OEWG, POPRC, CRC, INC = "COP", "OEWG", "POPRC", "CRC", "INC"
BODIES = (COP, OEWG, POPRC, CRC, INC)
BODY_NAMES = {
    COP: _("Conference of the Parties"),
    OEWG: _("Open-ended Working Group"),
    POPRC: _("Persistent Organic Pollutants Review Committee"),
    CRC: _("Chemical Review Committee"),
    INC: _("Intergovernmental Negotiating Committee"),
}
# The conventions whose body adopted decisions under that name.
BODY_CONVENTIONS = {
    COP: CONVENTION_CODES,
    OEWG: ("BC",),
    POPRC: ("SC",),
    CRC: ("RC",),
    INC: ("RC", "SC", "MC"),
}
PREFIXED, ROMAN = "prefixed", "roman"
# Sessions whose decisions were issued with Roman numerals (up to and including).
ROMAN_UNTIL = {("BC", COP): 9, ("BC", OEWG): 7}
MAX_NUMBER = 999

# Hyphen look-alikes people paste from Word and PDFs: hyphen, non-breaking hyphen,
# figure dash, en and em dashes, horizontal bar, minus sign, soft hyphen.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"
_DASH_TABLE = str.maketrans(dict.fromkeys(DASHES, "-") | {"\u00a0": " "})
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_SEP = r"\s*[-.:\s]?\s*"
_FORM = (
    r"(?:(?P<code>BC|RC|SC|MC)(?![A-Z])" + _SEP + r")?"
    r"(?:(?P<ex>EX)(?![A-Z])" + _SEP + r")?"
    r"(?:(?P<body>COP|OEWG|POPRC|CRC|INC)(?![A-Z])" + _SEP + r")?"
    r"(?:(?P<ex2>EX)(?![A-Z])" + _SEP + r")?"
    r"(?P<session>\d{1,4}|[IVXLC]{1,9})\s*/\s*(?P<number>\d{1,4})"
)
_TYPED = re.compile(rf"^(?:DECISIONS?\s+)?{_FORM}$", re.IGNORECASE)
_SLUG = re.compile(
    r"^(?P<code>bc|rc|sc|mc)(?:-(?P<ex>ex))?(?:-(?P<body>oewg|poprc|crc|inc))?"
    r"-(?P<session>\d{1,3})-(?P<number>\d{1,3})$"
)

ACCEPTED_FORMS = _(
    "Accepted forms, with an example of each: BC-17/22, RC-11/8, SC-12/23, MC-5/10 "
    "(conferences of the Parties; RC11/8 or rc-11/8 are read too); BC.Ex-1/1, "
    "RC.Ex-2/1 (extraordinary meetings); decision VII/26 or IX/10 (Basel decisions "
    "before 2011, with the convention chosen); OEWG-8/1, OEWG-VII/8 (Basel "
    "Open-ended Working Group); POPRC-8/1; CRC-10/4; INC-7/6."
)
INVALID_SYMBOL_MESSAGE = _("“%(text)s” is not a decision symbol. %(forms)s")


def invalid(text: object, reason: str = "", code: str = "invalid_symbol"):
    """The error for text that is no decision symbol: what is wrong, then the forms."""
    shown = str(text)[:40] if isinstance(text, str) else type(text).__name__
    message = INVALID_SYMBOL_MESSAGE % {"text": shown, "forms": ACCEPTED_FORMS}
    if reason:
        message = f"{reason} {message}"
    # The text typed may hold "%": it goes in as a parameter, never as a format.
    return ValidationError("%(message)s", code=code, params={"message": message})


def roman(value: int) -> str:
    """The Roman numeral of 1–3999."""
    out = []
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, number)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """The value of a well-formed Roman numeral, or None."""
    text = text.upper()
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    for i, letter in enumerate(text):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


class DecisionSymbol(NamedTuple):
    """What a decision is; two spellings of one decision give equal tuples."""

    code: str
    meeting_number: int
    number: int
    body: str = COP
    extraordinary: bool = False

    @property
    def style(self) -> str:
        """The citation style in which the decision was issued."""
        until = ROMAN_UNTIL.get((self.code, self.body))
        session = self.meeting_number
        # A record being filled in may lack its session yet (an import row).
        if until and not self.extraordinary and session and session <= until:
            return ROMAN
        return PREFIXED

    @property
    def session(self) -> str:
        """The session as cited: 17, VII, Ex-1."""
        if self.style == ROMAN:
            number = roman(self.meeting_number)
        else:
            number = str(self.meeting_number)
        return f"Ex-{number}" if self.extraordinary else number

    def __str__(self) -> str:
        """The official form: BC-17/22, VII/26, BC.Ex-1/1, OEWG-VII/8, POPRC-8/1."""
        tail = f"{self.session}/{self.number}"
        if self.body == COP:
            if self.extraordinary:
                return f"{self.code}.{tail}"
            return tail if self.style == ROMAN else f"{self.code}-{tail}"
        return f"{self.body}-{tail}"

    @property
    def cited(self) -> str:
        """As running text cites it: 'decision VII/26', 'decision BC-17/22'."""
        return f"decision {self}"

    @property
    def key(self) -> str:
        """The canonical form, one per decision: BC-7/26, BC.Ex-1/1, BC-OEWG-8/1."""
        ex = ".Ex" if self.extraordinary else ""
        body = "" if self.body == COP else f"-{self.body}"
        return f"{self.code}{ex}{body}-{self.meeting_number}/{self.number}"

    @property
    def slug(self) -> str:
        """The address: bc-17-22, bc-7-26, bc-ex-1-1, bc-oewg-8-1."""
        return self.key.lower().replace(".", "-").replace("/", "-")


def normalise(text: str) -> str:
    """Fold dashes to ASCII, drop a trailing full stop and surrounding spaces."""
    text = text.translate(_DASH_TABLE).strip()
    return re.sub(r"\s+", " ", text.removesuffix(".").strip())


def _session(text: str, original: str) -> int:
    if text.isdigit():
        return int(text)
    value = from_roman(text)
    if value is None:
        raise invalid(original, str(_("“%(s)s” is not a Roman numeral.") % {"s": text}))
    return value


def _convention(code: str | None, body: str, context: str | None, original: str) -> str:
    allowed = BODY_CONVENTIONS[body]
    context = context.upper() if context else None
    if code and context and code != context:
        raise invalid(
            original,
            str(
                _("The symbol names the %(a)s Convention, not the %(b)s Convention.")
                % {"a": CONVENTION_NAMES[code], "b": CONVENTION_NAMES.get(context, "")}
            ),
            code="convention_mismatch",
        )
    code = code or context or (allowed[0] if len(allowed) == 1 else None)
    if code is None:
        raise invalid(
            original,
            str(
                _(
                    "Which convention? Without its code (BC, RC, SC or MC) this "
                    "could be a decision of more than one convention; choose the "
                    "convention or type the code."
                )
            ),
            code="ambiguous_symbol",
        )
    if code not in allowed:
        raise invalid(
            original,
            str(
                _("The %(body)s that adopts decisions is not the %(c)s Convention's.")
                % {"body": BODY_NAMES[body], "c": CONVENTION_NAMES[code]}
            ),
        )
    return code


def parse_decision_symbol(
    text: object, convention: str | None = None
) -> DecisionSymbol:
    """What ``text`` cites (``RC11/8``, ``RC‑12/9.``, ``decision IX/10``, ``bc-17-22``),
    or a ValidationError that says what is wrong and lists the accepted forms.

    ``convention`` (a code) is the convention chosen beside the symbol: it decides
    forms that do not name one (``VII/26``) and must agree with those that do.
    """
    if not isinstance(text, str) or len(text) > 40:
        raise invalid(text)
    cleaned = normalise(text)
    match = _SLUG.match(cleaned)
    if match is None:
        match = _TYPED.match(cleaned)
        if match is None:
            raise invalid(text)
    return _from_match(match, convention, text)


def _from_match(match: re.Match, context: str | None, original: str) -> DecisionSymbol:
    parts = {k: (v.upper() if v else v) for k, v in match.groupdict().items()}
    code, ex = parts["code"], bool(parts["ex"] or parts.get("ex2"))
    body = parts["body"] or COP
    session = _session(parts["session"], original)
    number = int(parts["number"])
    if not code and not parts["body"] and not ex and not context:
        # "17/22" or "VII/26": nothing says which convention.
        code = None
    code = _convention(code, body, context, original)
    if not 1 <= session <= MAX_NUMBER or not 1 <= number <= MAX_NUMBER:
        raise invalid(
            original,
            str(
                _("Session and decision numbers run from 1 to %(n)s.")
                % {"n": MAX_NUMBER}
            ),
        )
    if ex and body != COP:
        raise invalid(
            original,
            str(_("Only conferences of the Parties met in extraordinary session.")),
        )
    return DecisionSymbol(code, session, number, body, ex)


# Finding symbols in running text ------------------------------------------------

# A symbol in text: with its convention code (BC-17/22, RC11/8, SC.Ex-1/1), or a
# subsidiary body's (OEWG-8/1, POPRC-8/1), or after the word "decision" (decision
# VII/26, decisions IX/10), never inside a document symbol (UNEP/POPS/POPRC.1/10).
_TEXT = re.compile(
    r"(?<![\w/.\-\u2010-\u2015])"
    r"(?P<word>decisions?\s+)?"
    r"(?P<symbol>"
    r"(?:(?P<code>BC|RC|SC|MC)(?:[-\u2010-\u2013]?|\.(?P<ex>Ex)[-\u2010-\u2013])"
    r"|(?P<body>OEWG|POPRC|CRC|INC)[-\u2010-\u2013](?:(?P<ex2>Ex)[-\u2010-\u2013])?"
    r"|(?P<bare>))"
    r"(?P<session>\d{1,3}|[IVXL]{1,7})/(?P<number>\d{1,3})"
    r")(?![\w/]|\.\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDecision:
    """A decision symbol found in text: where, as written, and what it cites."""

    start: int
    end: int
    text: str
    symbol: DecisionSymbol


def find_decision_symbols(
    text: str, convention: str | None = None
) -> Iterator[FoundDecision]:
    """The decision symbols cited in ``text``, in order. Bare forms (``IX/10``) count
    only after the word "decision" and with ``convention`` given."""
    for match in _TEXT.finditer(text or ""):
        symbol_text = match["symbol"]
        if match["bare"] is not None and not match["word"]:
            continue
        found = _read_found(_typed_parts(match), convention, symbol_text)
        if found is not None:
            yield FoundDecision(match.start("symbol"), match.end(), symbol_text, found)


def _read_found(
    typed: re.Match, convention: str | None, symbol_text: str
) -> DecisionSymbol | None:
    """The decision a symbol in text cites; the text's convention decides only the
    forms that name none (never overrides a code that is written)."""
    try:
        return _from_match(typed, None, symbol_text)
    except ValidationError as error:
        if error.code != "ambiguous_symbol" or not convention:
            return None
    try:
        return _from_match(typed, convention, symbol_text)
    except ValidationError:
        return None


def _typed_parts(match: re.Match) -> re.Match:
    """Re-read a text match with the typed grammar (one set of rules for both)."""
    typed = _TYPED.match(normalise(match["symbol"]))
    if typed is None:  # pragma: no cover - the text pattern is narrower
        raise invalid(match["symbol"])
    return typed


def decision_candidates(
    text: str, convention: str | None = None
) -> list[DecisionSymbol]:
    """Every decision a search term can mean: one for a full symbol, one per
    convention for a form that names none (``VII/26``), none for other text."""
    try:
        return [parse_decision_symbol(text, convention)]
    except ValidationError as error:
        if error.code != "ambiguous_symbol":
            return []
    found = []
    for code in CONVENTION_CODES:
        try:
            found.append(parse_decision_symbol(text, code))
        except ValidationError:
            continue
    return found
