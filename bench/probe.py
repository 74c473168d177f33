"""In-process part of the benchmark, run in a subprocess against one bench database:
choose the endpoints' URLs from the data, count each one's queries with Django's test
client, and EXPLAIN (ANALYZE) the list queries. Prints one JSON object.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ENDPOINTS = [
    "home",
    "activity_list",
    "activity_list_deep",
    "activity_search",
    "activity_detail",
    "decision_detail",
    "api_activity_list",
    "api_activity_list_deep",
    "api_decision_detail",
    "calendar",
    "report_pdf",
    "search_rare",
    "search_common",
    "search_phrase",
    "stock_list",
    "stock_list_deep",
    "stock_api_list",
    "stock_api_list_deep",
    "partner_list",
    "partner_detail",
    "event_list",
    "event_detail",
    "agreement_list",
]
# Each list and its peer done the stock way (bench/urls.py), over the same rows.
STOCK = {
    "activity_list": "stock_list",
    "activity_list_deep": "stock_list_deep",
    "api_activity_list": "stock_api_list",
    "api_activity_list_deep": "stock_api_list_deep",
}
REPORT_SLUG = "minamata-brs-joint-report-2024-2025"
SEARCH = {"q": "mercury training", "convention": "MC"}
# The portal-wide search (/search/): a word only the seed records use, a word in about
# half of the generated narratives (bench/generate.py's WORDS), and a phrase of two of
# them, adjacent in a few hundred narratives at 100,000 activities.
SITE_SEARCHES = {
    "search_rare": "IOMC",
    "search_common": "mercury",
    "search_phrase": '"dental amalgam"',
}
# Whole-list downloads, measured one per fresh server (bench/run.py: bench_exports).
EXPORTS = {
    "export_activities_csv": "/activities/?export=csv",
    "export_activities_xlsx": "/activities/?export=xlsx",
    "export_iati": "/api/iati/activities.xml",
}
DEEP = 0.9


def deep_cursor(model_qs, depth: int) -> str:
    """The DRF cursor that starts after the row at ``depth`` in -updated_at order."""
    position = model_qs.order_by("-updated_at", "-id").values_list(
        "updated_at", flat=True
    )[depth]
    token = urlencode({"p": str(position)}, doseq=True)
    return base64.b64encode(token.encode()).decode()


def choose_urls() -> dict[str, str]:
    from django.db.models import Count, Q
    from django.urls import reverse

    from activities.models import Activity, Event
    from activities.models.details import partner_organizations
    from brsportal.views import PAGE_SIZE
    from decisions.models import Decision

    published = Activity.objects.published()
    total = published.count()
    deep_page = max(1, int(total / PAGE_SIZE * DEEP))
    activity = (
        published.filter(slug__startswith="syn-", events__isnull=False)
        .filter(references__document__isnull=False, partnerships__isnull=False)
        .order_by("pk")
        .first()
    )
    decision = (
        Decision.objects.annotate(
            n=Count(
                "activities",
                filter=Q(activities__publication_status="published"),
            )
        )
        .order_by("-n", "pk")
        .select_related("convention")
        .first()
    )
    partner = partner_organizations().order_by("-activity_count", "pk").first()
    event = Event.objects.filter(activity__in=published).order_by("pk").first()
    return {
        "home": reverse("home"),
        "partner_list": reverse("partners:list"),
        "partner_detail": reverse("partners:detail", args=[partner.slug]),
        "event_list": reverse("events:list"),
        "event_detail": event.get_absolute_url(),
        "agreement_list": reverse("activities:agreements"),
        "activity_list": reverse("activities:list"),
        "activity_list_deep": f"{reverse('activities:list')}?page={deep_page}",
        "activity_search": f"{reverse('activities:list')}?{urlencode(SEARCH)}",
        "activity_detail": activity.get_absolute_url(),
        "decision_detail": decision.get_absolute_url(),
        "api_activity_list": reverse("activity-list"),
        "api_activity_list_deep": reverse("activity-list")
        + "?"
        + urlencode({"cursor": deep_cursor(published, int(total * DEEP))}),
        "api_decision_detail": reverse(
            "decision-detail", kwargs={"slug": decision.slug}
        ),
        "calendar": reverse("decisions:calendar_ics"),
        "report_pdf": reverse("reports:pdf", kwargs={"slug": REPORT_SLUG}),
        **{
            name: f"{reverse('search')}?{urlencode({'q': text})}"
            for name, text in SITE_SEARCHES.items()
        },
        "stock_list": reverse("bench-stock-list"),
        "stock_list_deep": f"{reverse('bench-stock-list')}?page={deep_page}",
        "stock_api_list": reverse("bench-stock-api-list"),
        "stock_api_list_deep": f"{reverse('bench-stock-api-list')}?page={deep_page}",
        "_decision_activities": decision.n,
        "_published_activities": total,
    }


def count_queries(urls: dict[str, str]) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for name in ENDPOINTS:
        client.get(urls[name])  # warm: first-use queries (content types, ...)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(urls[name])
            seconds = time.perf_counter() - started
        counts[name] = {
            "status": response.status_code,
            "queries": len(captured),
            "in_process_ms": round(seconds * 1000, 1),
            "slowest_sql_ms": round(
                max((float(q["time"]) for q in captured.captured_queries), default=0)
                * 1000,
                1,
            ),
        }
    return counts


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    urls = choose_urls()
    print(json.dumps({"urls": urls, "queries": count_queries(urls)}))


if __name__ == "__main__":
    main()
