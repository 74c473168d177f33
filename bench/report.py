"""bench/results/latest.md: the benchmark's results as readable tables."""

from __future__ import annotations

TARGET_P95_MS = 50
DEEP = {
    "activity_list_deep": "activity_list",
    "api_activity_list_deep": "api_activity_list",
}


def _cell(value: object) -> str:
    return "–" if value is None else str(value)


def stock_ratio(uncached: dict, name: str) -> str:
    """req/s over the stock peer's (bench/urls.py), measured in the same pass."""
    from bench.probe import STOCK

    peer = uncached.get(STOCK.get(name, ""), {})
    if not peer.get("rps"):
        return "–"
    return f"{uncached[name]['rps'] / peer['rps']:.2f}"


def load_table(size: dict) -> list[str]:
    lines = [
        "| endpoint | queries | req/s | median ms | p95 ms | × ceiling | × stock |"
        " p95 < 50 | cached req/s | cached × ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|---:|---:|",
    ]
    uncached, cached = size["uncached"], size.get("cached", {})
    for name, row in uncached.items():
        queries = size["queries"].get(name, {}).get("queries")
        p95 = row.get("server_p95_ms")
        hit = cached.get(name, {})
        lines.append(
            f"| {name} | {_cell(queries)} | {row['rps']} | "
            f"{_cell(row.get('server_median_ms'))} | {_cell(p95)} | "
            f"{row['ratio_to_ceiling']} | {stock_ratio(uncached, name)} | "
            f"{'yes' if p95 is not None and p95 < TARGET_P95_MS else 'NO'} | "
            f"{_cell(hit.get('rps'))} | {_cell(hit.get('ratio_to_ceiling'))} |"
        )
    return lines


def export_table(size: dict) -> list[str]:
    """Whole-list downloads: time, size and the worker's peak memory."""
    exports = size.get("exports")
    if not exports:
        return []
    lines = [
        "| download | status | seconds | first byte s | MiB | worker peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in exports.items():
        rss = row.get("worker_peak_rss_mib")
        lines.append(
            f"| {name} | {row['status']} | {row['seconds']} | "
            f"{row['first_byte_seconds']} | {row['mib']} | "
            f"{_cell(None if rss is None else round(rss, 1))} |"
        )
    return ["", *lines]


def write_markdown(results: dict) -> str:
    m = results["machine"]
    load = results["load"]
    out = [
        "# brsportal benchmark",
        "",
        f"{m['date']} · {m['nproc']} CPUs ({m['cpu']}) · {m['memory_mib']} MiB · "
        f"Python {m['python']} · PostgreSQL on the same machine · gunicorn sync "
        f"workers · latency: one client, at most {load['latency_requests']} requests "
        "per endpoint with the endpoints in rotation, server-side time (gunicorn "
        "%(D)s); throughput: "
        f"{load['concurrency']} concurrent clients on loopback, at most "
        f"{load['requests']} requests; {load['seconds']} s limit per pass. "
        "Uncached unless marked; × ceiling = req/s over the hello-world view's, "
        "× stock = req/s over the same list done the stock way (a `ListView` or a "
        "DRF `ListAPIView` with only `select_related`, bench/urls.py), both "
        "measured in the same pass.",
        "",
    ]
    for name, size in results["sizes"].items():
        out += [
            f"## {size['activities']:,} activities ({name})",
            "",
            (
                f"Generated in {size['generation_seconds']:.1f} s; "
                if size["generation_seconds"] is not None
                else "An existing database (--reuse); "
            )
            + f"{size['published_activities']:,} published; the decision page shows "
            f"{size['decision_detail_activities']} activities. Worker peak RSS "
            f"(VmHWM): uncached {max(size['uncached_worker_peak_rss_mib'])} MiB, "
            f"cached {max(size['cached_worker_peak_rss_mib'])} MiB.",
            "",
            *load_table(size),
            *export_table(size),
            "",
        ]
        checks = {
            title: size.get(f"{title}_cpu_check_ms") for title in ("uncached", "cached")
        }
        if all(checks.values()):
            out.append(
                "- CPU check (a fixed Python loop, ms, before and after each latency "
                f"pass): uncached {checks['uncached'][0]} / {checks['uncached'][1]}, "
                f"cached {checks['cached'][0]} / {checks['cached'][1]}"
            )
        for deep, first in DEEP.items():
            a = size["uncached"][deep].get("server_p95_ms")
            b = size["uncached"][first].get("server_p95_ms")
            if a and b:
                out.append(
                    f"- {deep}: p95 {a} ms = {a / b:.2f}× page 1 (target ≤ 1.5×)"
                )
        out.append("")
    sizes = list(results["sizes"].values())
    if len(sizes) > 1:
        out += [
            "## Queries per request",
            "",
            "| endpoint | "
            + " | ".join(f"{s['activities']:,}" for s in sizes)
            + " | constant |",
            "|---|" + "---:|" * len(sizes) + ":-:|",
        ]
        for name in sizes[0]["queries"]:
            counts = [s["queries"][name]["queries"] for s in sizes]
            same = "yes" if len(set(counts)) == 1 else "NO"
            out.append(f"| {name} | " + " | ".join(map(str, counts)) + f" | {same} |")
        out.append("")
    if "pdf" in results:
        pdf = results["pdf"]
        out += [
            "## Report rendering (in-process)",
            "",
            "Ours and bare WeasyPrint in alternation, three rounds of fresh processes, "
            "each the median of three renders; the table shows the median round"
            + (
                f" (measured {results['pdf_measured']})"
                if "pdf_measured" in results
                else ""
            )
            + ".",
            "",
            "| report | pages | render_pdf() s | s/page | bare WeasyPrint s | ratio "
            "(≤ 1.2) | peak RSS MiB (ours / bare) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for which in ("biennial", "synthetic"):
            ours, bare = pdf[f"{which}_report"], pdf[f"{which}_bare"]
            out.append(
                f"| {which} | {ours['pages']} | {ours['seconds']} | "
                f"{ours['seconds_per_page']} | {bare['seconds']} | "
                f"{pdf[f'{which}_ratio']} "
                f"| {ours['peak_rss_mib']} / {bare['peak_rss_mib']} |"
            )
        docx = [w for w in ("biennial", "synthetic") if f"{w}_docx" in pdf]
        if docx:
            out += [
                "",
                "Word output (`render_docx()`, median of three in one process; target "
                "< 1 s for the biennial report):",
                "",
                "| report | .docx s | KiB |",
                "|---|---:|---:|",
            ]
            for which in docx:
                measured = pdf[f"{which}_docx"]
                out.append(
                    f"| {which} | {measured['seconds']} | {measured['bytes'] // 1024} |"
                )
    if "import" in results:
        out += [
            "",
            "## Importing the 2024–2025 report (in-process)",
            "",
            "Read, propose and write (report, 56 draft activities, footnotes, history) "
            "in a transaction rolled back; median of two runs, then one run under "
            "tracemalloc for Python's own peak.",
            "",
            "| file | seconds (< 2) | propose s | write s | peak RSS MiB | "
            "Python peak MiB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for kind, measured in results["import"].items():
            out.append(
                f"| {kind} | {measured['seconds']} | {measured['propose_seconds']} | "
                f"{measured['write_seconds']} | {measured['peak_rss_mib']} | "
                f"{measured['python_peak_mib']} |"
            )
    out += ["", f"Whole run: {results['total_seconds'] / 60:.1f} min.", ""]
    return "\n".join(out)
