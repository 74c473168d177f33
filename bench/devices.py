"""A/B of one performance device: the code with it and the code without it, each
served by gunicorn (production settings, one worker) against the same bench
database, driven by one client in alternation (with, without, with, ...) so that a
slow spell of the shared machine falls on both alike. Server-side times come from
each server's access log (gunicorn's %(D)s). Prints one JSON object.

    BENCH_DB_PREFIX=brs_bench_h21b .venv/bin/python -m bench.devices \\
        --with /tmp/with --without /tmp/without --rounds 150 \\
        /api/v1/activities/ /activities/?ordering=thematic_area

``--with`` and ``--without`` are two checkouts (``git archive``) that differ by the
device; ``--cached`` keeps the page cache in. The device's gain on an endpoint is
(p95 without - p95 with) / p95 with: the share of the endpoint's p95 it saves.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.run import DB_PREFIX, HELLO, LOG_LINE, PYTHON, base_env, percentile

HOST = "127.0.0.1"


class Copy:
    """One checkout served by gunicorn on its own port, its access log in a file."""

    def __init__(self, root: Path, port: int, database: str, cached: bool) -> None:
        self.port = port
        self.log = Path(f"/tmp/bench-devices-{port}.log")  # noqa: S108 - our own file
        self.log.unlink(missing_ok=True)
        env = {
            **base_env(database),
            "PYTHONPATH": str(root),
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_ACCESS_LOG": str(self.log),
            "GUNICORN_MAX_REQUESTS": "0",
            "WEB_CONCURRENCY": "1",
            "BENCH_PAGE_CACHE": "true" if cached else "false",
        }
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "brsportal/gunicorn.conf.py"],
            env=env,
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if self.get(HELLO) == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn in {root} did not start")

    def get(self, path: str) -> int:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Host": HOST})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def times(self) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        for match in LOG_LINE.finditer(self.log.read_text()):
            if match["status"] == "200":
                found.setdefault(match["path"], []).append(int(match["us"]) / 1000)
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def summary(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "requests": len(times),
        "median_ms": round(times[len(times) // 2], 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="A/B of one performance device")
    parser.add_argument("--with", dest="with_", required=True)
    parser.add_argument("--without", required=True)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--rounds", type=int, default=150)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--cached", action="store_true")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8221)))
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    database = f"{DB_PREFIX}_{args.size}"
    copies = {
        "with": Copy(Path(args.with_), args.port, database, args.cached),
        "without": Copy(Path(args.without), args.port + 1, database, args.cached),
    }
    try:
        for _ in range(args.warmup):  # past the worker's gc.freeze() (gunicorn.conf)
            for copy in copies.values():
                for path in args.paths:
                    copy.get(path)
        time.sleep(0.5)  # let gunicorn flush its access logs
        skip = {name: copy.times() for name, copy in copies.items()}
        for _ in range(args.rounds):
            for path in args.paths:
                for copy in copies.values():
                    copy.get(path)
        time.sleep(0.5)  # let gunicorn flush its access logs
        results = {}
        for path in args.paths:
            row = {}
            for name, copy in copies.items():
                measured = copy.times().get(path, [])[len(skip[name].get(path, [])) :]
                row[name] = summary(measured)
            gain = row["without"]["p95_ms"] - row["with"]["p95_ms"]
            row["gain_share_of_p95"] = round(gain / row["with"]["p95_ms"], 3)
            results[path] = row
        print(json.dumps(results, indent=2))
    finally:
        for copy in copies.values():
            copy.stop()


if __name__ == "__main__":
    main()
