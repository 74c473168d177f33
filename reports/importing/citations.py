"""The ONE adapter between the importer and the symbol grammar.

Everything the importer knows about decision and document symbols passes through the
three functions below, which only call the portal's grammar (today
``decisions.symbols`` and the finder of ``reports.document``). When that grammar learns
more citation forms (extraordinary meetings, Roman numerals, OEWG decisions, ranges),
only this module changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from decisions.models import Decision, Document, DocumentSymbol
from decisions.symbols import normalise, parse_decision_symbol, validate_document_symbol
from reports.document import DECISION_SYMBOL

# The document finder the importer has always used (reports/importer.py).
DOCUMENT_SYMBOL = re.compile(r"UNEP/[A-Za-z0-9./()\-]+")
# Not a grammar: words that announce a decision citation, so that a citation the
# grammar cannot read yet ("decision VII/26", "BC.Ex-1/1") is reported, never dropped.
CITED_DECISION = re.compile(r"\bdecisions?\s+(?=(.{1,160}))", re.I)
CITED_SYMBOL = re.compile(
    r"(?:\s*(?:,|;|and|or)?\s*)((?:[A-Z][A-Za-z.\-]*[-\u2011.]?)?[\dIVXL]+/\d+)"
)


@dataclass(frozen=True)
class Citation:
    """A decision cited in a text: as written, and its key when the grammar reads it."""

    text: str
    key: tuple[str, int, int] | None

    @property
    def symbol(self) -> str:
        if self.key is None:
            return self.text
        return f"{self.key[0]}-{self.key[1]}/{self.key[2]}"


def find_decisions(text: str) -> list[Citation]:
    """Decision citations in running text, in order, each once."""
    found: dict[str, Citation] = {}
    spans = []
    for match in DECISION_SYMBOL.finditer(text):
        try:
            parts = parse_decision_symbol(match[0])
        except ValidationError:
            continue
        citation = Citation(match[0], tuple(parts))
        found.setdefault(citation.symbol, citation)
        spans.append(match.span())
    for match in CITED_DECISION.finditer(text):
        position = 0
        # "decisions BC.Ex-1/1, RC.Ex-1/1 and SC.Ex-1/1": each symbol of the list.
        while symbol := CITED_SYMBOL.match(match[1], position):
            position = symbol.end()
            start = match.start(1) + symbol.start(1)
            if not any(a <= start < b for a, b in spans):
                written = normalise(symbol[1])
                found.setdefault(written, Citation(written, None))
    return list(found.values())


def find_documents(text: str) -> list[str]:
    """Document symbols in running text; a joint symbol (A–B–C) gives its parts."""
    symbols: list[str] = []
    for match in DOCUMENT_SYMBOL.finditer(normalise_dashes(text)):
        for part in re.split(r"-(?=UNEP/)", match[0]):
            symbol = part.rstrip(".,;:-)")
            if symbol.count("(") < symbol.count(")"):
                symbol = symbol.rstrip(")")
            try:
                validate_document_symbol(symbol)
            except ValidationError:
                continue
            if not any(c.isdigit() for c in symbol):
                continue  # "UNEP/GEF project": a name, not a document symbol
            if symbol not in symbols:
                symbols.append(symbol)
    return symbols


def normalise_dashes(text: str) -> str:
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    return text


def lookup_decisions(keys: set[tuple[str, int, int]]) -> dict[tuple, Decision]:
    """The decisions with these keys that exist (one query)."""
    if not keys:
        return {}
    condition = Q()
    for code, meeting, number in keys:
        condition |= Q(convention__code=code, meeting_number=meeting, number=number)
    return {
        tuple(decision.parts): decision
        for decision in Decision.objects.filter(condition).select_related("convention")
    }


def lookup_documents(symbols: set[str]) -> dict[str, Document]:
    """Each symbol's document, found by its first or any parallel symbol."""
    if not symbols:
        return {}
    found = {d.symbol: d for d in Document.objects.filter(symbol__in=symbols)}
    for parallel in DocumentSymbol.objects.filter(symbol__in=symbols).select_related(
        "document"
    ):
        found.setdefault(parallel.symbol, parallel.document)
    return found
