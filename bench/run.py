"""`make bench`: the whole benchmark in one run, results in bench/results/.

For each size (1,000 and 100,000 activities): a fresh PostgreSQL database
brs_bench_<size> (prefix from BENCH_DB_PREFIX), migrate, the shipped fixtures,
synthetic data (bench/generate.py), the seed reports issued, then gunicorn on
127.0.0.1 with production settings driven by a bounded load generator (threads +
http.client: a fixed number of requests and a time limit per endpoint), uncached
and with the page cache, beside a hello-world view (the ceiling).
Queries per request come from bench/probe.py, the query plans of every filter and
sort (bench/results/explain-<size>.md) from bench/explain.py, report rendering from
bench/pdf.py.

    .venv/bin/python -m bench.run [--sizes 1000,100000] [--requests 300] [--seconds 12]

``--reuse`` keeps a bench database already built (no migrate, fixtures, generation);
``--load-only`` leaves out the downloads, the report rendering and the import;
``--name`` names the result files (bench/results/<name>.json and .md, default latest).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# Several checkouts may bench at once on one server: each gives its own prefix.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "brs_bench")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
HELLO = "/bench/hello/"
CACHED = {  # the anonymous reads the page cache serves
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
}
TARGET_P95_MS = 50
LOG_LINE = re.compile(
    r'"(?:GET|HEAD) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ (?P<us>\d+)'
)


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def base_env(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        # The anonymous API throttle would answer 429 to a load generator.
        "API_ANON_RATE": "100000000/minute",
        "PYTHONPATH": str(ROOT),
    }


def step(title: str, command: list[str], env: dict[str, str]) -> str:
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{title} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    print(f"  {title}: {time.perf_counter() - started:.1f} s", flush=True)
    return done.stdout


def prepare(size: int, env: dict[str, str]) -> float:
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    admin = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *admin, "--if-exists", database], check=True)
    subprocess.run(["createdb", *admin, database], check=True)
    manage = [PYTHON, "manage.py"]
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    step("migrate", [*manage, "migrate", "--no-input", "-v0"], env)
    step("fixtures", [*manage, "loaddata", *fixtures, "-v0"], env)
    out = step(
        "generate", [PYTHON, "-m", "bench.generate", f"--activities={size}"], env
    )
    step("issue reports", [*manage, "seed_reports"], env)
    print("  " + out.splitlines()[0][:300])
    return float(re.search(r"GENERATION_SECONDS=([\d.]+)", out)[1])


class Server:
    """gunicorn with brsportal/gunicorn.conf.py, its access log in a file."""

    def __init__(self, env: dict[str, str], log: Path, cached: bool) -> None:
        self.log = log
        log.unlink(missing_ok=True)
        env = {
            **env,
            "GUNICORN_BIND": f"{HOST}:{PORT}",
            "GUNICORN_ACCESS_LOG": str(log),
            "GUNICORN_MAX_REQUESTS": "0",  # keep workers: their peak memory is measured
            "BENCH_PAGE_CACHE": "true" if cached else "false",
        }
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                "brsportal/gunicorn.conf.py",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(HELLO)[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                pids.append(int(status.parent.name))
        return pids

    def peak_rss_mib(self) -> list[float]:
        peaks = []
        for pid in self.worker_pids():
            text = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", text)[1]) / 1024)
        return peaks

    def server_ms(self, offset: int, path: str) -> tuple[list[float], int]:
        """Worker times (%(D)s) of the log lines for ``path`` written after offset."""
        with self.log.open() as log:
            log.seek(offset)
            text = log.read()
        times = [
            int(m["us"]) / 1000
            for m in LOG_LINE.finditer(text)
            if m["path"] == path and m["status"] == "200"
        ]
        return times, self.log.stat().st_size

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def fetch(path: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def drive(path: str, requests: int, seconds: float, concurrency: int) -> dict:
    """At most ``requests`` GETs or ``seconds``, whichever ends first."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal issued
        while time.monotonic() < deadline:
            with lock:
                if issued >= requests:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                status, _ = fetch(path)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                (latencies if status == 200 else errors).append(
                    elapsed if status == 200 else status
                )

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_statuses": sorted(set(errors))[:5],
        "rps": round(len(latencies) / wall, 1) if wall else 0,
        "client_median_ms": round(statistics.median(latencies), 1)
        if latencies
        else None,
        "client_p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def cpu_check_ms() -> float:
    """Milliseconds for a fixed pure-Python loop, median of 5: how fast the machine
    runs Python right now. On this shared machine it varied up to 2x within minutes,
    so each latency pass is bracketed by this check (in the results)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(300_000):
            total += i
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def latency_pass(server: Server, urls: dict[str, str], names: list[str], args) -> dict:
    """One client, the endpoints in rotation (hello, home, list, ..., hello, home,
    ...) so that a slow spell of the machine falls on every endpoint alike, and deep
    pages are compared with first pages under the same conditions. Server-side times
    from gunicorn's access log."""
    paths = {name: HELLO if name == "hello" else urls[name] for name in names}
    for path in paths.values():
        drive(path, args.warmup, args.seconds / 2, 1)
    offset = server.log_size()
    deadline = time.monotonic() + args.seconds * len(paths)
    rounds = 0
    while rounds < args.latency_requests and time.monotonic() < deadline:
        for path in paths.values():
            fetch(path)
        rounds += 1
    time.sleep(0.3)  # let gunicorn flush its access log
    results = {}
    for name, path in paths.items():
        times, _ = server.server_ms(offset, path)
        results[name] = {"latency_requests": len(times)}
        if times:
            results[name]["server_median_ms"] = round(statistics.median(times), 1)
            results[name]["server_p95_ms"] = round(percentile(times, 95), 1)
    return results


def load_run(
    server: Server, urls: dict[str, str], names: list[str], args
) -> tuple[dict, list[float]]:
    """The latency pass (above), then per endpoint a throughput pass with
    ``args.concurrency`` clients. Also returns the CPU checks around the latency
    pass."""
    names = ["hello", *names]
    before = cpu_check_ms()
    latency = latency_pass(server, urls, names, args)
    after = cpu_check_ms()
    print(f"    cpu check: {before} ms before, {after} ms after", flush=True)
    results = {}
    for name in names:
        path = HELLO if name == "hello" else urls[name]
        measured = drive(path, args.requests, args.seconds, args.concurrency)
        measured.update(latency[name])
        results[name] = measured
        print(
            f"    {name:24} {measured['rps']:8.1f} req/s  median "
            f"{measured.get('server_median_ms')} ms  p95 "
            f"{measured.get('server_p95_ms')} ms  (errors {measured['errors']})",
            flush=True,
        )
    return results, [before, after]


def add_ratios(results: dict, ceiling: float) -> None:
    for measured in results.values():
        measured["ratio_to_ceiling"] = round(measured["rps"] / (ceiling or 1), 3)


def bench_size(size: int, args) -> dict:
    name = label(size)
    print(f"== {size} activities ==", flush=True)
    env = base_env(f"{DB_PREFIX}_{name}")
    generation_seconds = None if args.reuse else prepare(size, env)
    uncached = {**env, "BENCH_PAGE_CACHE": "false"}
    probe = json.loads(step("queries", [PYTHON, "-m", "bench.probe"], uncached))
    plans = step(
        "explain", [PYTHON, "-m", "bench.explain"], {**env, "BENCH_PAGE_CACHE": "false"}
    )
    (RESULTS / f"explain-{name}.md").write_text(plans)
    urls = probe["urls"]
    result = {
        "activities": size,
        "generation_seconds": generation_seconds,
        "urls": {k: v for k, v in urls.items() if not k.startswith("_")},
        "published_activities": urls["_published_activities"],
        "decision_detail_activities": urls["_decision_activities"],
        "queries": probe["queries"],
    }
    from bench.probe import ENDPOINTS

    log = RESULTS / f"access-{name}.log"
    for cached in (False, True):
        title = "cached" if cached else "uncached"
        print(f"  load ({title}):", flush=True)
        server = Server(env, log, cached)
        try:
            names = ENDPOINTS if not cached else [n for n in ENDPOINTS if n in CACHED]
            result[title], result[f"{title}_cpu_check_ms"] = load_run(
                server, urls, names, args
            )
            result[f"{title}_worker_peak_rss_mib"] = [
                round(p, 1) for p in server.peak_rss_mib()
            ]
        finally:
            server.stop()
    # Each pass against its own hello world (the cache skips /bench/): the machine's
    # speed can change between the passes, and a ratio should not mix two speeds.
    add_ratios(result["uncached"], result["uncached"]["hello"]["rps"])
    add_ratios(result["cached"], result["cached"]["hello"]["rps"])
    if not args.load_only:
        result["exports"] = bench_exports(env, log)
    log.unlink(missing_ok=True)
    return result


def bench_exports(env: dict[str, str], log: Path) -> dict:
    """Each whole-list download (every published activity) once, on a fresh server
    with one worker, so that the worker's peak RSS is that download's: the exports
    stream in chunks and must stay in constant memory (target < 200 MiB)."""
    from bench.probe import EXPORTS

    results = {}
    for name, path in EXPORTS.items():
        server = Server(
            {**env, "WEB_CONCURRENCY": "1", "GUNICORN_TIMEOUT": "1800"},
            log,
            cached=False,
        )
        try:
            started = time.perf_counter()
            connection = http.client.HTTPConnection(HOST, PORT, timeout=1800)
            connection.request("GET", path, headers={"Host": HOST})
            response = connection.getresponse()
            size = 0
            first_byte = None
            while chunk := response.read(1 << 16):
                first_byte = first_byte or time.perf_counter() - started
                size += len(chunk)
            connection.close()
            results[name] = {
                "status": response.status,
                "seconds": round(time.perf_counter() - started, 1),
                "first_byte_seconds": round(first_byte or 0, 2),
                "mib": round(size / 2**20, 1),
                "worker_peak_rss_mib": max(server.peak_rss_mib(), default=None),
            }
        finally:
            server.stop()
        print(f"    {name:24} {results[name]}", flush=True)
    return results


PDF_ROUNDS = 3


def bench_pdf(size: int) -> dict:
    """Our rendering and bare WeasyPrint in alternation (report, bare, report, ...),
    each round a fresh process reporting its median of three renders; the medians of
    the rounds are compared, so a slow spell of the machine falls on both alike."""
    env = base_env(f"{DB_PREFIX}_{label(size)}")
    results = {}
    for which in ("biennial", "synthetic"):
        rounds: dict[str, list[dict]] = {"report": [], "bare": []}
        for round_number in range(1, PDF_ROUNDS + 1):
            for mode in ("report", "bare"):
                out = step(
                    f"pdf {mode} {which} ({round_number}/{PDF_ROUNDS})",
                    [PYTHON, "-m", "bench.pdf", mode, which],
                    env,
                )
                rounds[mode].append(json.loads(out))
        for mode, measured in rounds.items():
            middle = sorted(measured, key=lambda m: m["seconds"])[len(measured) // 2]
            results[f"{which}_{mode}"] = {
                **middle,
                "round_seconds": [m["seconds"] for m in measured],
            }
        results[f"{which}_ratio"] = round(
            results[f"{which}_report"]["seconds"] / results[f"{which}_bare"]["seconds"],
            2,
        )
        out = step(f"docx {which}", [PYTHON, "-m", "bench.pdf", "docx", which], env)
        results[f"{which}_docx"] = json.loads(out)
    return results


def bench_import(size: int) -> dict:
    """Importing the 2024–2025 report from text, .docx and PDF (bench/importing.py),
    each in a fresh process, against the fixtures' conventions and thematic areas."""
    env = base_env(f"{DB_PREFIX}_{label(size)}")
    return {
        kind: json.loads(
            step(f"import {kind}", [PYTHON, "-m", "bench.importing", kind], env)
        )
        for kind in ("txt", "docx", "pdf")
    }


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    total = int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1]) // 1024
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {
        "nproc": os.cpu_count(),
        "cpu": model[1].strip() if model else platform.processor(),
        "memory_mib": total,
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="brsportal benchmark")
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--latency-requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--name", default="latest")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    step(
        "collectstatic",
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        base_env(f"{DB_PREFIX}_none"),
    )
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {
        "machine": machine(),
        "load": {
            k: getattr(args, k)
            for k in ("requests", "latency_requests", "seconds", "concurrency")
        },
        "sizes": {label(size): bench_size(size, args) for size in sizes},
    }
    if not args.load_only:
        results["pdf"] = bench_pdf(sizes[-1])
        results["import"] = bench_import(sizes[-1])
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, indent=2) + "\n")
    from bench.report import write_markdown

    (RESULTS / f"{args.name}.md").write_text(write_markdown(results))
    print((RESULTS / f"{args.name}.md").read_text())


if __name__ == "__main__":
    main()
