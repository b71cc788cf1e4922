#!/usr/bin/env python
"""``make benchmark``: the reports and visits benchmarks in one run, one table of numbers.

PostgreSQL when DATABASE_URL is set, SQLite in a temporary directory otherwise; the
data is built in a throwaway ``<name>_bench`` database (benchmarks/common.py):

1. the plan and the sample county (76 villages, 90 facilities with their
   2019-2022 status histories): the dashboard, the Excel report and their computation;
2. then 2,000 priority and 1,000 other elders with three years of weekly visits
   (about 300,000 rows): the visit worklist and compliance computations, and the
   dashboard and Excel report again, whose visit sheet now has real data.

    DEBUG=1 .venv/bin/python benchmarks/run.py [--runs 15] [--visit-runs 7] [--weeks 156]
"""

import argparse
import os
import platform
import time
from datetime import datetime

import reports_bench
import visits_bench
from common import bench_database, print_table, timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per report case")
    parser.add_argument("--visit-runs", type=int, default=7, help="runs per visit case (a third for the 52-week ones)")
    parser.add_argument("--priority", type=int, default=2000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args()
    with bench_database() as connection:
        version = connection.pg_version if connection.vendor == "postgresql" else connection.Database.sqlite_version
        print(
            f"{datetime.now():%Y-%m-%d %H:%M} · {connection.vendor} {version} · {os.cpu_count()} CPUs"
            f" · Python {platform.python_version()} · load average {os.getloadavg()[0]:.1f}"
        )
        bureau, township_user = reports_bench.build()
        report_cases = reports_bench.cases(bureau, township_user)
        sizes = reports_bench.sizes()
        print_table(f"Reports: {sizes}", [timed(label, action, args.runs) for label, action in report_cases])

        start = time.perf_counter()
        visits = visits_bench.build(args.priority, args.others, args.weeks)
        visits_bench.analyze(connection)
        print(f"\n(built {visits} visits in {time.perf_counter() - start:.0f} s)")
        print_table(
            f"Visits: {args.priority} priority + {args.others} other elders, {visits} visits over {args.weeks} weeks",
            [timed(label, action, runs) for label, action, runs in visits_bench.cases(args.visit_runs)],
        )
        with_visits = reports_bench.cases(bureau, township_user, suffix=" + visits")[1:]
        print_table(f"Reports again, with the visits: {reports_bench.sizes()}", [timed(*case, args.runs) for case in with_visits])
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
