"""Report rendering cost, one measurement per process (peak memory is per process):

    python -m bench.pdf {report,bare,docx} {biennial,synthetic}

``report`` is Report.render_pdf() (records -> HTML -> locked WeasyPrint, tagged PDF);
``bare`` is WeasyPrint's HTML(string=...).write_pdf() with default options on the same
HTML; ``docx`` is Report.render_docx() (records -> the same structure -> Word).
Each is run three times in one process and the median is reported. The
synthetic report is ~100 pages of activities created in a transaction rolled back
afterwards. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

SYNTHETIC_BIENNIUM = 2090
SYNTHETIC_ACTIVITIES = 380  # about 100 A4 pages with the print stylesheet
BIENNIAL_SLUG = "minamata-brs-joint-report-2024-2025"
RUNS = 3  # the median is reported; the first run also pays font loading


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_report():
    from activities.models import Activity, ThematicArea
    from bench.generate import narrative, title
    from reports.models import Report

    rng = random.Random(11)
    areas = list(ThematicArea.objects.all())
    report = Report.objects.create(
        kind=Report.Kind.BIENNIAL,
        title="Synthetic joint report for the benchmark",
        slug="bench-synthetic-report",
        biennium=SYNTHETIC_BIENNIUM,
        cover_note="A synthetic report. " * 40,
        annex1_title="Activities undertaken",
        annex1_introduction="Introduction. " * 60,
    )
    Activity.objects.bulk_create(
        Activity(
            slug=f"bench-pdf-{i}",
            title=title(rng),
            narrative=narrative(rng, []) + "\n\n" + narrative(rng, []),
            thematic_area=areas[i % len(areas)],
            status=Activity.Status.COMPLETED,
            biennium=SYNTHETIC_BIENNIUM,
            position=i,
            publication_status="published",
        )
        for i in range(SYNTHETIC_ACTIVITIES)
    )
    return report


def measure(mode: str, which: str) -> dict:
    from weasyprint import HTML

    from reports.content import render_print_document
    from reports.models import Report
    from reports.pdf import base_url

    report = (
        synthetic_report()
        if which == "synthetic"
        else Report.objects.get(slug=BIENNIAL_SLUG)
    )
    if mode == "docx":
        return measure_docx(report, which)
    html = render_print_document(report)
    before = rss_mib()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        if mode == "report":
            pdf = report.render_pdf()
        else:
            pdf = HTML(string=html, base_url=base_url()).write_pdf()
        timings.append(time.perf_counter() - started)
    seconds = statistics.median(timings)
    peak, growth = rss_mib(), rss_mib() - before
    # Counted after the measurement: the PDF's page objects sit in compressed streams.
    pages = len(HTML(string=html, base_url=base_url()).render().pages)
    return {
        "mode": mode,
        "report": which,
        "seconds": round(seconds, 2),
        "runs": [round(t, 2) for t in timings],
        "pages": pages,
        "seconds_per_page": round(seconds / max(pages, 1), 3),
        "peak_rss_mib": round(peak, 1),
        "peak_rss_growth_mib": round(growth, 1),
        "bytes": len(pdf),
    }


def measure_docx(report, which: str) -> dict:
    before = rss_mib()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        data = report.render_docx()
        timings.append(time.perf_counter() - started)
    return {
        "mode": "docx",
        "report": which,
        "seconds": round(statistics.median(timings), 3),
        "runs": [round(t, 3) for t in timings],
        "peak_rss_mib": round(rss_mib(), 1),
        "peak_rss_growth_mib": round(rss_mib() - before, 1),
        "bytes": len(data),
    }


def main() -> None:
    mode, which = sys.argv[1], sys.argv[2]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        result = measure(mode, which)
        transaction.set_rollback(True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
