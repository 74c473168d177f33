"""Conventions, the secretariats that serve them, organizations, meetings, documents
and the COP decisions that mandate joint work: one module per concept."""

from .base import (
    DATE_RANGE_MESSAGE,
    FIRST_DATE,
    LAST_DATE,
    CodeManager,
    SlugManager,
    Timestamped,
    UsedByLinks,
    date_in_range_validators,
    dates_in_range,
)
from .bodies import Convention, InforMEATerm, Organization, Secretariat
from .decisions import Decision, DecisionParagraph
from .documents import Document, DocumentSymbol, validate_document_symbol
from .meetings import MEETING_NUMBER_MESSAGE, Meeting

__all__ = [
    "DATE_RANGE_MESSAGE",
    "FIRST_DATE",
    "LAST_DATE",
    "MEETING_NUMBER_MESSAGE",
    "CodeManager",
    "Convention",
    "Decision",
    "DecisionParagraph",
    "Document",
    "DocumentSymbol",
    "InforMEATerm",
    "Meeting",
    "Organization",
    "Secretariat",
    "SlugManager",
    "Timestamped",
    "UsedByLinks",
    "date_in_range_validators",
    "dates_in_range",
    "validate_document_symbol",
]
