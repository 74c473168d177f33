"""Turn a document's layout into a plan: proposals, what they cite, what is left out."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from activities.models import Activity, Biennium, ThematicArea
from decisions.models import Convention, Meeting, Organization
from reports.models import Report

from . import citations
from .layout import Item, Layout, Section
from .plan import Plan, Proposal, Reference, Unplaced

CONVENTION_WORDS = {
    "BC": ("Basel", "BC-"),
    "RC": ("Rotterdam", "RC-"),
    "SC": ("Stockholm", "SC-"),
    "MC": ("Minamata", "MC-"),
}
INTRODUCTORY = re.compile(
    r"^(introduction|background|summary|overview|purpose|scope)\b", re.I
)
# Words every paragraph of these documents uses: they tell no thematic area apart.
COMMON_WORDS = {
    "and", "the", "with", "including", "secretariat", "convention", "environment",
    "programme", "united", "nations", "conference", "parties",
}  # fmt: skip
ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Ms|Mrs|Dr|No|para|paras|e\.g|i\.e|etc|Add|Rev|Corr)\.$"
)
URL = re.compile(r"(?:https?://|www\.)[^\s\]<>\"]+")
YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
QUARTER_END = {"march": 1, "june": 2, "september": 3, "december": 4}
PERIOD = re.compile(
    r"\b1\s+(?:january|april|july|october)\s*[-\u2013\u2014to ]+\s*3[01]\s+"
    r"(march|june|september|december)\s+(20\d\d)\b",
    re.I,
)
PLANNED_WORDS = re.compile(r"\b(will|shall|plans? to|planned|is expected)\b", re.I)
MIN_WORDS = 8


def first_sentence(text: str, limit: int = 200) -> str:
    plain = re.sub(r"\[\^\w+\]|\\", "", text)
    plain = re.sub(r"^\(\w+\)\s*", "", plain)
    sentence = plain
    for match in re.finditer(r"(?<=[.;:])\s+", plain):
        if not ABBREVIATIONS.search(plain[: match.start()]):
            sentence = plain[: match.start()]
            break
    sentence = sentence.rstrip(":;")
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "\u2026"


def stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower())} - {
        w[:5] for w in COMMON_WORDS
    }


def footnote_url(note: str) -> str:
    match = URL.search(note)
    if match is None:
        return ""
    url = match[0].rstrip(".,;)")
    return url if url.startswith("http") else f"https://{url}"


class Proposer:
    """Reads the records an import needs once, then proposes item by item."""

    def __init__(self, layout: Layout, plan: Plan, default_area: str = ""):
        self.layout, self.plan = layout, plan
        self.areas = list(ThematicArea.objects.order_by("position", "name"))
        self.area_stems = {
            a.slug: stems(f"{a.name} {a.description}") for a in self.areas
        }
        self.default_area = default_area
        self.conventions = {
            c.code: c for c in Convention.objects.select_related("secretariat")
        }
        self.organizations = list(Organization.objects.all())
        self.meetings = [
            (m.title.lower(), m.slug)
            for m in Meeting.objects.only("slug", "title")
            if len(m.title) >= 20
        ]
        self.slugs: set[str] = set()

    # Thematic areas ----------------------------------------------------------

    def area_for_heading(self, heading: str) -> tuple[str, bool]:
        lowered = heading.lower().strip()
        for area in self.areas:
            if area.name.lower() == lowered:
                return area.slug, False
        for area in self.areas:
            name = area.name.lower()
            if lowered and (lowered.startswith(name) or name.startswith(lowered)):
                return area.slug, True
        return "", False

    def area_for_text(self, text: str) -> str:
        words = stems(text)
        best, best_score = "", 0.0
        for area in self.areas:
            wanted = self.area_stems[area.slug]
            if not wanted:
                continue
            found = len(wanted & words)
            if found < min(2, len(wanted)):
                continue
            score = found / len(wanted)
            if score > best_score:
                best, best_score = area.slug, score
        return best if best_score >= 0.5 else ""

    # What a text cites -------------------------------------------------------

    def convention_codes(self, text: str) -> list[str]:
        codes = [
            code
            for code, words in CONVENTION_WORDS.items()
            if code in self.conventions and any(w in text for w in words)
        ]
        if "BRS" in text:
            codes = sorted({*codes, "BC", "RC", "SC"} & set(self.conventions))
        return codes or list(self.conventions)

    def partner_slugs(self, text: str) -> list[str]:
        return [
            o.slug
            for o in self.organizations
            if o.name in text
            or (o.acronym and re.search(rf"\b{re.escape(o.acronym)}\b", text))
        ]

    def meeting_slugs(self, text: str) -> list[str]:
        """Meetings the text names by their full title ("the sixteenth meeting of
        the Conference of the Parties to the Convention on Biological Diversity")."""
        lowered = re.sub(r"\s+", " ", text.lower())
        return [slug for title, slug in self.meetings if title in lowered]

    def cite(self, proposal: Proposal, text: str, source: Item) -> None:
        found = citations.find_decisions(text)
        known = citations.lookup_decisions({c.key for c in found if c.key})
        for citation in found:
            decision = known.get(citation.key) if citation.key else None
            if decision is not None:
                proposal.decisions.append(list(citation.key))
                continue
            reason = (
                f"decision {citation.symbol} is cited but not in the database"
                if citation.key
                else f"decision {citation.text} is cited in a form the portal "
                "cannot read yet"
            )
            self.unplace(source, f"{reason} (not linked)", link=True)
        symbols = citations.find_documents(text)
        documents = citations.lookup_documents(set(symbols))
        linked = {r.document for r in proposal.references}
        for symbol in symbols:
            document = documents.get(symbol)
            if document is None:
                self.unplace(
                    source, f"document {symbol} is not in the database", link=True
                )
            elif document.symbol not in linked:
                linked.add(document.symbol)
                if not any(symbol in r.text for r in proposal.references):
                    proposal.references.append(
                        Reference(
                            f"d{len(linked)}", text=symbol, document=document.symbol
                        )
                    )

    def references(self, item: Item) -> list[Reference]:
        refs = []
        for marker, note in item.notes.items():
            symbols = citations.find_documents(note)
            documents = citations.lookup_documents(set(symbols))
            document = next((documents[s] for s in symbols if s in documents), None)
            refs.append(
                Reference(
                    marker,
                    text=note,
                    url=footnote_url(note),
                    document=document.symbol if document else "",
                )
            )
        return refs

    def unplace(self, item: Item, reason: str, *, link: bool = False) -> None:
        self.plan.unplaced.append(
            Unplaced(item.source_text[:500], reason, item.line, link=link)
        )

    def keep(self, item: Item, where: str) -> None:
        """Text that goes into the report itself, not into an activity."""
        self.plan.kept.append(Unplaced(item.source_text[:500], where, item.line))

    # Proposals ---------------------------------------------------------------

    def slug_for(self, suffix: str) -> str:
        slug = slugify(f"{self.plan.slug}-{suffix}")[:110].strip("-") or "imported"
        candidate, n = slug, 2
        while candidate in self.slugs:
            candidate, n = f"{slug}-{n}", n + 1
        self.slugs.add(candidate)
        return candidate

    def propose(self, section: Section, item: Item, *, status: str, shift: int) -> None:
        narrative = item.cells[0] if item.is_row else item.text
        plain = narrative.replace("\\", "")
        key = f"{section.annex or 0}-{item.number or item.line}"
        area, _ = self.area_for_heading(section.heading)
        area = area or self.area_for_text(plain) or self.default_area
        biennium = self.plan.biennium + shift if self.plan.biennium else None
        proposal = Proposal(
            key=key,
            slug=self.slug_for(key if section.annex else f"{item.number or item.line}"),
            title=first_sentence(narrative),
            narrative=narrative,
            area=area,
            biennium=biennium,
            status=status,
            position=item.number or len(self.plan.proposals) + 1,
            line=item.line,
            source=item.source_text[:500],
            synergy=" ".join(item.cells[1:]) if item.is_row else "",
            references=self.references(item),
        )
        cited_text = " ".join([plain, *item.notes.values()])
        proposal.conventions = self.convention_codes(plain)
        proposal.secretariats = sorted(
            {self.conventions[c].secretariat.code for c in proposal.conventions}
        )
        proposal.partners = self.partner_slugs(plain)
        proposal.events = self.meeting_slugs(plain)
        self.cite(proposal, cited_text, item)
        proposal.why_not = why_not(proposal, item.number)
        self.plan.proposals.append(proposal)


def why_not(proposal: Proposal, number: int | None = None) -> str:
    """Why a proposal cannot be written as it stands ("" when it can)."""
    if number is not None and number > 9999:
        return f"paragraph number {number} is not a paragraph number"
    if not proposal.area:
        return "no thematic area: the heading and the text name none; pick one"
    if proposal.biennium is None:
        return "no biennium: the document names no year; give one"
    try:
        Biennium.parse(str(proposal.biennium))
    except ValidationError:
        return (
            f"biennium {Biennium.label(proposal.biennium)} is outside the "
            "portal's range (2000\u20132001 to 2098\u20132099)"
        )
    return ""


# Reading the layout -------------------------------------------------------------


def guess_biennium(layout: Layout, text: str) -> int | None:
    """From the annex title, the title, then the years the text names most."""
    for source in [layout.annex_titles.get(1, ""), layout.title]:
        if year := YEAR.search(source or ""):
            start = int(year[1])
            return start - start % 2
    years = Counter(int(y) for y in YEAR.findall(text))
    if not years:
        return None
    start = years.most_common(1)[0][0]
    return start - start % 2


def biennial_sections(proposer: Proposer, layout: Layout) -> None:
    """A joint report: cover note, annex introductions, sections, services."""
    plan = proposer.plan
    fields = plan.report_fields
    for number, title in layout.annex_titles.items():
        if number in (1, 2):
            fields[f"annex{number}_title"] = title
    for section in layout.sections:
        # One numbered paragraph each: its lettered items stay in it (a blank line
        # would make them paragraphs of their own in the report).
        texts = ["\n".join(item.blocks) for item in section.items if not item.is_row]
        annex = section.annex if section.annex in (1, 2) else 1
        prefix = f"annex{annex}"
        roman = "I" * annex
        if section.kind == "cover":
            fields["cover_note"] = "\n\n".join(
                filter(None, [fields.get("cover_note"), *texts])
            )
            where = "the note by the secretariat"
        elif section.kind == "chapter" and section.label == "I":
            fields[f"{prefix}_introduction"] = "\n\n".join(texts)
            where = f"the introduction of annex {roman}"
        elif section.kind == "chapter" and section.label == "III":
            fields[f"{prefix}_services_introduction"] = "\n\n".join(texts)
            where = (
                f"the services introduction of annex {roman} (link the service "
                "agreements by hand)"
            )
        else:
            where = ""
        if where:
            for item in section.items:
                proposer.keep(item, where)
        elif section.items:
            area, differs = proposer.area_for_heading(section.heading)
            if section.kind == "section" and area and differs:
                plan.headings.append([annex, area, section.heading])
            planned = annex == 2
            for item in section.items:
                proposer.propose(
                    section,
                    item,
                    status="planned" if planned else "completed",
                    shift=2 if planned else 0,
                )


def other_sections(proposer: Proposer, layout: Layout, *, quarterly: bool) -> None:
    """Any other document: paragraphs and table rows are candidate activities."""
    plan = proposer.plan
    intro: list[str] = []
    numbered = [item.line for _, item in layout.items() if item.number is not None]
    first_number = min(numbered, default=None)
    for section in layout.sections:
        for item in section.items:
            if (
                first_number is not None
                and item.line < first_number
                and (item.number is None)
            ):
                intro.append(item.text)
                proposer.keep(item, "the front matter (before paragraph 1)")
            elif item.is_row:
                status = "ongoing" if quarterly else "completed"
                proposer.propose(section, item, status=status, shift=0)
            elif INTRODUCTORY.match(section.heading) or section.kind == "cover":
                intro.append(item.text)
                proposer.keep(
                    item, f"the report's {'overview' if quarterly else 'note'}"
                )
            elif len(item.text.split()) < MIN_WORDS:
                proposer.unplace(item, "too short to be an activity")
            else:
                planned = PLANNED_WORDS.search(item.blocks[0])
                proposer.propose(
                    section, item, status="planned" if planned else "completed", shift=0
                )
    key = "overview" if quarterly else "cover_note"
    plan.report_fields[key] = "\n\n".join(intro)


def match_existing(plan: Plan) -> None:
    """Point each proposal at the activity an earlier import of it created."""
    bienniums = {p.biennium for p in plan.proposals if p.biennium}
    existing = list(
        Activity.objects.filter(biennium__in=bienniums).only(
            "pk", "slug", "title", "narrative", "biennium", "thematic_area_id"
        )
    )
    by_slug = {a.slug: a for a in existing}
    taken = set(
        Activity.objects.filter(slug__in=[p.slug for p in plan.proposals]).values_list(
            "slug", flat=True
        )
    )
    for proposal in plan.proposals:
        activity = by_slug.get(proposal.slug) or similar(proposal, existing)
        if activity is not None:
            proposal.match, proposal.match_label = activity.pk, activity.title
            proposal.slug = activity.slug
        elif proposal.slug in taken:
            proposal.slug = f"{proposal.slug}-new"[:120]


def plain_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", "")).strip()


def similar(proposal: Proposal, existing: list[Activity]) -> Activity | None:
    """An activity of the same biennium whose narrative is (nearly) the same text:
    cheap length and character-count bounds first, the full comparison last."""
    text = plain_text(proposal.narrative)
    for activity in existing:
        if activity.biennium != proposal.biennium:
            continue
        matcher = SequenceMatcher(None, text, plain_text(activity.narrative), False)
        if (
            matcher.real_quick_ratio() >= 0.9
            and matcher.quick_ratio() >= 0.9
            and matcher.ratio() >= 0.9
        ):
            return activity
    return None


def report_slot(plan: Plan) -> None:
    """An earlier draft of this report is updated; an issued one is never touched."""
    report = Report.objects.filter(slug=plan.slug).first()
    if report is None:
        return
    if report.is_issued:
        plan.problems.append(
            f"The report {plan.slug!r} is already issued and cannot change; give "
            "another permalink (or create a revision of it)."
        )
    elif not report.history.filter(
        history_change_reason=f"Imported from {plan.filename}"
    ).exists():
        plan.problems.append(
            f"The permalink {plan.slug!r} is taken by another report; give another "
            "permalink."
        )
    elif report.kind != plan.kind:
        plan.problems.append(
            f"The permalink {plan.slug!r} belongs to a {report.get_kind_display()}; "
            "give another permalink."
        )
    else:
        plan.report_fields["_match"] = str(report.pk)


def quarter_of(text: str) -> tuple[int, int] | None:
    match = PERIOD.search(text)
    if match is None:
        return None
    return int(match[2]), QUARTER_END[match[1].lower()]


def make_plan(
    layout: Layout,
    text: str,
    *,
    filename: str,
    slug: str = "",
    title: str = "",
    biennium: int | None = None,
    default_area: str = "",
    make_report: bool | None = None,
) -> Plan:
    quarterly = any(s.header for s in layout.sections) and not layout.annex_titles
    period = quarter_of(text) if quarterly else None
    stem = slugify(filename.rsplit(".", 1)[0])[:60] or "document"
    plan = Plan(
        filename=filename,
        kind=Report.Kind.QUARTERLY if quarterly else Report.Kind.BIENNIAL,
        slug=slug or f"imported-{stem}",
        title=title or layout.title or f"Imported from {filename}",
        make_report=bool(layout.annex_titles or quarterly)
        if make_report is None
        else make_report,
    )
    if period:
        plan.year, plan.quarter = period
    plan.biennium = biennium or (
        plan.year - plan.year % 2 if plan.year else guess_biennium(layout, text)
    )
    proposer = Proposer(layout, plan, default_area)
    if layout.annex_titles:
        biennial_sections(proposer, layout)
    else:
        other_sections(proposer, layout, quarterly=quarterly)
    match_existing(plan)
    if plan.make_report:
        report_slot(plan)
    plan.read = {
        "lines": layout.lines_read,
        "paragraphs": layout.paragraph_count,
        "rows": layout.row_count,
        "footnotes": len(layout.notes),
        "noise": len(layout.noise),
        "sections": sum(1 for s in layout.sections if s.heading),
    }
    return plan
