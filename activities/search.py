"""One search over activities, decisions, documents, meetings and organisations,
ranked by relevance, with highlighted snippets and facets with counts.

The query language is PostgreSQL's ``websearch_to_tsquery``: words (all must
match, stemmed), ``"a phrase"``, ``a OR b``, ``-word`` and ``-"a phrase"``. It never
fails: an unclosed quote runs to the end, a lone ``-`` or ``OR`` is ignored.

- PostgreSQL: ``websearch_to_tsquery`` against each record's terms (the activities'
  stored ``search_document`` with its GIN index; the smaller tables' title and text
  parsed on the fly), ranked with ``ts_rank_cd`` normalised to [0, 1) plus 1 when the
  title itself matches, so an exact title match ranks above a mention in a
  narrative; snippets by ``ts_headline``.
- SQLite: an FTS5 table (``search_index``, kept by triggers, migration 0008) with
  the Porter stemmer; ``fts5_query`` translates the same syntax into FTS5's, and
  ``bm25`` ranks with the title weighing ten times the text; snippets by
  ``snippet()``.

On both, a query that reads as a decision symbol (BC-17/22, bc1722) puts that
decision first, and one that is a document symbol puts that document first.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brsportal.cache import memoize
from decisions.models import Convention, Decision, Document, Meeting, Organization
from decisions.symbols import parse_decision_symbol

from .models import Activity, Biennium, ThematicArea
from .models.activities import SEARCH_CONFIG
from .narrative import excerpt

MAX_QUERY = 200
START, STOP = "\u27e6", "\u27e7"  # snippet markers, replaced by <mark> after escaping
KINDS = {
    "activity": _("Activities"),
    "decision": _("Decisions"),
    "document": _("Documents"),
    "meeting": _("Meetings"),
    "organization": _("Organisations"),
}
KIND_LABELS = {
    "activity": _("Activity"),
    "decision": _("Decision"),
    "document": _("Document"),
    "meeting": _("Meeting"),
    "organization": _("Organisation"),
}
# FTS5 rowids: the record's primary key times 8 plus its kind's number.
KIND_NUMBERS = {kind: number for number, kind in enumerate(KINDS, start=1)}
# What PostgreSQL's english configuration drops as stop words; dropped here too
# (outside phrases) so that both databases answer alike.
STOP_WORDS = {
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into",
    "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "to", "was", "will", "with",
}  # fmt: skip


# ---------------------------------------------------------------- the query syntax


@dataclass
class Query:
    """A parsed query: AND of clauses, each an OR of phrases (lists of words)."""

    clauses: list[list[list[str]]] = field(default_factory=list)
    negated: list[list[str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.clauses and not self.negated


TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def words_of(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.casefold()) if w]


def parse(text: str) -> Query:
    """websearch_to_tsquery's grammar, read the same way on both databases."""
    query = Query()
    pending_or = False
    for match in TOKEN.finditer(clean(text)):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.upper() == "OR":
            pending_or = bool(query.clauses)
            continue
        if bare is not None:
            minus, bare = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
            words = [w for w in words_of(bare) if w not in STOP_WORDS]
        else:
            words = words_of(phrase)
        if not words:
            continue
        if minus:
            query.negated.append(words)
        elif pending_or:
            query.clauses[-1].append(words)
        else:
            query.clauses.append([words])
        pending_or = False
    return query


def clean(text: str) -> str:
    return (text or "").replace("\x00", " ")[:MAX_QUERY].strip()


def fts5_phrase(words: list[str]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts5_match(alternatives: Iterable[list[str]]) -> str:
    return " OR ".join(fts5_phrase(words) for words in alternatives)


def fts5_query(query: Query) -> tuple[str | None, str | None]:
    """FTS5 MATCH expressions: what must match, and what must not."""
    positive = " AND ".join(f"({fts5_match(clause)})" for clause in query.clauses)
    negative = fts5_match(query.negated)
    return positive or None, negative or None


# ---------------------------------------------------------------- what is searched


@dataclass(frozen=True)
class Kind:
    """One kind of record: its public rows and the text a search reads."""

    name: str
    title: Any  # expression of the title
    body: Any  # expression of the text under it

    def public(self) -> QuerySet:
        return {
            "activity": lambda: Activity.objects.published(),
            "decision": lambda: Decision.objects.all(),
            "document": lambda: Document.objects.all(),
            "meeting": lambda: Meeting.objects.all(),
            "organization": lambda: Organization.objects.all(),
        }[self.name]()


def concat(*parts) -> Concat:
    pieces: list[Any] = []
    for part in parts:
        if pieces:
            pieces.append(Value(" "))
        pieces.append(Coalesce(part, Value("")) if isinstance(part, str) else part)
    return Concat(*pieces, output_field=models.TextField())


def decision_symbol_text() -> Concat:
    return Concat(
        F("convention__code"),
        Value("-"),
        Cast("meeting_number", models.TextField()),
        Value("/"),
        Cast("number", models.TextField()),
        output_field=models.TextField(),
    )


SEARCHED = {
    "activity": Kind("activity", F("title"), F("narrative")),
    "decision": Kind("decision", concat(decision_symbol_text(), "title"), F("summary")),
    "document": Kind("document", concat("symbol", "title"), Value("")),
    "meeting": Kind("meeting", F("title"), concat("venue", "city", "country")),
    "organization": Kind("organization", F("name"), F("acronym")),
}


# ---------------------------------------------------------------- facets


@dataclass
class Filters:
    kind: str = ""
    convention: Convention | None = None
    biennium: int | None = None
    thematic_area: ThematicArea | None = None

    def key(self) -> tuple:
        return (
            self.kind,
            self.convention.code if self.convention else None,
            self.biennium,
            self.thematic_area.slug if self.thematic_area else None,
        )

    def kinds(self) -> list[str]:
        """Biennium and theme are the activities'; a convention, not organisations'."""
        if self.biennium or self.thematic_area:
            kinds = ["activity"]
        elif self.convention:
            kinds = ["activity", "decision", "document", "meeting"]
        else:
            kinds = list(KINDS)
        return [k for k in kinds if not self.kind or k == self.kind]


def apply_filters(kind: str, rows: QuerySet, filters: Filters) -> QuerySet:
    if filters.convention:
        rows = {
            "activity": lambda: rows.under_conventions([filters.convention]),
            "decision": lambda: rows.filter(convention=filters.convention),
            "document": lambda: rows.filter(meeting__convention=filters.convention),
            "meeting": lambda: rows.filter(convention=filters.convention),
        }[kind]()
    if kind == "activity" and filters.biennium:
        rows = rows.filter(biennium=filters.biennium)
    if kind == "activity" and filters.thematic_area:
        rows = rows.filter(thematic_area=filters.thematic_area)
    return rows


def convention_counts(kind: str, rows: QuerySet) -> Counter:
    if kind == "activity":
        links = Activity.conventions.through.objects.filter(activity__in=rows)
        pairs = links.values_list("convention__code").annotate(n=models.Count("pk"))
    elif kind == "organization":
        return Counter()
    else:
        path = "meeting__convention__code" if kind == "document" else "convention__code"
        pairs = (
            rows.order_by().values_list(path).annotate(n=models.Count("pk")).order_by()
        )
    return Counter({code: n for code, n in pairs if code})


@dataclass
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int]]  # value, label, count


def facets(
    matching: dict[str, QuerySet],
    filters: Filters,
    extra: tuple[str, Any] | None = None,
) -> list[Facet]:
    """Counts of what matches, by kind, convention, biennium and thematic area;
    ``extra`` is a decision or document found by its symbol."""
    kinds = Counter({kind: rows.count() for kind, rows in matching.items()})
    conventions: Counter = Counter()
    for kind, rows in matching.items():
        conventions += convention_counts(kind, rows)
    if extra:
        kind, record = extra
        kinds[kind] += 1
        body = record.convention if kind == "decision" else None
        if kind == "document" and record.meeting_id:
            body = record.meeting.convention
        if body is not None:
            conventions[body.code] += 1
    activities = matching.get("activity")
    bienniums, themes = [], []
    if activities is not None:
        bienniums = list(
            activities.order_by()
            .values_list("biennium")
            .annotate(n=models.Count("pk"))
            .order_by("-biennium")
        )
        themes = list(
            activities.order_by()
            .values_list("thematic_area__slug", "thematic_area__name")
            .annotate(n=models.Count("pk"))
            .order_by("thematic_area__position", "thematic_area__name")
        )
    names = dict(Convention.objects.values_list("code", "short_name"))
    order = list(Convention.objects.values_list("code", flat=True))
    return [
        Facet(
            "kind",
            str(_("Kind of record")),
            [(k, str(KINDS[k]), kinds[k]) for k in KINDS if kinds[k]],
        ),
        Facet(
            "convention",
            str(_("Convention")),
            [(c, names[c], conventions[c]) for c in order if conventions[c]],
        ),
        Facet(
            "biennium",
            str(_("Biennium")),
            [(Biennium.label(b), Biennium.label(b), n) for b, n in bienniums],
        ),
        Facet("thematic_area", str(_("Thematic area")), themes),
    ]


# ---------------------------------------------------------------- results


@dataclass
class Hit:
    kind: str
    record: Any
    rank: float
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def title(self) -> str:
        if self.kind == "decision":
            return f"{self.record.symbol} {self.record.title}"
        if self.kind == "document":
            return f"{self.record.symbol} {self.record.title}".strip()
        return str(getattr(self.record, "title", None) or self.record)

    @property
    def url(self) -> str | None:
        if self.kind == "organization":
            return None
        return self.record.get_absolute_url()


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: list[Facet]


def highlighted(text: str) -> SafeString:
    """Escape a snippet, then turn the markers around matches into <mark>."""
    safe = escape(" ".join((text or "").split()))
    return mark_safe(  # noqa: S308 (escaped above; only our markers become tags)
        safe.replace(START, "<mark>").replace(STOP, "</mark>")
    )


def symbol_match(text: str) -> tuple[str, Any] | None:
    """The decision or document whose symbol the whole query is."""
    text = clean(text)
    try:
        parse_decision_symbol(text)
    except ValidationError:
        pass
    else:
        decision = Decision.objects.by_symbol(text).select_related("convention").first()
        if decision is not None:
            return "decision", decision
    if "/" not in text:
        return None
    # Any symbol of the document, first or parallel, in any case (the grammar's).
    try:
        document = Document.objects.by_symbol(text).first()
    except ValidationError:
        return None
    return ("document", document) if document is not None else None


def search(text: str, filters: Filters, offset: int = 0, limit: int = 20) -> Results:
    """The hits from ``offset`` to ``offset + limit``, their total and the facets."""
    query = parse(text)
    if query.empty:
        return Results([], 0, [])
    backend = PostgresSearch(text) if connection.vendor == "postgresql" else FtsSearch()
    matching = {
        kind: apply_filters(kind, backend.matching(kind, query), filters)
        for kind in filters.kinds()
    }
    first = symbol_match(text)
    if first and not (
        first[0] in matching
        and apply_filters(first[0], SEARCHED[first[0]].public(), filters)
        .filter(pk=first[1].pk)
        .exists()
    ):
        first = None  # filtered out by the facets
    if first:
        # The symbol's record leads, whether or not its text matches the words.
        matching[first[0]] = matching[first[0]].exclude(pk=first[1].pk)

    def count() -> tuple[int, list[Facet]]:
        total = sum(rows.count() for rows in matching.values()) + bool(first)
        return total, facets(matching, filters, extra=first)

    # Counted once per change of the records, as the lists' totals are.
    key = repr((clean(text), filters.key(), get_language()))
    digest = hashlib.sha256(key.encode()).hexdigest()
    total, found = memoize(f"search:{digest}", count)
    if first:
        # The symbol's record leads the first page; the ranked ones shift by one.
        kind, record = first
        if offset == 0:
            hits = [Hit(kind, record, float("inf"))]
            hits += backend.ranked(matching, query, 0, limit - 1)
        else:
            hits = backend.ranked(matching, query, offset - 1, limit)
    else:
        hits = backend.ranked(matching, query, offset, limit)
    backend.add_snippets(hits, query)
    return Results(hits, total, found)


def load(hits_by_kind: dict[str, list[int]]) -> dict[tuple[str, int], Any]:
    records = {}
    related = {
        "activity": ("thematic_area",),
        "decision": ("convention", "meeting"),
        "document": ("meeting",),
        "meeting": ("convention", "organization"),
        "organization": (),
    }
    for kind, keys in hits_by_kind.items():
        rows = SEARCHED[kind].public()
        if related[kind]:
            rows = rows.select_related(*related[kind])
        if kind == "activity":
            rows = rows.prefetch_related("conventions")
        for row in rows.filter(pk__in=keys):
            records[kind, row.pk] = row
    return records


# PostgreSQL: the text of the smaller tables as full-text terms, each behind a GIN
# index on the same expression (migration 0009); a decision's symbol is found by
# symbol_match(), not by its words.
TERMS_SQL = {
    "decision": ("decisions_decision", ("title", "summary")),
    "document": ("decisions_document", ("symbol", "title")),
    "meeting": ("decisions_meeting", ("title", "venue", "city", "country")),
    "organization": ("decisions_organization", ("name", "acronym")),
}


def terms_sql(kind: str, qualified: bool = True) -> str:
    table, columns = TERMS_SQL[kind]
    prefix = f'"{table}".' if qualified else ""
    text = " || ' ' || ".join(f"COALESCE({prefix}\"{c}\", '')" for c in columns)
    return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {text})"


class PostgresSearch:
    """Ranking and snippets in PostgreSQL (websearch_to_tsquery, ts_rank_cd)."""

    def __init__(self, text: str) -> None:
        self.query = SearchQuery(
            clean(text), config=SEARCH_CONFIG, search_type="websearch"
        )

    def vector(self, kind: str):
        if kind == "activity":
            return F("search_document")
        return RawSQL(terms_sql(kind), [], output_field=SearchVectorField())  # noqa: S611

    def matching(self, kind: str, query: Query) -> QuerySet:
        rows = SEARCHED[kind].public()
        if kind == "activity":
            return rows.filter(search_document=self.query)
        return rows.annotate(terms=self.vector(kind)).filter(terms=self.query)

    def title_matches(self, kind: str) -> Q:
        """Whether the title matches, parsed from the title alone."""
        title = SearchVector(SEARCHED[kind].title, config=SEARCH_CONFIG)
        return Q(SearchVectorExact(title, self.query))

    def rank(self, kind: str):
        """ts_rank_cd in [0, 1) (normalisation 32), plus 1 when the title matches
        (for activities, read from the title's weight A in the stored terms)."""
        if kind == "activity":
            title_only = SearchRank(
                F("search_document"),
                self.query,
                weights=[0.0, 0.0, 0.0, 1.0],
                cover_density=True,
            )
            in_title = Q(GreaterThan(title_only, 0))
        else:
            in_title = self.title_matches(kind)
        return SearchRank(
            self.vector(kind), self.query, cover_density=True, normalization=32
        ) + Case(
            When(in_title, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )

    @staticmethod
    def values(rows: QuerySet, rank, kind: str) -> QuerySet:
        return (
            rows.annotate(rank=rank, hit_kind=Value(kind), key=F("pk"))
            .order_by()
            .values_list("hit_kind", "key", "rank")
        )

    def ranked(self, matching: dict[str, QuerySet], query: Query, offset, limit):
        parts = [
            self.values(rows, self.rank(kind), kind) for kind, rows in matching.items()
        ]
        if not parts:
            return []
        union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        rows = list(union.order_by("-rank", "hit_kind", "key")[offset : offset + limit])
        return hits_from(rows)

    def add_snippets(self, hits: list[Hit], query: Query) -> None:
        by_kind: dict[str, list[Hit]] = {}
        for hit in hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        for kind, kind_hits in by_kind.items():
            searched = SEARCHED[kind]
            headlines = dict(
                SEARCHED[kind]
                .public()
                .filter(pk__in=[h.record.pk for h in kind_hits])
                .annotate(
                    headline=SearchHeadline(
                        concat(searched.title, Value("\u2014"), searched.body),
                        self.query,
                        config=SEARCH_CONFIG,
                        start_sel=START,
                        stop_sel=STOP,
                        max_words=35,
                        min_words=15,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    )
                )
                .values_list("pk", "headline")
            )
            for hit in kind_hits:
                hit.snippet = highlighted(headlines.get(hit.record.pk, ""))


def hits_from(rows: list[tuple[str, int, float]]) -> list[Hit]:
    keys: dict[str, list[int]] = {}
    for kind, pk, _rank in rows:
        keys.setdefault(kind, []).append(pk)
    records = load(keys)
    return [
        Hit(kind, records[kind, pk], rank)
        for kind, pk, rank in rows
        if (kind, pk) in records
    ]


def fts_filter(rows: QuerySet, kind: str, text: str) -> QuerySet:
    """SQLite: the rows of one kind that match ``text`` in the FTS5 table."""
    query = parse(text)
    if query.empty:
        return rows.none()
    return FtsSearch().matching(kind, query, rows)


class FtsSearch:
    """SQLite: the FTS5 table ``search_index`` and its bm25 ranking."""

    def __init__(self) -> None:
        self.scores: dict[int, float] | None = None

    def fts_rows(self, expression: str) -> dict[int, float]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, bm25(search_index, 0.0, 10.0, 1.0) FROM search_index "
                "WHERE search_index MATCH %s",
                [expression],
            )
            return {rowid: -score for rowid, score in cursor.fetchall()}

    def matching(
        self, kind: str, query: Query, rows: QuerySet | None = None
    ) -> QuerySet:
        positive, negative = fts5_query(query)
        if self.scores is None:
            self.scores = self.fts_rows(positive) if positive else {}
            self.excluded = set(self.fts_rows(negative)) if negative else set()
        number = KIND_NUMBERS[kind]
        rows = SEARCHED[kind].public() if rows is None else rows
        if positive:
            keys = [r // 8 for r in self.scores if r % 8 == number]
            rows = rows.filter(pk__in=keys)
        excluded = [r // 8 for r in self.excluded if r % 8 == number]
        return rows.exclude(pk__in=excluded) if excluded else rows

    def ranked(self, matching: dict[str, QuerySet], query: Query, offset, limit):
        scored = []
        for kind, rows in matching.items():
            number = KIND_NUMBERS[kind]
            for pk in rows.values_list("pk", flat=True):
                scored.append((kind, pk, self.scores.get(pk * 8 + number, 0.0)))
        scored.sort(key=lambda row: (-row[2], row[0], row[1]))
        return hits_from(scored[offset : offset + limit])

    def add_snippets(self, hits: list[Hit], query: Query) -> None:
        positive, _negative = fts5_query(query)
        snippets: dict[int, str] = {}
        rowids = [h.record.pk * 8 + KIND_NUMBERS[h.kind] for h in hits]
        if positive and rowids:
            with connection.cursor() as cursor:
                # Only placeholders are joined into the statement.
                marks = ", ".join(["%s"] * len(rowids))
                sql = (
                    "SELECT rowid, snippet(search_index, -1, %s, %s, ' … ', 24) "
                    "FROM search_index WHERE search_index MATCH %s AND rowid IN "
                )
                cursor.execute(f"{sql}({marks})", [START, STOP, positive, *rowids])
                snippets = dict(cursor.fetchall())
        for hit, rowid in zip(hits, rowids, strict=True):
            text = snippets.get(rowid)
            if text is None:
                text = excerpt(getattr(hit.record, "narrative", "") or "", 30)
            hit.snippet = highlighted(text)
