"""EXPLAIN ANALYZE of every query the list pages and the API run, per filter and sort.

Run in a subprocess against one bench database (PostgreSQL): requests each address
below with Django's test client (page cache off), captures its SQL, and explains each
SELECT. Writes a Markdown table: execution time, the indexes used, and any sequential
scan of a large table, so every index is justified by a plan on real-sized data.

    DATABASE_URL=... python -m bench.explain > bench/results/explain-100k.md
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

BIG_TABLES = (
    "activities_activity",
    "activities_event",
    "activities_partnership",
    "activities_reference",
    "activities_activity_conventions",
    "activities_activity_decisions",
    "decisions_decision",
    "decisions_meeting",
    "decisions_document",
)


def addresses() -> dict[str, str]:
    from django.urls import reverse

    from bench.probe import choose_urls
    from decisions.models import Organization

    urls = {k: v for k, v in choose_urls().items() if not k.startswith("_")}
    partner = Organization.objects.filter(partnerships__isnull=False).first()
    html, api = reverse("activities:list"), reverse("activity-list")
    for base, prefix in ((html, ""), (api, "api_")):
        for name, query in (
            ("convention", "convention=SC"),
            ("thematic_area", "thematic_area=outreach"),
            ("status", "status=ongoing"),
            ("biennium", "biennium=2024-2025"),
            ("kind", "kind=administrative"),
            ("partner", f"partner={partner.slug}"),
            ("decision", "decision=MC-5/19"),
            ("year", "year=2020"),
            ("search", "q=mercury"),
        ):
            urls[f"{prefix}filter_{name}"] = f"{base}?{query}"
    for ordering in ("title", "-biennium", "updated", "thematic_area"):
        urls[f"sort_{ordering}"] = f"{html}?ordering={ordering}"
        urls[f"sort_{ordering}_deep"] = f"{html}?ordering={ordering}&page=4000"
    urls["api_ordering_updated_at"] = f"{api}?ordering=updated_at"
    urls["decisions_list"] = reverse("decisions:list")
    urls["decisions_by_convention"] = reverse("decisions:list") + "?convention=BC"
    urls["meetings"] = reverse("decisions:meetings")
    return urls


def explain(sql: str) -> tuple[float, list[str], list[str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan)[1])
    indexes = sorted(set(re.findall(r"using (\w+) on", plan, flags=re.I)))
    seq = sorted({t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in BIG_TABLES})
    return ms, indexes, seq


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from activities.models import Activity

    client = Client()
    print(f"# Query plans at {Activity.objects.count():,} activities\n")
    print(
        "Every SELECT each address runs, explained with `EXPLAIN ANALYZE` on "
        "PostgreSQL. *seq scan* names a large table read in full.\n"
    )
    print("| address | query | ms | indexes used | seq scan |")
    print("|---|---|---:|---|---|")
    for name, url in addresses().items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        for number, query in enumerate(captured.captured_queries, 1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            ms, indexes, seq = explain(sql)
            label = f"`{name}` ({status})" if number == 1 else ""
            head = re.sub(r"\s+", " ", sql)[:70].replace("|", "\\|")
            print(
                f"| {label} | {number}: `{head}…` | {ms:.2f} | "
                f"{', '.join(indexes) or '–'} | {', '.join(seq) or '–'} |"
            )


if __name__ == "__main__":
    main()
