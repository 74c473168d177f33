"""What a revision (Rev.1, ...) changes against the version it replaces.

Both versions are read from their HTML (the replaced one's frozen copy, the
revision's own content): every numbered paragraph (``id="…-para-N"``) and every
table row marked ``data-para``, as plain words without footnote calls. The two lists
are aligned with difflib; a changed paragraph shows its words removed and added.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

_PARA_ID = re.compile(r"^(?P<part>[a-z0-9-]+)-para-(?P<number>\d+)$")
_SKIPPED_CLASSES = {"fnref", "footnote", "para-num", "back", "footnotes", "draft-mark"}
PART_LABELS = {
    "note": _("Note"),
    "annex-i": _("Annex I"),
    "annex-ii": _("Annex II"),
    "row": _("Table"),
}


@dataclass
class Numbered:
    """One paragraph (or table row) of one version."""

    part: str
    number: int
    text: str

    @property
    def label(self) -> str:
        part = PART_LABELS.get(self.part, self.part)
        return (
            f"{part}, {self.number}"
            if self.part != "row"
            else f"{part}, {_('row')} {self.number}"
        )


@dataclass
class Change:
    """A paragraph added, removed or changed (with its words marked)."""

    kind: str  # "added", "removed", "changed"
    old: Numbered | None
    new: Numbered | None
    html: SafeString

    @property
    def label(self) -> str:
        if self.old and self.new and self.old.label != self.new.label:
            return f"{self.new.label} ({_('was')} {self.old.label})"
        return (self.new or self.old).label

    @property
    def kind_label(self) -> str:
        return {
            "added": _("Added"),
            "removed": _("Removed"),
            "changed": _("Changed"),
        }[self.kind]


class ParagraphReader(HTMLParser):
    """Collects the text of each numbered paragraph of a report's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Numbered] = []
        self.stack: list[tuple[str, bool, Numbered | None]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skip = bool(classes & _SKIPPED_CLASSES)
        current = None
        match = _PARA_ID.match(attributes.get("id") or "")
        marked = attributes.get("data-para")
        if match and not self.skipping:
            current = Numbered(match["part"], int(match["number"]), "")
        elif marked and marked.isdigit() and not self.skipping:
            current = Numbered("row", int(marked), "")
        if current is not None:
            self.found.append(current)
        self.stack.append((tag, skip, current))
        self.skipping += skip

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, skip, _current = self.stack.pop()
            self.skipping -= skip
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        for _tag, _skip, current in reversed(self.stack):
            if current is not None:
                current.text += data
                break


def numbered_paragraphs(html: str) -> list[Numbered]:
    reader = ParagraphReader()
    reader.feed(html or "")
    reader.close()
    for paragraph in reader.found:
        paragraph.text = " ".join(paragraph.text.split())
    return reader.found


def marked_words(old: str, new: str) -> SafeString:
    """The new text with removed words struck through and added words marked."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(escape(" ".join(new_words[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            pieces.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(pieces))  # noqa: S308 - escaped words, our tags


SIMILAR = 0.5  # share of words two versions of one paragraph have in common


def similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio()


def pair_similar(
    removed: list[Numbered], added: list[Numbered], changes: list[Change]
) -> tuple[list[Numbered], list[Numbered]]:
    """Record as changed each removed paragraph that a later added one resembles
    (in order); return the paragraphs left unpaired."""
    unpaired_removed, start = [], 0
    for before in removed:
        for index in range(start, len(added)):
            after = added[index]
            if similarity(before.text, after.text) >= SIMILAR:
                changes.extend(
                    Change("added", None, p, mark_safe(f"<ins>{escape(p.text)}</ins>"))  # noqa: S308
                    for p in added[start:index]
                )
                changes.append(
                    Change(
                        "changed", before, after, marked_words(before.text, after.text)
                    )
                )
                start = index + 1
                break
        else:
            unpaired_removed.append(before)
    return unpaired_removed, added[start:]


def compare(old_html: str, new_html: str) -> list[Change]:
    """The paragraphs added, removed and changed from one version to the next."""
    old, new = numbered_paragraphs(old_html), numbered_paragraphs(new_html)
    matcher = difflib.SequenceMatcher(
        a=[p.text for p in old], b=[p.text for p in new], autojunk=False
    )
    changes: list[Change] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = pair_similar(old[a1:a2], new[b1:b2], changes)
        changes.extend(
            Change("removed", p, None, mark_safe(f"<del>{escape(p.text)}</del>"))  # noqa: S308
            for p in removed
        )
        changes.extend(
            Change("added", None, p, mark_safe(f"<ins>{escape(p.text)}</ins>"))  # noqa: S308
            for p in added
        )
    return changes
