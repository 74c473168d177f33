"""UN document symbols as the secretariats cite them, read, written and found in text.

A symbol is an issuing body and slash-separated parts: ``UNEP/CHW.17/INF/54``,
``UNEP/FAO/RC/COP.12/13/Add.1``, ``UNEP/POPS/POPRC.1/INF/2/Rev.1``,
``UNEP/FAO/CHW/RC/POPS/EXCOPS.1/CRP.5/Add.2/Rev.1``, ``UNEP(DTIE)/Hg/CONF/4``,
``UNEP/CHW/OEWG/4/18``, ``UNEP/MC/COP.1/1``. Written forms this module reads:

- a *joint* symbol, one document issued to several conferences, its parts joined
  by dashes of any kind, with or without spaces
  (``UNEP/CHW.17/INF/54–UNEP/FAO/RC/COP.12/INF/25–UNEP/POPS/COP.12/INF/44``);
- a *range*, several documents in one citation (``UNEP/CHW.17/INF/2-4``,
  ``UNEP/POPS/COP.11/19/Add.1–3``);
- any case (``add.1``, ``ADD.1``), a trailing full stop, spaces around slashes.

The stored form (``canonical``) is upper case except the parts the UN writes in mixed
case: ``Add.``, ``Rev.``, ``Corr.``, ``Amend.``, ``Res.``, ``Misc.``, ``Hg``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .decisions import DASHES

MAX_LENGTH = 120
MAX_RANGE = 50
# Parts written in mixed case; every other letter is a capital.
MIXED_CASE = {
    "ADD": "Add",
    "REV": "Rev",
    "CORR": "Corr",
    "AMEND": "Amend",
    "RES": "Res",
    "MISC": "Misc",
    "HG": "Hg",
}
_DASH_TABLE = str.maketrans(dict.fromkeys(DASHES, "-") | {"\u00a0": " "})
# One part between slashes: COP.12, INF, 54, Add.1, EXCOPS.1, 2-4 (a range).
_PART = r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*"
_ISSUER = r"[A-Za-z]{2,10}(?:\([A-Za-z]{2,10}\))?"
_SINGLE = re.compile(rf"^{_ISSUER}(?:/{_PART}){{2,12}}$")
# A dash that starts the next symbol of a joint one (a letter and a slash follow).
_JOINT_SPLIT = re.compile(rf"\s*-\s*(?={_ISSUER}/)")
_RANGE = re.compile(r"^(?P<head>.*?)(?P<first>\d{1,4})-(?P<last>\d{1,4})$")
_DIGIT = re.compile(r"\d")

ACCEPTED_FORMS = _(
    "Accepted forms, with an example of each: UNEP/CHW.17/INF/54 (one symbol); "
    "UNEP/FAO/RC/COP.12/13/Add.1 and …/Rev.1, …/Corr.1, …/CRP.5, …/Amend.1 (parts); "
    "UNEP(DTIE)/Hg/CONF/4; UNEP/CHW/OEWG/4/18; a joint symbol such as "
    "UNEP/CHW.17/INF/54–UNEP/FAO/RC/COP.12/INF/25–UNEP/POPS/COP.12/INF/44."
)
INVALID_DOCUMENT_SYMBOL_MESSAGE = _(
    "“%(text)s” is not a UN document symbol: it needs the issuing body in capitals "
    "and at least two more parts, separated by slashes, with a number. %(forms)s"
)


def invalid_document(text: object, reason: str = "", code: str = "invalid_symbol"):
    shown = str(text)[:60] if isinstance(text, str) else type(text).__name__
    message = INVALID_DOCUMENT_SYMBOL_MESSAGE % {"text": shown, "forms": ACCEPTED_FORMS}
    message = f"{reason} {message}" if reason else message
    # The text typed may hold "%": it goes in as a parameter, never as a format.
    return ValidationError("%(message)s", code=code, params={"message": message})


def _fold(text: str) -> str:
    text = text.translate(_DASH_TABLE).strip()
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s*\.\s*(?=\d)", ".", text)  # "Add. 1" -> "Add.1"
    return text.rstrip(".,;: ").strip()


def _case_token(token: str) -> str:
    return MIXED_CASE.get(token.upper(), token.upper())


def _case_part(part: str) -> str:
    """COP.12 -> COP.12, add.1 -> Add.1, hg -> Hg, unep(dtie) -> UNEP(DTIE)."""
    return re.sub(r"[A-Za-z]+", lambda m: _case_token(m[0]), part)


def canonical(symbol: str) -> str:
    """The stored form of one well-formed symbol (case only; no other change)."""
    return "/".join(_case_part(part) for part in symbol.split("/"))


def _check_single(text: str, original: str) -> str:
    if len(text) > MAX_LENGTH:
        raise invalid_document(
            original,
            str(_("A symbol has at most %(n)s characters.") % {"n": MAX_LENGTH}),
        )
    if not _SINGLE.match(text) or not _DIGIT.search(text.split("/", 1)[1]):
        raise invalid_document(original)
    return canonical(text)


def _expand_range(text: str, original: str) -> list[str] | None:
    """The symbols a range stands for (…/INF/2-4), or None if ``text`` is none."""
    head, _sep, last = text.rpartition("/")
    match = _RANGE.match(last)
    if match is None or not head:
        return None
    first, final = int(match["first"]), int(match["last"])
    if not first < final or final - first >= MAX_RANGE:
        raise invalid_document(
            original,
            str(
                _(
                    "“%(part)s” is not a range of documents: the first number must "
                    "be lower than the last, at most %(n)s apart."
                )
                % {"part": last, "n": MAX_RANGE}
            ),
            code="invalid_range",
        )
    return [
        _check_single(f"{head}/{match['head']}{n}", original)
        for n in range(first, final + 1)
    ]


@dataclass(frozen=True)
class DocumentCitation:
    """What one written citation stands for: one document (with its parallel
    symbols when joint), or several documents (a range)."""

    symbols: tuple[str, ...]
    is_range: bool = False

    @property
    def is_joint(self) -> bool:
        return not self.is_range and len(self.symbols) > 1

    def __str__(self) -> str:
        return (
            "\u2013".join(self.symbols)
            if not self.is_range
            else ", ".join(self.symbols)
        )


def parse_document_citation(text: object) -> DocumentCitation:
    """What ``text`` cites: one symbol, a joint symbol or a range; or a
    ValidationError naming what is wrong, with the accepted forms."""
    if not isinstance(text, str) or len(text) > 1000 or "\x00" in text:
        raise invalid_document(text)
    folded = _fold(text)
    parts = _JOINT_SPLIT.split(folded)
    if len(parts) == 1:
        expanded = _expand_range(folded, text)
        if expanded is not None:
            return DocumentCitation(tuple(expanded), is_range=True)
    symbols = []
    for part in parts:
        if _expand_range(part, text) is not None:
            raise invalid_document(
                text,
                str(_("A joint symbol cannot hold a range (“%(p)s”).") % {"p": part}),
                code="invalid_range",
            )
        symbol = _check_single(part, text)
        if symbol not in symbols:
            symbols.append(symbol)
    return DocumentCitation(tuple(symbols))


def parse_document_symbols(text: object) -> list[str]:
    """The symbols of ONE document as typed (joint or single), canonical; a range
    is refused, with the documents it stands for named."""
    citation = parse_document_citation(text)
    if citation.is_range:
        raise ValidationError(
            _(
                "“%(text)s” stands for %(n)s documents (%(list)s). Enter each "
                "document on its own."
            ),
            code="range",
            params={
                "text": str(text)[:80],
                "n": len(citation.symbols),
                "list": ", ".join(citation.symbols),
            },
        )
    return list(citation.symbols)


def parse_document_symbol(text: object) -> str:
    """One symbol as typed, canonical: ``unep/chw.17/inf/54.`` gives
    ``UNEP/CHW.17/INF/54``."""
    symbols = parse_document_symbols(text)
    if len(symbols) > 1:
        raise ValidationError(
            _("Enter one symbol here; “%(text)s” holds %(n)s."),
            code="joint",
            params={"text": str(text)[:80], "n": len(symbols)},
        )
    return symbols[0]


def validate_document_symbol(value: str) -> None:
    """Reject a stored value that is not one well-formed symbol in canonical form."""
    symbol = parse_document_symbol(value)
    if symbol != value:
        raise ValidationError(
            _("Write the symbol as %(symbol)s."),
            code="not_canonical",
            params={"symbol": symbol},
        )


# Finding symbols in running text ------------------------------------------------

# In text the issuer is in capitals and a dash inside a part only starts a range.
_TEXT_PART = r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*(?:[-\u2010-\u2015]\d{1,4}(?![A-Za-z/]))?"
_TEXT_SYMBOL = rf"[A-Z]{{2,10}}(?:\([A-Z]{{2,10}}\))?(?:/{_TEXT_PART}){{2,12}}"
_TEXT = re.compile(
    rf"(?<![\w/])(?P<citation>{_TEXT_SYMBOL}"
    rf"(?:\s?[-\u2010-\u2015]\s?{_TEXT_SYMBOL})*)"
)


@dataclass(frozen=True)
class FoundDocument:
    """A document citation found in text: where, as written, and what it cites."""

    start: int
    end: int
    text: str
    citation: DocumentCitation


def find_document_symbols(text: str) -> Iterator[FoundDocument]:
    """The document symbols cited in ``text`` (joint ones and ranges whole), without
    the full stop or comma that ends a sentence; project names such as ``UNEP/GEF``
    are not symbols."""
    for match in _TEXT.finditer(text or ""):
        written = match["citation"]
        trimmed = written.rstrip(".-")
        try:
            citation = parse_document_citation(trimmed)
        except ValidationError:
            continue
        yield FoundDocument(
            match.start(), match.start() + len(trimmed), trimmed, citation
        )


# What kind of document a symbol names, from the part the UN gives it.
INFORMATION, CONFERENCE_ROOM, LIMITED, WORKING = "inf", "crp", "limited", "working"
DOCUMENT_KINDS = {
    WORKING: _("Working document"),
    INFORMATION: _("Information document (INF)"),
    CONFERENCE_ROOM: _("Conference room paper (CRP)"),
    LIMITED: _("Limited distribution, draft (L.)"),
}
# The marks of each kind inside a canonical symbol.
KIND_MARKS = {INFORMATION: ("/INF/",), CONFERENCE_ROOM: ("/CRP.",), LIMITED: ("/L.",)}


def document_kind(symbol: str) -> str:
    """The kind of document a canonical symbol names."""
    for kind, marks in KIND_MARKS.items():
        if any(mark in symbol for mark in marks):
            return kind
    return WORKING
