"""Parsing of COP decision symbols such as ``BC-17/22`` as people actually type them."""

import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONVENTION_CODES = ("BC", "RC", "SC", "MC")

# Hyphen look-alikes people paste from Word and PDFs: non-breaking hyphen, figure dash,
# en and em dashes, minus sign, hyphen.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"
_SYMBOL = re.compile(
    r"^(?P<code>[A-Za-z]{2})\s*-?\s*(?P<meeting>\d{1,3})\s*/\s*(?P<number>\d{1,3})$"
)
_SLUG = re.compile(r"^(?P<code>[a-z]{2})-(?P<meeting>\d{1,3})-(?P<number>\d{1,3})$")

INVALID_SYMBOL_MESSAGE = _(
    "Enter a decision symbol such as BC-17/22: a convention code (BC, RC, SC or MC), "
    "a hyphen, the meeting number, a slash and the decision number."
)


class DecisionSymbol(NamedTuple):
    """The three parts of a decision symbol."""

    code: str
    meeting_number: int
    number: int

    def __str__(self) -> str:
        return f"{self.code}-{self.meeting_number}/{self.number}"

    @property
    def slug(self) -> str:
        return f"{self.code.lower()}-{self.meeting_number}-{self.number}"


def normalise(text: str) -> str:
    """Fold dashes to ASCII, drop a trailing full stop and surrounding spaces."""
    for dash in _DASHES:
        text = text.replace(dash, "-")
    text = text.replace("\u00a0", " ").strip()
    return text.removesuffix(".").strip()


def parse_decision_symbol(text: str) -> DecisionSymbol:
    """Return the parts of ``text`` (``RC11/8``, ``RC‑12/9.``) or raise."""
    if not isinstance(text, str) or len(text) > 40:
        raise ValidationError(INVALID_SYMBOL_MESSAGE, code="invalid_symbol")
    cleaned = normalise(text)
    match = _SYMBOL.match(cleaned) or _SLUG.match(cleaned)
    if match is None:
        raise ValidationError(INVALID_SYMBOL_MESSAGE, code="invalid_symbol")
    code = match["code"].upper()
    meeting, number = int(match["meeting"]), int(match["number"])
    if code not in CONVENTION_CODES or meeting < 1 or number < 1:
        raise ValidationError(INVALID_SYMBOL_MESSAGE, code="invalid_symbol")
    return DecisionSymbol(code, meeting, number)


# A UN document symbol: issuing body, then slash-separated parts (UNEP/CHW.17/INF/54).
UN_SYMBOL = re.compile(r"^[A-Z][A-Z0-9]*(?:/[A-Za-z0-9][A-Za-z0-9.()\-]*)+$")
INVALID_DOCUMENT_SYMBOL_MESSAGE = _(
    "Enter a UN document symbol such as UNEP/CHW.17/INF/54: capital letters for the "
    "issuing body, then parts separated by slashes, with no spaces."
)


def validate_document_symbol(value: str) -> None:
    """Reject anything that is not shaped like a UN document symbol."""
    if not UN_SYMBOL.match(value or ""):
        raise ValidationError(INVALID_DOCUMENT_SYMBOL_MESSAGE, code="invalid_symbol")
