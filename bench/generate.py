"""Synthetic but realistic brsportal data, bulk-inserted into the DATABASE_URL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brs_bench_1k \\
        .venv/bin/python -m bench.generate --activities 1000

Run it on a migrated database that holds the shipped fixtures (bench/run.py loads
them first). Proportions follow the seeds, scaled to decades of joint work: per
100,000 activities there are 10,000 decisions, about 2,000 meetings and 18,000 events,
1,000 organizations, 2 references, 1.5 partners and 0.3 synergies per activity, and
90% of activities published. Synthetic activities fall in the bienniums 2000-2022, so
the seed reports (2024-2025 and 2014) keep their content at any size.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Iterable
from pathlib import Path

BATCH = 5000
FIRST_YEAR, LAST_YEAR = 2000, 2023
SYNTHETIC_BIENNIA = list(range(FIRST_YEAR, LAST_YEAR, 2))

WORDS = [
    "mercury",
    "waste",
    "chemicals",
    "pesticides",
    "persistent",
    "organic",
    "pollutants",
    "plastic",
    "secretariat",
    "parties",
    "convention",
    "joint",
    "webinar",
    "training",
    "workshop",
    "regional",
    "centre",
    "capacity",
    "building",
    "technical",
    "assistance",
    "guidance",
    "inventory",
    "national",
    "reporting",
    "compliance",
    "illegal",
    "traffic",
    "customs",
    "enforcement",
    "laboratory",
    "monitoring",
    "gender",
    "health",
    "artisanal",
    "gold",
    "mining",
    "e-waste",
    "dental",
    "amalgam",
    "lead",
    "cadmium",
    "batteries",
    "knowledge",
    "management",
    "outreach",
    "partnership",
    "donors",
    "resource",
    "mobilization",
    "Geneva",
    "Nairobi",
    "Bangkok",
    "Panama",
    "Dakar",
    "biodiversity",
    "climate",
    "ozone",
    "synergies",
    "efficiency",
    "review",
    "committee",
    "listing",
    "substitution",
    "alternatives",
    "phase-out",
    "emissions",
    "releases",
]
FILLER = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "by",
    "as",
    "at",
    "under",
    "between",
    "from",
    "within",
]


def sentence(rng: random.Random, words: int) -> str:
    picked = [
        rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(FILLER)
        for _ in range(words)
    ]
    return " ".join(picked).capitalize() + "."


def narrative(rng: random.Random, markers: list[str]) -> str:
    """About 80 words in two Markdown paragraphs, citing the references."""
    paragraphs = []
    for _ in range(2):
        paragraphs.append(" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(3)))
    if markers:
        paragraphs[0] += "".join(f"[^{m}]" for m in markers)
    return "\n\n".join(paragraphs)


def title(rng: random.Random) -> str:
    return sentence(rng, rng.randint(5, 11))[:-1][:300]


def bulk(model, rows: Iterable, batch: int = BATCH) -> list:
    """bulk_create in batches; returns the created objects (with ids on PostgreSQL)."""
    created: list = []
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            created.extend(model.objects.bulk_create(chunk))
            chunk = []
    if chunk:
        created.extend(model.objects.bulk_create(chunk))
    return created


def day(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


class Generator:
    """Builds one data set of ``activities`` activities and its proportions."""

    def __init__(self, activities: int, seed: int = 7) -> None:
        self.n = activities
        self.scale = activities / 100_000
        self.rng = random.Random(seed)

    def count(self, at_100k: int, minimum: int) -> int:
        return max(minimum, round(at_100k * self.scale))

    def run(self) -> dict[str, int]:
        from django.db import transaction

        with transaction.atomic():
            self.reference_data()
            self.organizations()
            self.meetings_and_decisions()
            self.documents()
            self.activities()
            self.activity_rows()
        self.spread_timestamps()
        return self.counts()

    def reference_data(self) -> None:
        from activities.models import ThematicArea
        from decisions.models import Convention, Secretariat

        self.conventions = list(Convention.objects.order_by("position"))
        self.secretariats = list(Secretariat.objects.all())
        self.areas = list(ThematicArea.objects.all())
        if not (self.conventions and self.secretariats and self.areas):
            sys.exit("Load the fixtures first (conventions, thematic areas).")

    def organizations(self) -> None:
        from decisions.models import Organization

        kinds = [k for k, _ in Organization.Kind.choices]
        self.orgs = bulk(
            Organization,
            (
                Organization(
                    slug=f"syn-org-{i}",
                    name=f"Synthetic organization {i}",
                    acronym=f"SO{i}",
                    kind=self.rng.choice(kinds),
                )
                for i in range(self.count(1000, 50))
            ),
        )

    def meetings_and_decisions(self) -> None:
        """COPs every two years per convention, ~30 decisions each, and other
        meetings to reach ~2,000 meetings at 100,000 activities."""
        from decisions.models import Decision, DecisionParagraph, Meeting

        rng = self.rng
        target_decisions = self.count(10_000, 100)
        per_cop = 30
        cops_per_convention = max(
            1, target_decisions // per_cop // len(self.conventions)
        )
        meetings, cop_keys = [], []
        for convention in self.conventions:
            for k in range(cops_per_convention):
                number = 30 + k  # after the real meeting numbers
                year = (
                    FIRST_YEAR + (k * (LAST_YEAR - FIRST_YEAR)) // cops_per_convention
                )
                start = day(rng, year)
                meetings.append(
                    Meeting(
                        slug=f"syn-{convention.code.lower()}-cop-{number}",
                        kind=Meeting.Kind.COP,
                        convention=convention,
                        number=number,
                        title=f"Conference of the Parties to the {convention} {number}",
                        start_date=start,
                        end_date=start + datetime.timedelta(days=rng.randint(3, 12)),
                        city=rng.choice(["Geneva", "Nairobi", "Bali", "Panama"]),
                        country="Switzerland",
                        status=Meeting.Status.HELD,
                    )
                )
                cop_keys.append((convention, number, year))
        kinds = [Meeting.Kind.EXPERT, Meeting.Kind.REGIONAL, Meeting.Kind.OTHER]
        for i in range(self.count(2000, 20) - len(meetings)):
            start = day(rng, rng.randint(FIRST_YEAR, LAST_YEAR + 3))
            meetings.append(
                Meeting(
                    slug=f"syn-meeting-{i}",
                    kind=rng.choice(kinds),
                    convention=rng.choice(self.conventions),
                    title=title(rng),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(0, 4)),
                    online=rng.random() < 0.3,
                    city=rng.choice(["Geneva", "Bangkok", "Dakar", ""]),
                    status=Meeting.Status.HELD,
                )
            )
        self.meetings = bulk(Meeting, meetings)
        cops = self.meetings[: len(cop_keys)]
        decisions = [
            Decision(
                convention=convention,
                meeting_number=number,
                number=d,
                title=title(rng),
                summary=sentence(rng, 30),
                meeting=cop,
                adopted_on=cop.end_date,
                status=Decision.Status.ADOPTED,
            )
            for cop, (convention, number, _year) in zip(cops, cop_keys, strict=True)
            for d in range(1, per_cop + 1)
        ]
        self.decisions = bulk(Decision, decisions)
        # Decisions by the biennium their meeting falls in, for realistic mandates.
        self.decisions_by_year: dict[int, list] = {}
        for decision, (_c, _n, year) in zip(
            self.decisions,
            [key for key in cop_keys for _ in range(per_cop)],
            strict=True,
        ):
            self.decisions_by_year.setdefault(year - year % 2, []).append(decision)
        self.paragraphs = bulk(
            DecisionParagraph,
            (
                DecisionParagraph(
                    decision=decision,
                    reference=str(p),
                    text=sentence(rng, 20),
                    position=p,
                )
                for decision in self.decisions
                if rng.random() < 0.3
                for p in range(1, 4)
            ),
        )

    def documents(self) -> None:
        from decisions.models import Document

        self.documents_ = bulk(
            Document,
            (
                Document(
                    symbol=f"UNEP/SYN.{i // 100}/INF/{i % 100 + 1}",
                    title=title(self.rng),
                    meeting=self.rng.choice(self.meetings),
                    url=f"https://www.brsmeas.org/syn/{i}",
                )
                for i in range(self.count(20_000, 200))
            ),
        )

    def activities(self) -> None:
        from activities.models import Activity, PublicationStatus

        rng = self.rng
        statuses = [Activity.Status.COMPLETED] * 6 + [
            Activity.Status.ONGOING,
            Activity.Status.CANCELLED,
        ]
        publication = [PublicationStatus.PUBLISHED] * 18 + [
            PublicationStatus.DRAFT,
            PublicationStatus.IN_REVIEW,
        ]
        self.reference_counts = [rng.choice([0, 1, 2, 2, 3, 4]) for _ in range(self.n)]
        self.activity_list = bulk(
            Activity,
            (
                Activity(
                    slug=f"syn-activity-{i}",
                    title=title(rng),
                    narrative=narrative(
                        rng, [str(m) for m in range(1, self.reference_counts[i] + 1)]
                    ),
                    thematic_area=rng.choice(self.areas),
                    kind=rng.choice(["programmatic"] * 4 + ["administrative"]),
                    status=rng.choice(statuses),
                    biennium=rng.choice(SYNTHETIC_BIENNIA),
                    position=i,
                    publication_status=rng.choice(publication),
                )
                for i in range(self.n)
            ),
        )

    def activity_rows(self) -> None:
        """M2M links, partners, events, references, synergies and cost savings."""
        from activities.models import (
            Activity,
            CostSaving,
            Event,
            Partnership,
            Reference,
            Synergy,
        )

        rng = self.rng
        through = Activity.conventions.through
        bulk(
            through,
            (
                through(activity_id=a.pk, convention_id=c.pk)
                for a in self.activity_list
                for c in rng.sample(self.conventions, rng.choice([1, 1, 2, 4]))
            ),
        )
        through = Activity.secretariats.through
        bulk(
            through,
            (
                through(activity_id=a.pk, secretariat_id=s.pk)
                for a in self.activity_list
                for s in rng.sample(self.secretariats, rng.choice([1, 1, 2]))
            ),
        )
        through = Activity.decisions.through
        all_decisions = self.decisions

        def mandates(activity) -> list:
            pool = self.decisions_by_year.get(activity.biennium) or all_decisions
            return rng.sample(pool, min(len(pool), rng.choice([0, 1, 1, 2, 3])))

        bulk(
            through,
            (
                through(activity_id=a.pk, decision_id=d.pk)
                for a in self.activity_list
                for d in mandates(a)
            ),
        )
        if self.paragraphs:
            through = Activity.decision_paragraphs.through
            bulk(
                through,
                (
                    through(activity_id=a.pk, decisionparagraph_id=p.pk)
                    for a in self.activity_list
                    if rng.random() < 0.2
                    for p in [rng.choice(self.paragraphs)]
                ),
            )
        roles = [r for r, _ in Partnership.Role.choices]
        bulk(
            Partnership,
            (
                Partnership(activity=a, organization=o, role=rng.choice(roles))
                for a in self.activity_list
                for o in rng.sample(self.orgs, rng.choice([0, 1, 2, 3]))
            ),
        )
        event_kinds = [k for k, _ in Event.Kind.choices]
        with_events = rng.sample(self.activity_list, min(self.n, round(self.n * 0.18)))
        bulk(
            Event,
            (
                Event(
                    activity=a,
                    kind=rng.choice(event_kinds),
                    title=title(rng),
                    start_date=(start := day(rng, a.biennium + rng.randint(0, 1))),
                    end_date=start + datetime.timedelta(days=rng.randint(0, 3)),
                    meeting=rng.choice(self.meetings) if rng.random() < 0.3 else None,
                    online=rng.random() < 0.5,
                    city=rng.choice(["Geneva", "Online", "Nairobi", ""]),
                )
                for a in with_events
            ),
        )
        bulk(
            Reference,
            (
                Reference(
                    activity=a,
                    marker=str(m),
                    position=m,
                    text=sentence(rng, 8),
                    url=f"https://www.brsmeas.org/ref/{a.pk}/{m}",
                    document=rng.choice(self.documents_)
                    if rng.random() < 0.3
                    else None,
                )
                for a, count in zip(
                    self.activity_list, self.reference_counts, strict=True
                )
                for m in range(1, count + 1)
            ),
        )
        bulk(
            Synergy,
            (
                Synergy(activity=a, description=sentence(rng, 20), position=1)
                for a in self.activity_list
                if rng.random() < 0.3
            ),
        )
        bulk(
            CostSaving,
            (
                CostSaving(
                    activity=a,
                    year=a.biennium,
                    quarter=rng.randint(1, 4),
                    amount=rng.randint(100, 90_000),
                )
                for a in self.activity_list
                if rng.random() < 0.1
            ),
        )

    def spread_timestamps(self) -> None:
        """Bulk inserts stamp every row 'now'; spread them over their biennium instead,
        as decades of edits would (the API's cursor walks updated_at)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE activities_activity SET created_at = make_date(biennium, 1, 1)"
                " + random() * interval '700 days', updated_at = make_date(biennium,"
                " 1, 1) + random() * interval '730 days' WHERE slug LIKE 'syn-%%'"
            )
            for table in (
                "decisions_meeting",
                "decisions_decision",
                "activities_event",
            ):
                cursor.execute(
                    f"UPDATE {table} SET updated_at = updated_at"  # noqa: S608
                    " - random() * interval '8000 days'"
                )

    def counts(self) -> dict[str, int]:
        from activities.models import Activity, Event, Partnership, Reference, Synergy
        from decisions.models import Decision, Document, Meeting, Organization

        return {
            model._meta.label: model.objects.count()
            for model in (
                Activity,
                Decision,
                Meeting,
                Event,
                Organization,
                Document,
                Partnership,
                Reference,
                Synergy,
            )
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a dedicated PostgreSQL database (brs_bench_*).")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brsportal.settings")
    import django

    django.setup()
    from django.db import connection

    if not connection.settings_dict["NAME"].startswith("brs_bench"):
        sys.exit("Refusing to write outside a brs_bench_* database.")
    started = time.perf_counter()
    counts = Generator(args.activities, args.seed).run()
    with connection.cursor() as cursor:
        # Autovacuum's steady state: statistics, and the visibility map for
        # index-only scans.
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    print(f"generated {args.activities} activities in {seconds:.1f} s: {counts}")
    print(f"GENERATION_SECONDS={seconds:.2f}")


if __name__ == "__main__":
    main()
