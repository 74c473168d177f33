"""The one grammar of decision and document symbols: parse what people type, write
the official form, find symbols in running text, and the conditions that look
records up. The admin, the API, the filters, the importers, the reports and the URL
converters call these; none keeps a pattern of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from .decisions import (
    ACCEPTED_FORMS,
    BODIES,
    BODY_CONVENTIONS,
    BODY_NAMES,
    CONVENTION_CODES,
    COP,
    CRC,
    INC,
    MAX_NUMBER,
    OEWG,
    POPRC,
    PREFIXED,
    ROMAN,
    DecisionSymbol,
    FoundDecision,
    decision_candidates,
    find_decision_symbols,
    from_roman,
    normalise,
    parse_decision_symbol,
    roman,
)
from .documents import (
    ACCEPTED_FORMS as DOCUMENT_ACCEPTED_FORMS,
)
from .documents import (
    DOCUMENT_KINDS,
    KIND_MARKS,
    DocumentCitation,
    FoundDocument,
    canonical,
    document_kind,
    find_document_symbols,
    parse_document_citation,
    parse_document_symbol,
    parse_document_symbols,
    validate_document_symbol,
)

# How each record is found in a URL (URL converters and the API router).
DECISION_SLUG_PATTERN = (
    r"[a-z]{2}(?:-ex)?(?:-(?:oewg|poprc|crc|inc))?-[0-9]{1,3}-[0-9]{1,3}"
)
DOCUMENT_SYMBOL_PATTERN = r"[A-Za-z][A-Za-z0-9.()\-]*(?:/[A-Za-z0-9][A-Za-z0-9.()\-]*)+"
# A symbol as printed (the issuer in capitals), unanchored, for typesetting: the
# report keeps each one on one line. Lower-case words with a slash are not symbols.
PRINTED_DOCUMENT_SYMBOL_PATTERN = (
    r"[A-Z]{2,10}(?:\([A-Z]{2,10}\))?(?:/[A-Za-z0-9][A-Za-z0-9.()\-]*)+"
)

__all__ = [
    "ACCEPTED_FORMS",
    "BODIES",
    "BODY_CONVENTIONS",
    "BODY_NAMES",
    "CONVENTION_CODES",
    "COP",
    "CRC",
    "DECISION_SLUG_PATTERN",
    "DOCUMENT_ACCEPTED_FORMS",
    "DOCUMENT_KINDS",
    "KIND_MARKS",
    "DOCUMENT_SYMBOL_PATTERN",
    "PRINTED_DOCUMENT_SYMBOL_PATTERN",
    "INC",
    "MAX_NUMBER",
    "OEWG",
    "POPRC",
    "PREFIXED",
    "ROMAN",
    "DecisionSymbol",
    "DocumentCitation",
    "FoundDecision",
    "FoundDocument",
    "canonical",
    "decision_candidates",
    "decision_condition",
    "document_kind",
    "kind_condition",
    "find_decision_symbols",
    "find_document_symbols",
    "from_roman",
    "normalise",
    "parse_decision_symbol",
    "parse_document_citation",
    "parse_document_symbol",
    "parse_document_symbols",
    "roman",
    "validate_document_symbol",
]


def decision_condition(symbols: Iterable[DecisionSymbol], prefix: str = "") -> Q:
    """Decisions with any of these symbols (``prefix`` for a related model:
    ``decision__``). An empty list matches nothing."""
    condition = Q(pk__in=[])
    for symbol in symbols:
        condition |= Q(
            **{
                f"{prefix}convention__code": symbol.code,
                f"{prefix}body": symbol.body,
                f"{prefix}extraordinary": symbol.extraordinary,
                f"{prefix}meeting_number": symbol.meeting_number,
                f"{prefix}number": symbol.number,
            }
        )
    return condition


def kind_condition(kind: str, prefix: str = "") -> Q:
    """Documents of one kind (``DOCUMENT_KINDS``), read from their first symbol."""
    if kind in KIND_MARKS:
        condition = Q(pk__in=[])
        for mark in KIND_MARKS[kind]:
            condition |= Q(**{f"{prefix}symbol__contains": mark})
        return condition
    condition = Q()
    for marks in KIND_MARKS.values():
        for mark in marks:
            condition &= ~Q(**{f"{prefix}symbol__contains": mark})
    return condition
