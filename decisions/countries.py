"""Country names as recorded (free text) to ISO 3166-1 alpha-2 codes, for feeds and
exports that expect codes (InforMEA, IATI). pycountry holds the ISO list; the few
names people commonly write that ISO spells otherwise are listed here."""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Usual names and UN short forms that pycountry's lookup does not know.
ALIASES = {
    "bolivia": "BO",
    "cape verde": "CV",
    "czech republic": "CZ",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "holland": "NL",
    "iran": "IR",
    "ivory coast": "CI",
    "laos": "LA",
    "micronesia": "FM",
    "moldova": "MD",
    "north korea": "KP",
    "palestine": "PS",
    "republic of korea": "KR",
    "russia": "RU",
    "south korea": "KR",
    "swaziland": "SZ",
    "syria": "SY",
    "tanzania": "TZ",
    "turkey": "TR",
    "uae": "AE",
    "uk": "GB",
    "united kingdom": "GB",
    "united states": "US",
    "usa": "US",
    "venezuela": "VE",
    "vietnam": "VN",
}


@lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """The alpha-2 code of a country name or code; None when unknown or empty."""
    text = " ".join((name or "").split())
    if not text:
        return None
    alias = ALIASES.get(text.casefold())
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
