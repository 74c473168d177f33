"""The ONE adapter between the importer and the symbol grammar.

Everything the importer knows about decision and document symbols passes through the
functions below, which only call the portal's grammar (``decisions.symbols``: every
citation form it reads, BC-17/22, VII/26, BC.Ex-1/1, OEWG-8/1, joint document symbols
and ranges). A decision key is the tuple of a ``DecisionSymbol`` (JSON-friendly in the
review form).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from decisions.models import Decision, Document, DocumentSymbol
from decisions.symbols import (
    DecisionSymbol,
    decision_condition,
    find_decision_symbols,
    find_document_symbols,
    normalise,
)

# Not a grammar: words that announce a decision citation, so that a citation the
# grammar cannot read ("decision IX/10" with no convention to tell) is reported,
# never dropped.
CITED_DECISION = re.compile(r"\bdecisions?\s+(?=(.{1,160}))", re.I)
CITED_SYMBOL = re.compile(
    r"(?:\s*(?:,|;|and|or)?\s*)((?:[A-Z][A-Za-z.\-]*[-\u2011.]?)?[\dIVXL]+/\d+)"
)


@dataclass(frozen=True)
class Citation:
    """A decision cited in a text: as written, and its key when the grammar reads it."""

    text: str
    key: tuple | None

    @property
    def symbol(self) -> str:
        return self.text if self.key is None else str(DecisionSymbol(*self.key))


def find_decisions(text: str, convention: str | None = None) -> list[Citation]:
    """Decision citations in running text, in order, each once. ``convention`` reads
    the forms that name none (``decision IX/10`` in a Basel document)."""
    found: dict[str, Citation] = {}
    spans = []
    for match in find_decision_symbols(text, convention):
        citation = Citation(match.text, tuple(match.symbol))
        found.setdefault(citation.symbol, citation)
        spans.append((match.start, match.end))
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
    """Document symbols in running text (canonical); a joint symbol gives its parts,
    a range the documents it stands for."""
    symbols: list[str] = []
    for match in find_document_symbols(text):
        for symbol in match.citation.symbols:
            if symbol not in symbols:
                symbols.append(symbol)
    return symbols


def lookup_decisions(keys: set[tuple]) -> dict[tuple, Decision]:
    """The decisions with these keys that exist (one query)."""
    if not keys:
        return {}
    wanted = [DecisionSymbol(*key) for key in keys]
    return {
        tuple(decision.parts): decision
        for decision in Decision.objects.filter(
            decision_condition(wanted)
        ).select_related("convention")
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
