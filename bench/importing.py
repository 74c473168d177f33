"""Importing the 2024–2025 joint report, one measurement per process:

    python -m bench.importing {txt,docx,pdf}

Reads the seed (as text, or as the .docx / PDF the tests build from it), proposes and
writes its records (report, 56 activities, footnotes) in a transaction rolled back
afterwards, three times in one process; prints the median seconds (reading,
proposing, writing), the peak RSS of the process and the peak of Python's own
allocations (tracemalloc) during one import, as one JSON object. The database needs
the conventions and thematic areas (`make bench` loads the fixtures).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

RUNS = 3
# Clear of the fixtures' and the synthetic data's bienniums, so that every run
# writes new records instead of matching the seed's own activities.
BIENNIUM = 2094
ROOT = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_bytes(kind: str) -> tuple[str, bytes]:
    text = next((ROOT.parent / "shared" / "seeds").glob("003_*.txt")).read_text(
        encoding="utf-8"
    )
    if kind == "txt":
        return "joint-report.txt", text.encode()
    from tests.reports.import_docs import docx_from_text, pdf_from_text

    if kind == "docx":
        return "joint-report.docx", docx_from_text(text)
    return "joint-report.pdf", pdf_from_text(text)


def import_once(name: str, data: bytes) -> tuple[float, float, int]:
    from django.db import transaction

    from reports.importing import propose_file, write_plan

    started = time.perf_counter()
    with transaction.atomic():
        _, plan = propose_file(name, data, slug="bench-import", biennium=BIENNIUM)
        proposed = time.perf_counter()
        written = write_plan(plan)
        transaction.set_rollback(True)
    done = time.perf_counter()
    return proposed - started, done - proposed, len(written.created)


def measure(kind: str) -> dict:
    name, data = seed_bytes(kind)
    before = rss_mib()
    runs = []
    for index in range(RUNS):
        if index == RUNS - 1:
            tracemalloc.start()
        runs.append(import_once(name, data))
    python_peak = tracemalloc.get_traced_memory()[1] / 1048576
    tracemalloc.stop()
    # tracemalloc slows Python down: the last run is left out of the timings.
    timed = runs[:-1] if len(runs) > 1 else runs
    totals = [propose + write for propose, write, _ in timed]
    return {
        "file": kind,
        "bytes": len(data),
        "activities": runs[-1][2],
        "seconds": round(statistics.median(totals), 3),
        "propose_seconds": round(statistics.median(r[0] for r in timed), 3),
        "write_seconds": round(statistics.median(r[1] for r in timed), 3),
        "runs": [round(t, 3) for t in totals],
        "peak_rss_mib": round(rss_mib(), 1),
        "peak_rss_growth_mib": round(rss_mib() - before, 1),
        "python_peak_mib": round(python_peak, 1),
    }


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) > 1 else "txt"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    print(json.dumps(measure(kind)))


if __name__ == "__main__":
    main()
