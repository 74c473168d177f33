"""Safe rendering of Markdown narratives whose footnotes are the activity's references.

A narrative cites a reference as ``[^4]``. Markdown is rendered with markdown-it-py and
sanitised with nh3; only then are the citations replaced by HTML we build ourselves from
escaped reference text, so nothing a user typed reaches the page unsanitised.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import nh3
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from .models import Reference

_CITATION = re.compile(r"\[\^([A-Za-z0-9_-]{1,10})\]")
_PLACEHOLDER = re.compile(r"\u27e6fn:([A-Za-z0-9_-]{1,10})\u27e7")
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code",
    "h3", "h4", "h5", "h6",
}  # fmt: skip
# A list typed from "3." keeps its first number.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def sanitise(html: str) -> str:
    """Keep only harmless tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def markdown_to_safe_html(text: str) -> SafeString:
    """Render Markdown without footnotes handling (titles, summaries, introductions)."""
    return mark_safe(sanitise(_markdown.render(text or "")))  # noqa: S308 - nh3 output


EXCERPT_WORDS = 40


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """A narrative's opening words as plain text (not HTML: the template escapes
    it), without Markdown or citations."""
    rendered = _markdown.render(_CITATION.sub("", text or ""))
    # nh3 with no allowed tags keeps only the text, with its entities escaped.
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    return Truncator(" ".join(plain.split())).words(words)


def reference_html(reference: Reference) -> SafeString:
    """A footnote's text, the cited document's symbol and its web address linked,
    all escaped; nothing the reference holds is left out."""
    text = reference.text
    symbol = reference.document.joint_symbol if reference.document else ""
    if symbol and symbol not in text:
        text = f"{text} ({symbol})" if text else symbol
    body = urlize(escape(text), nofollow=True) if text else ""
    bare = re.sub(r"^https?://", "", reference.url).rstrip("/")
    linkable = urlsplit(reference.url).scheme in {"http", "https"}
    if reference.url and linkable and bare not in text:
        link = format_html('<a href="{0}" rel="nofollow">{0}</a>', reference.url)
        body = f"{body} {link}".strip()
    return mark_safe(body)  # noqa: S308 - built from escaped parts


def render_narrative(
    text: str,
    references: Iterable[Reference] = (),
    *,
    anchor: str = "fn",
    footnotes: Literal["links", "inline"] = "links",
    number: Callable[[str], int] | None = None,
) -> SafeString:
    """Render a narrative; citations become links to a footnote list or inline notes.

    ``inline`` places each footnote's text where it is first cited, inside
    ``<span class="footnote">``, which print CSS floats to the page foot; a later
    citation of the same reference is its number only. ``number`` gives the printed
    number of a marker (a report numbers all its footnotes in one sequence); without
    it the marker itself is shown. Citations of unknown markers are dropped rather
    than shown as raw syntax.
    """
    by_marker = {ref.marker: ref for ref in references}
    marked = _CITATION.sub(lambda m: f"\u27e6fn:{m[1]}\u27e7", text or "")
    html = sanitise(_markdown.render(marked))
    seen: set[str] = set()

    def replace(match: re.Match) -> str:
        ref = by_marker.get(match[1])
        if ref is None:
            return ""
        label = escape(number(ref.marker) if number else ref.marker)
        first = ref.marker not in seen
        seen.add(ref.marker)
        if footnotes == "inline":
            if not first:
                return f'<sup class="fnref">{label}</sup>'
            return (
                f'<span class="footnote" data-number="{label}">'
                f"{reference_html(ref)}</span>"
            )
        marker = escape(ref.marker)
        back = f' id="{anchor}-ref-{marker}"' if first else ""
        return (
            f'<sup class="fnref"{back}><a href="#{anchor}-{marker}">{label}</a></sup>'
        )

    return mark_safe(_PLACEHOLDER.sub(replace, html))  # noqa: S308 - sanitised above


def cited_markers(text: str) -> list[str]:
    """The markers a narrative cites, in order of first citation."""
    return list(dict.fromkeys(_CITATION.findall(text or "")))
