"""What the benchmarks share: Django set up against a throwaway database, and timing.

Every benchmark builds its data in ``<database name>_bench`` (created with Django's
test-database machinery, dropped at the end), never in the database DATABASE_URL
names. Without DATABASE_URL it runs on SQLite in a temporary directory.
"""

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@contextmanager
def bench_database():
    """Set Django up and yield the connection to a fresh, migrated ``<name>_bench`` database."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongyang_eldercare.settings")
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        settings.DEBUG = False  # no query log: time what production runs
        database = settings.DATABASES["default"]
        original = database["NAME"]
        name = f"{Path(str(original)).stem}_bench"
        if connection.vendor == "sqlite":
            name = str(Path(folder) / f"{name}.sqlite3")
        database["TEST"] = {**database.get("TEST", {}), "NAME": name}
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield connection
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


@dataclass(frozen=True)
class Timing:
    label: str
    runs: int
    median: float
    p95: float
    low: float
    high: float


def timed(label, action, runs):
    """Run ``action`` once to warm up (templates, translations, connection), then ``runs`` times; milliseconds."""
    action()
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        durations.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(durations, n=20, method="inclusive")[18] if runs > 1 else durations[0]
    return Timing(label, runs, statistics.median(durations), p95, min(durations), max(durations))


def print_table(title, timings):
    print(f"\n{title}")
    print(f"  {'case':62} {'runs':>4} {'median ms':>10} {'p95 ms':>8} {'min':>8} {'max':>8}")
    for t in timings:
        print(f"  {t.label:62} {t.runs:4d} {t.median:10.1f} {t.p95:8.1f} {t.low:8.1f} {t.high:8.1f}")
    sys.stdout.flush()
