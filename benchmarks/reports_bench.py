#!/usr/bin/env python
"""Time the progress dashboard and the Excel progress report at county scale.

Builds a fresh database (SQLite in a temporary directory unless DATABASE_URL is
set; the database is emptied first), loads the plan and the sample county
(76 villages, 12 relocation sites, the facilities of the task table with their
2019-2022 status histories), optionally ``--scale`` times more villages and
facilities, then requests each page ``--runs`` times and prints the median.

    DEBUG=1 .venv/bin/python benchmarks/reports_bench.py [--runs 9] [--scale 1]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url):
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongyang_eldercare.settings")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: time what production runs


def build(scale):
    from django.conf import settings
    from django.core.management import call_command

    from facilities import demo
    from facilities.models import Facility, FacilityKind, FacilityStatus, FacilityStatusChange, Township, Village
    from zhongyang_eldercare.accounts.models import Role, User
    from zhongyang_eldercare.policy_loading import load_all

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    load_all(settings.BASE_DIR / "fixtures")
    demo.load(password="bench-pass-2020")
    for extra in range(scale - 1):
        for township in Township.objects.all():
            for number in range(11):
                name = f"{township.name}压测村{extra}-{number}"
                village = Village.objects.create(township=township, name=name, elderly_population=150)
                facility = Facility.objects.create(
                    kind=FacilityKind.HAPPINESS, name=f"{village.name}幸福小院", township=township, village=village, beds=6
                )
                FacilityStatusChange.objects.bulk_create(
                    FacilityStatusChange(facility=facility, status=status, changed_on=day)
                    for status, day in (
                        (FacilityStatus.PLANNED, date(2020, 3, 1)),
                        (FacilityStatus.UNDER_CONSTRUCTION, date(2020 + number % 3, 4, 1)),
                        (FacilityStatus.BUILT, date(2020 + number % 3, 10, 1)),
                    )
                )
    bureau = User.objects.create_user(username="bench-bureau", password="bench-pass-2020", role=Role.BUREAU)
    township = User.objects.create_user(
        username="bench-township", password="bench-pass-2020", role=Role.TOWNSHIP, township=Township.objects.get(pinyin="jinluo")
    )
    return bureau, township, Village.objects.count(), Facility.objects.count(), FacilityStatusChange.objects.count()


def median_ms(action, runs):
    action()  # warm up: templates, translations, connection
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), min(timings), max(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scale", type=int, default=1, help="1 = the real county; N adds (N-1) x 77 villages with facilities")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3")
        from django.db import connection
        from django.test import Client

        from zhongyang_eldercare.reports.progress import compute_progress
        from zhongyang_eldercare.reports.workbook import progress_workbook, workbook_bytes

        bureau, township_user, villages, facilities, changes = build(args.scale)
        print(f"database: {connection.vendor}; villages {villages}, facilities {facilities}, status changes {changes}")
        client = Client(HTTP_HOST="127.0.0.1")
        as_of = "2021-12-31"

        def get(path, user):
            client.force_login(user)
            response = client.get(path, {"as_of": as_of})
            assert response.status_code == 200, response.status_code
            return response

        cases = [
            ("compute_progress (county)", lambda: compute_progress(as_of=date(2021, 12, 31))),
            ("workbook bytes (county)", lambda: workbook_bytes(progress_workbook(compute_progress(as_of=date(2021, 12, 31))))),
            ("GET /reports/ bureau", lambda: get("/reports/", bureau)),
            ("GET /reports/ township", lambda: get("/reports/", township_user)),
            ("GET /reports/progress.xlsx bureau", lambda: get("/reports/progress.xlsx", bureau)),
        ]
        print(f"{'case':40} {'median ms':>10} {'min':>8} {'max':>8}   ({args.runs} runs)")
        for label, action in cases:
            median, low, high = median_ms(action, args.runs)
            print(f"{label:40} {median:10.1f} {low:8.1f} {high:8.1f}")


if __name__ == "__main__":
    main()
