#!/usr/bin/env python
"""``make benchmark``: every page through the whole stack at 1 and at 10 synthetic counties, one table.

Each size has its own database, built once by ``make_synthetic`` and kept for the next run
(``<name>_bench_1`` and ``<name>_bench_10`` beside the database DATABASE_URL names; SQLite without
DATABASE_URL: ``var/bench_N.sqlite3``). ``benchmarks/pages.py`` measures one size; this script runs
it for each size in its own process and prints the table docs/performance.md shows.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhongyang .venv/bin/python benchmarks/run.py \\
        [--sizes 1 10] [--runs 15] [--rebuild] [--import-rows 10000] [--load-requests 600]
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def database_url(size):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{ROOT / 'var' / f'bench_{size}.sqlite3'}"
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "zhongyang"
    return urlunsplit(parts._replace(path=f"/{name}_bench_{size}"))


def load_average():
    """The machine's load average over 1, 5 and 15 minutes (2 CPUs shared: was the run quiet?)."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def cell(row):
    if row is None:
        return "—"
    return f"{row['p50']:.0f} / {row['p95']:.0f}"


def print_table(results):
    sizes = sorted(results)
    header = ["page"] + [f"{n} county p50 / p95 ms" if n == 1 else f"{n} counties p50 / p95 ms" for n in sizes]
    header += ["queries " + " / ".join(str(n) for n in sizes), "peak MB", "SQL floor ms", "× floor"]
    print("\n| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    cases = [row["case"] for row in results[sizes[0]]["rows"]]
    last = results[sizes[-1]]
    for case in cases:
        rows = [next((r for r in results[n]["rows"] if r["case"] == case), None) for n in sizes]
        big = rows[-1] or {}
        memory = f"{big['memory_mb']:.0f}" if "memory_mb" in big else ""
        floor = f"{big['floor']:.0f}" if "floor" in big else ""
        ratio = f"{big['p50'] / big['floor']:.1f}" if "floor" in big else ""
        queries = " / ".join(str(r["queries"]) if r else "—" for r in rows)
        print(f"| {case} | " + " | ".join(cell(r) for r in rows) + f" | {queries} | {memory} | {floor} | {ratio} |")
    for n in sizes:
        for row in results[n]["load"]:
            print(
                f"| load test, {n} {'county' if n == 1 else 'counties'}: {row['case']} (gunicorn 4 workers, 8 clients) |"
                f" {row['rate']:.0f} req/s, p95 {row['p95']:.0f} ms ({row['requests']} requests, {row['errors']} failed) |"
            )
    notes = [f"{row['case']}: {row['note']}" for row in last["rows"] if "note" in row]
    for note in notes:
        print(f"\n{note}", end="")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--load-requests", type=int, default=600)
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    print(
        f"{datetime.now():%Y-%m-%d %H:%M} · {os.cpu_count()} CPUs · Python {platform.python_version()}"
        f" · load average (1 / 5 / 15 min) {load_average()}",
        flush=True,
    )
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            out = Path(folder) / f"{size}.json"
            command = [
                sys.executable,
                str(ROOT / "benchmarks" / "pages.py"),
                "--counties",
                str(size),
                "--runs",
                str(args.runs),
                "--import-rows",
                str(args.import_rows),
                "--load-requests",
                str(args.load_requests),
                "--load-seconds",
                str(args.load_seconds),
                "--json",
                str(out),
            ]
            if args.rebuild:
                command.append("--rebuild")
            print(f"\n== {size} {'county' if size == 1 else 'counties'} ({database_url(size).rsplit('/', 1)[-1]})", flush=True)
            subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url(size)})
            results[size] = json.loads(out.read_text())
    print_table(results)
    for size in sorted(results):
        result = results[size]
        print(f"load average, {size}: at its start {result['load_average_start']}, at its end {result['load_average']}")
    print(f"load average at the end (1 / 5 / 15 min) {load_average()}")


if __name__ == "__main__":
    main()
