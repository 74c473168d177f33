"""What an import proposes: the report, one activity per paragraph or table row, and
everything it could not place with the reason. Plain data, so the admin can keep it
between the preview and the confirmation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class ImportRefused(Exception):
    """The file or the plan cannot be imported; the message says why, in words."""


@dataclass
class Reference:
    """A footnote of a proposed activity."""

    marker: str
    text: str = ""
    url: str = ""
    document: str = ""  # the document's first symbol, when it is in the database


@dataclass
class Proposal:
    """A proposed activity and where it came from."""

    key: str
    slug: str
    title: str
    narrative: str
    area: str  # thematic area slug; "" when none could be told
    biennium: int | None
    status: str
    position: int
    line: int
    source: str
    conventions: list[str] = field(default_factory=list)
    secretariats: list[str] = field(default_factory=list)
    decisions: list[list] = field(default_factory=list)  # [code, meeting, number]
    references: list[Reference] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # organization slugs
    events: list[str] = field(default_factory=list)  # slugs of meetings it names
    synergy: str = ""
    match: int | None = None  # an existing activity this proposal updates
    match_label: str = ""
    include: bool = True
    why_not: str = ""  # why it cannot be placed as it stands

    @property
    def placeable(self) -> bool:
        return self.include and not self.why_not


@dataclass
class Unplaced:
    """Source text the import could not place, and why."""

    source: str
    reason: str
    line: int = 0
    link: bool = False  # a citation not linked, in text that was placed


@dataclass
class Plan:
    """The whole proposal for one file."""

    filename: str
    kind: str  # Report.Kind value
    slug: str
    title: str
    biennium: int | None = None
    year: int | None = None
    quarter: int | None = None
    make_report: bool = True
    report_fields: dict[str, str] = field(default_factory=dict)
    headings: list[list] = field(default_factory=list)  # [annex, area slug, heading]
    proposals: list[Proposal] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    kept: list[Unplaced] = field(default_factory=list)  # text kept in the report
    read: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # stop the write until fixed

    def counts(self) -> dict[str, int]:
        placed = [p for p in self.proposals if p.placeable]
        return {
            "placed": sum(p.match is None for p in placed),
            "matched": sum(p.match is not None for p in placed),
            "not_placed": sum(not u.link for u in self.unplaced)
            + sum(not p.placeable for p in self.proposals),
            "not_linked": sum(u.link for u in self.unplaced),
            "kept": len(self.kept),
        }

    def not_placed(self) -> list[Unplaced]:
        """Every source text left out: unplaced text and proposals not placeable."""
        left = [
            Unplaced(p.source, p.why_not or "dropped in the review", p.line)
            for p in self.proposals
            if not p.placeable
        ]
        text = [u for u in self.unplaced if not u.link]
        return sorted([*text, *left], key=lambda u: u.line)

    def not_linked(self) -> list[Unplaced]:
        """Citations in placed text whose decision or document is not linked."""
        return [u for u in self.unplaced if u.link]

    def summary(self) -> str:
        counts = self.counts()
        return (
            f"{counts['placed']} placed, {counts['matched']} matching earlier "
            f"records, {counts['not_placed']} not placed; {counts['kept']} kept in "
            f"the report's own text, {counts['not_linked']} citations not linked"
        )

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        data = dict(data)
        data["proposals"] = [
            Proposal(
                **{
                    **p,
                    "references": [Reference(**r) for r in p.get("references", [])],
                }
            )
            for p in data.get("proposals", [])
        ]
        data["unplaced"] = [Unplaced(**u) for u in data.get("unplaced", [])]
        data["kept"] = [Unplaced(**u) for u in data.get("kept", [])]
        return cls(**data)
