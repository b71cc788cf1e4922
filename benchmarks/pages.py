#!/usr/bin/env python
"""Whole pages at real size: one database of N synthetic counties, every page through the whole Django stack.

Run by ``benchmarks/run.py`` (``make benchmark``) once per size; alone:

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zy_perf_bench_1 \\
        .venv/bin/python benchmarks/pages.py --counties 1 [--runs 15] [--json out.json]

The database is built on first use (migrate, load_policy, ``make_synthetic --counties N --seed 1``) and
kept: a later run with the same N reuses it (``--rebuild`` builds it again). Each page is requested
through django.test.Client (middleware, session, templates) as the role that uses it, once to warm up,
then ``--runs`` times; the query count is read in one more request. Peak memory is the process's peak
resident set size (``ru_maxrss``) after the Excel report and after each import: one process's peak. The 10,000-elder
import runs the portal's import (``run_import``: dry run, then the real write, rolled back afterwards so
the database stays as built). For the dashboard and compliance, one hand-written SQL query computes the
same figures: the floor. A load test runs gunicorn (4 workers) on 127.0.0.1 and requests the worklist
and the dashboard from 8 threads, bounded by a request count and a time limit.
"""

import argparse
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_SECRET = "benchmark-only-secret-key-not-for-any-server-0123456789"
PASSWORD = "Bench-pass-2020"
LOAD_PORT = 8105


def setup():
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", BENCH_SECRET)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongyang_eldercare.settings")
    import django

    django.setup()


def ensure_database(counties, *, rebuild, log):
    """Create, migrate and fill the database DATABASE_URL names, unless it already holds ``counties`` synthetic counties."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        import psycopg2

        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        admin = psycopg2.connect(**params)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone() is not None
            if exists and rebuild:
                connection.close()
                cursor.execute(f'DROP DATABASE "{name}"')
                exists = False
            if not exists:
                cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
    elif rebuild:
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    from facilities.models import County

    have = County.objects.filter(is_synthetic=True).count()
    if have == counties:
        return False
    if have:
        raise SystemExit(f"the database holds {have} synthetic counties, not {counties}: pass --rebuild")
    started = time.perf_counter()
    call_command("load_policy", verbosity=0)
    call_command("make_synthetic", counties=counties, seed=1, allow_real=True, stdout=sys.stdout)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log(f"(built {counties} counties in {time.perf_counter() - started:.0f} s)")
    return True


def bench_users():
    """The city bureau (all synthetic counties: the whole scope), the bureau of the first synthetic county and
    the staff of that county's largest township. Returns (city user, county bureau, township user, township)."""
    from django.db.models import Count

    from facilities.models import County, Township
    from zhongyang_eldercare.accounts.models import Role, RoleSecurityPolicy, User
    from zhongyang_eldercare.reports.synthetic import synthetic_city

    # a benchmark database only: no second factor asked of the bench users (as in the test suite)
    RoleSecurityPolicy.objects.all().delete()
    city = synthetic_city()
    county = County.objects.filter(is_synthetic=True).order_by("pk").first()
    township = Township.objects.filter(county=county).annotate(n=Count("villages")).order_by("-n", "position").first()
    users = []
    for username, role, places in (
        ("bench-city", Role.CITY, {"city": city, "county": None, "township": None}),
        ("bench-bureau", Role.BUREAU, {"city": None, "county": county, "township": None}),
        ("bench-township", Role.TOWNSHIP, {"city": None, "county": None, "township": township}),
    ):
        user = User.objects.filter(username=username).first() or User(username=username, role=role)
        user.role, user.must_change_password = role, False
        for name, value in places.items():
            setattr(user, name, value)
        if user.pk is None:
            user.set_password(PASSWORD)
        user.save()
        users.append(user)
    return (*users, township)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def clients(*users):
    from django.test import Client

    made = {}
    for user in users:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        made[user.pk] = client
    return made


def count_queries(action):
    """Statements sent to the database (an execute wrapper: no limit, unlike the debug query log's 9,000)."""
    from django.db import connection

    count = [0]

    def counted(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        action()
    return count[0]


def peak_rss_mb():
    """The process's peak resident memory so far (the target: one process under 300 MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label, action, runs, *, memory=False, floor=None, parts=None, warm=True):
    if warm:
        action()  # warm-up: templates, translations, connection, caches of the database
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        durations.append((time.perf_counter() - started) * 1000)
    row = {
        "case": label,
        "runs": runs,
        "p50": statistics.median(durations),
        "p95": percentile(durations, 0.95),
        "queries": count_queries(action),
    }
    if memory:
        row["memory_mb"] = peak_rss_mb()
    if floor:
        floor_times = []
        for _ in range(max(3, runs // 2)):
            started = time.perf_counter()
            floor()
            floor_times.append((time.perf_counter() - started) * 1000)
        row["floor"] = statistics.median(floor_times)
    notes = []
    for name, query in (parts or {}).items():  # further floors, printed under the table
        if query:
            query()
            times = []
            for _ in range(max(3, runs // 2)):
                started = time.perf_counter()
                query()
                times.append((time.perf_counter() - started) * 1000)
            notes.append(f"{name} {statistics.median(times):.0f} ms (page × {row['p50'] / statistics.median(times):.1f})")
    if notes:
        row["note"] = "; ".join(notes)
    print(f"  {label:58} {row['p50']:8.1f} {row['p95']:8.1f} {row['queries']:5d}", flush=True)
    return row


# --- the floors: one hand-written query each --------------------------------------------------------------


def compliance_floor_sql():
    """Per week (12) and township: priority targets on the week's assessed day and how many were visited that week."""
    return """
    WITH weeks AS (
        SELECT monday::date, LEAST(monday::date + 6, %(today)s::date) AS day
        FROM generate_series(%(first)s::date, %(last)s::date, interval '7 days') monday
    ), targets AS (
        SELECT w.monday, v.township_id, e.id AS elder_id
        FROM weeks w CROSS JOIN visits_elder e JOIN facilities_village v ON v.id = e.village_id
        WHERE e.archived_on <= w.day AND (e.status = 'active' OR e.status_since > w.day)
          AND ((e.birth_date <= (w.day - make_interval(years => %(age)s))::date AND e.living_arrangement = 'alone')
               OR e.children_count = 0 OR NOT e.children_in_county OR (e.is_special_family AND e.is_left_behind)
               OR e.manual_priority_reason <> '')
    )
    SELECT t.monday, t.township_id, count(*), count(vw.elder_id)
    FROM targets t LEFT JOIN (
        SELECT DISTINCT elder_id, week_start FROM visits_visit WHERE week_start BETWEEN %(first)s AND %(last)s
    ) vw ON vw.elder_id = t.elder_id AND vw.week_start = t.monday
    GROUP BY t.monday, t.township_id
    """


def progress_figures(bureau, today):
    """The part of the county dashboard the floor computes too: ``compute_progress`` for the bureau's county."""
    from facilities.models import Township
    from facilities.plans import plan_in_force
    from zhongyang_eldercare.reports.progress import compute_progress

    document = plan_in_force(bureau.county, today)

    def action():
        townships = Township.objects.for_user(bureau).in_county(bureau.county)
        return compute_progress(on=today, townships=townships, whole_county=True, document=document)

    return action


def run_sql(sql, params):
    from django.db import connection

    def action():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return action


# --- the import --------------------------------------------------------------------------------------------


def import_workbook(township_user, township, rows, folder, *, bad_rows=True):
    """An .xlsx of ``rows`` new elders of ``township`` in the portal's template, with two bad rows (or none)."""
    from openpyxl import Workbook

    from visits.models import Elder
    from visits.resources import ElderResource
    from zhongyang_eldercare.kernel.identity import with_check_digit

    resource = ElderResource(user=township_user)
    headers = resource.template_headers()
    villages = list(township.villages.order_by("pk").values_list("name", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    existing = set(Elder.objects.filter(id_number__startswith="148888").values_list("id_number", flat=True))
    day = 0
    for index in range(rows):
        while True:
            born = (township.pk * 7 + day) % 9000
            serial = index % 1000
            from datetime import date

            number = with_check_digit(f"148888{date(1930, 1, 1) + timedelta(days=born):%Y%m%d}{serial:03d}")
            day += 1
            if number not in existing:
                existing.add(number)  # 10,000 different people: no number twice in the file either
                break
        bad_number, bad_village = bad_rows and index == rows // 2, bad_rows and index == rows // 3
        values = {
            "name": f"导入老人{index:05d}",
            "id_number": number if not bad_number else number[:-1] + "0" if number[-1] != "0" else number[:-1] + "1",
            "village": villages[index % len(villages)] if not bad_village else "不存在村",
        }
        line = []
        for header in headers:
            field = next((name for name, f in resource.fields.items() if f.column_name == header), None)
            if field is None:
                line.append(township.name)
            elif field in values:
                line.append(values[field])
            elif field == "living_arrangement":
                line.append("独居" if index % 4 == 0 else "仅与配偶同住")
            elif field in ("children_count",):
                line.append(index % 4)
            elif field in ("self_care",):
                line.append("自理")
            elif field.startswith("is_") or field == "children_in_county":
                line.append("否")
            else:
                line.append("")
        sheet.append(line)
    path = Path(folder) / ("import.xlsx" if bad_rows else "import-valid.xlsx")
    workbook.save(path)
    return path


def import_cases(township_user, township, rows, runs):
    from auditlog.models import LogEntry
    from django.db import transaction

    from visits.models import Elder
    from visits.resources import ElderResource
    from zhongyang_eldercare.import_jobs.services import file_problems, row_reports, run_import
    from zhongyang_eldercare.kernel.spreadsheets import read_xlsx

    folder = tempfile.mkdtemp()
    paths = {True: import_workbook(township_user, township, rows, folder), False: None}
    paths[False] = import_workbook(township_user, township, rows, folder, bad_rows=False)
    outcome = {}

    def run(key, path, dry_run):
        def action():
            with transaction.atomic():
                elders, entries = Elder.objects.count(), LogEntry.objects.count()
                dataset = read_xlsx(path)
                resource = ElderResource(user=township_user)
                result = run_import(resource, dataset, dry_run=dry_run)
                reports = row_reports(result, resource)
                file_problems(result, resource, dataset)
                written = Elder.objects.count() - elders, LogEntry.objects.count() - entries
                outcome[key] = (len(reports), sum(1 for report in reports if not report.ok), *written)
                transaction.set_rollback(True)  # keep the database as built

        return action

    label = f"{rows:,}-elder xlsx import"
    cases = [
        ("dry run", "dry run (two bad rows)", paths[True], True),
        ("refused", "import, two bad rows (all-or-nothing: nothing written)", paths[True], False),
        ("written", "import, every row valid (written, rolled back after)", paths[False], False),
    ]
    rows_out = []
    for key, name, path, dry_run in cases:
        durations = []
        for _ in range(runs):  # no warm-up run: one import is long enough to warm itself
            started = time.perf_counter()
            queries = count_queries(run(key, path, dry_run))
            durations.append((time.perf_counter() - started) * 1000)
        row = {"case": f"{label}: {name}", "runs": runs, "p50": statistics.median(durations)}
        row.update(p95=percentile(durations, 0.95), queries=queries, memory_mb=peak_rss_mb())
        reported, bad, elders, entries = outcome[key]
        row["note"] = f"{reported} rows reported, {bad} with errors; {elders} elders and {entries} audit entries written"
        print(f"  {row['case']:58} {row['p50']:8.1f} {row['p95']:8.1f} {row['queries']:5d}  ({row['note']})", flush=True)
        rows_out.append(row)
    shutil.rmtree(folder)
    return rows_out


# --- the load test -------------------------------------------------------------------------------------


def load_test(paths, session_key, *, requests_per_path, seconds, workers=4, threads=8):
    """gunicorn with ``workers`` on 127.0.0.1; each path requested ``requests_per_path`` times from ``threads``
    threads (stopping at ``seconds``). Returns [(path, requests/s, p95 ms, errors)]."""
    from django.conf import settings

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{LOAD_PORT}", "--log-level", "warning", "zhongyang_eldercare.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    results = []
    try:
        for _ in range(100):
            try:
                probe = HTTPConnection("127.0.0.1", LOAD_PORT, timeout=5)
                probe.request("GET", "/accounts/login/")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        for path in paths:
            latencies, errors, lock = [], [0], threading.Lock()
            remaining = [requests_per_path]
            deadline = time.monotonic() + seconds

            def worker(path=path, latencies=latencies, errors=errors, lock=lock, remaining=remaining, deadline=deadline):
                connection = HTTPConnection("127.0.0.1", LOAD_PORT, timeout=30)
                while time.monotonic() < deadline:
                    with lock:
                        if remaining[0] <= 0:
                            break
                        remaining[0] -= 1
                    started = time.perf_counter()
                    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                    response = connection.getresponse()
                    response.read()
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        latencies.append(elapsed)
                        if response.status != 200:
                            errors[0] += 1

            # warm every worker
            for _ in range(workers * 2):
                warm = HTTPConnection("127.0.0.1", LOAD_PORT, timeout=30)
                warm.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                warm.getresponse().read()
            started = time.perf_counter()
            pool = [threading.Thread(target=worker) for _ in range(threads)]
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
            wall = time.perf_counter() - started
            results.append((path, len(latencies) / wall, percentile(latencies, 0.95), errors[0], len(latencies)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return results


# --- the cases ------------------------------------------------------------------------------------------------


def page_cases(city, bureau, township_user, township, runs):
    from dashboard_floor import dashboard_floor, differences  # benchmarks/, beside this script
    from django.apps import apps
    from django.db import connection
    from django.utils import timezone

    from facilities.models import Township
    from visits.compliance import weeks_ending
    from visits.models import Elder, PriorityRule

    postgres = connection.vendor == "postgresql"  # the floors are PostgreSQL SQL
    made = clients(city, bureau, township_user)
    today = timezone.localdate()

    def get(user, path, **params):
        def action():
            response = made[user.pk].get(path, params)
            assert response.status_code == 200, (path, response.status_code)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            return response

        return action

    elder = Elder.objects.in_township(township).priority_on(today).order_by("pk").first()
    village = township.villages.order_by("pk").first()
    second = Township.objects.filter(county=township.county).exclude(pk=township.pk).order_by("position").first()
    visit_url = f"/visits/elders/{elder.pk}/visit/"

    def visit_post():
        page = made[township_user.pk].get(visit_url).content.decode()
        key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)
        data = {"submission_key": key, "visitor": "压测", "visited_on": today.isoformat(), "method": "phone", "overall_risk": "1"}
        for name in ("health", "mental", "safety", "hygiene", "environment"):
            data[name] = "normal"
        started = time.perf_counter()
        response = made[township_user.pk].post(visit_url, data)
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.content[:2000]
        return elapsed

    rule_age = (
        PriorityRule.objects.filter(criterion="old_alone").order_by("-valid_from").values_list("min_age", flat=True).first()
    )
    weeks = weeks_ending(today, 12)
    rows = [
        measure(
            "county dashboard (county bureau)",
            get(bureau, "/reports/"),
            runs,
            floor=postgres and run_sql(*dashboard_floor(bureau, today)),
            parts={"floor without the visiting tiers": postgres and run_sql(*dashboard_floor(bureau, today, tiers=False))},
        ),
        measure(
            "progress figures alone (compute_progress, the county)",
            progress_figures(bureau, today),
            runs,
            floor=postgres and run_sql(*dashboard_floor(bureau, today, progress_only=True)),
        ),
        measure("township dashboard (township staff)", get(township_user, "/reports/"), runs),
        measure("township workbench (home, township staff)", get(township_user, "/"), runs),
        measure(f"worklist ({township.name})", get(township_user, "/visits/"), runs),
        measure("elder list, whole scope (city bureau)", get(city, "/visits/elders/"), runs),
        measure("elder list, whole scope, page 40 (city bureau)", get(city, "/visits/elders/", page=40), runs),
        measure(
            "elder list, filtered: one village, priority (city bureau)",
            get(city, "/visits/elders/", village=village.pk, priority="on"),
            runs,
        ),
        measure("elder page (township staff)", get(township_user, f"/visits/elders/{elder.pk}/"), runs),
        measure("facility list, whole scope (city bureau)", get(city, "/facilities/"), runs),
        measure(
            "visit compliance, 12 weeks, whole scope (city bureau)",
            get(city, "/visits/compliance/"),
            runs,
            floor=postgres
            and run_sql(compliance_floor_sql(), {"today": today, "first": weeks[0], "last": weeks[-1], "age": rule_age}),
        ),
        measure("weekly summary, 12 weeks, whole scope (city bureau)", get(city, "/visits/summary/"), runs),
        measure(f"worklist, other township ({second.name}) as bureau", get(bureau, "/visits/", township=second.pk), runs),
        measure("Excel progress report (county bureau)", get(bureau, "/reports/progress.xlsx"), max(3, runs // 3), memory=True),
    ]
    if postgres:  # the floor is worth its name only if it computes the page's numbers: checked figure by figure
        wrong = differences(bureau, today)
        agree = "the floor's figures agree with the page's" if not wrong else f"the floor differs from the page: {wrong[:3]}"
        rows[0]["note"] = f"{rows[0].get('note', '')}; {agree}"
    if apps.is_installed("staffing"):  # issue 11's pages, since they landed
        rows += [
            measure("staffing overview, whole scope (city bureau)", get(city, "/staffing/"), runs),
            measure("staffing posts, whole scope (city bureau)", get(city, "/staffing/posts/"), runs),
        ]
    if apps.is_installed("subsidies"):  # issue 10's money pages, since they landed
        rows += money_cases(made, city, bureau, township_user, runs)
    # the visit POST: each run saves one visit (a fresh form each time); they are removed afterwards
    posts = [visit_post() * 1000 for _ in range(runs + 1)][1:]
    rows.append(
        {
            "case": "visit POST (township staff)",
            "runs": runs,
            "p50": statistics.median(posts),
            "p95": percentile(posts, 0.95),
            "queries": count_queries(visit_post),
        }
    )
    print(f"  {'visit POST':58} {rows[-1]['p50']:8.1f} {rows[-1]['p95']:8.1f} {rows[-1]['queries']:5d}", flush=True)
    from visits import summaries
    from visits.models import FollowUp, Visit

    FollowUp.objects.filter(visit__visitor="压测").delete()
    Visit.objects.filter(visitor="压测").delete()
    summaries.figures_changed([township.pk])  # the summaries of its township no longer hold
    return rows, made


def money_cases(made, city, bureau, township_user, runs):
    """The awards list (whole scope and a county's, with its computation form), the computation itself (rolled
    back), the evaluations list, the funding ledger and one facility's money page."""
    from django.db import transaction
    from django.utils import timezone

    from subsidies.models import Award

    year = timezone.localdate().year - 1
    facility = Award.objects.in_township(township_user.township).order_by("pk").values_list("facility", flat=True).first()

    def get(user, path, **params):
        def action():
            response = made[user.pk].get(path, params)
            assert response.status_code == 200, (path, response.status_code)

        return action

    def compute():
        with transaction.atomic():
            response = made[bureau.pk].post("/subsidies/compute/", {"year": year})
            assert response.status_code == 200, response.status_code
            transaction.set_rollback(True)  # keep the database as built

    rows = [
        measure("awards list, whole scope (city bureau)", get(city, "/subsidies/"), runs),
        measure("awards list with the computation form (county bureau)", get(bureau, "/subsidies/"), runs),
        measure(f"award computation for {year}, POST (county bureau, rolled back)", compute, max(3, runs // 3)),
        measure("evaluations list, whole scope (city bureau)", get(city, "/subsidies/evaluations/"), runs),
        measure("funding ledger, whole scope (city bureau)", get(city, "/subsidies/ledger/"), runs),
    ]
    if facility:
        page = get(township_user, f"/subsidies/facilities/{facility}/")
        rows.append(measure("a facility's money (township staff)", page, runs))
    return rows


def load_average():
    """The machine's load average over 1, 5 and 15 minutes, as one string (2 CPUs shared: was the run quiet?)."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--import-runs", type=int, default=1)
    parser.add_argument("--load-requests", type=int, default=600, help="requests per page in the load test (0: no load test)")
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection

    ensure_database(args.counties, rebuild=args.rebuild, log=print)
    settings.DEBUG = False  # no query log: time what production runs
    from visits.models import Elder, Visit

    city, bureau, township_user, township = bench_users()
    started_load = load_average()
    print(
        f"{args.counties} counties: {Elder.objects.count():,} elders, {Visit.objects.count():,} visits · {connection.vendor}"
        f" · load average (1 / 5 / 15 min) {load_average()}",
        flush=True,
    )
    print(f"  {'case':58} {'p50 ms':>8} {'p95 ms':>8} {'queries':>5}")
    rows, made = page_cases(city, bureau, township_user, township, args.runs)
    if args.import_rows:
        rows += import_cases(township_user, township, args.import_rows, args.import_runs)
    load = []
    if args.load_requests:
        session_key = made[township_user.pk].cookies[settings.SESSION_COOKIE_NAME].value
        load = load_test(["/visits/", "/reports/"], session_key, requests_per_path=args.load_requests, seconds=args.load_seconds)
        bureau_key = made[bureau.pk].cookies[settings.SESSION_COOKIE_NAME].value
        load += load_test(["/reports/"], bureau_key, requests_per_path=args.load_requests, seconds=args.load_seconds)
        labels = ["worklist (township staff)", "township dashboard (township staff)", "county dashboard (bureau)"]
        for label, (_path, rate, p95, errors, count) in zip(labels, load, strict=True):
            print(f"  load: {label:40} {rate:7.1f} req/s  p95 {p95:7.1f} ms  ({count} requests, {errors} not 200)")
        load = [
            {"case": label, "rate": rate, "p95": p95, "errors": errors, "requests": count}
            for label, (_path, rate, p95, errors, count) in zip(labels, load, strict=True)
        ]
    result = {
        "counties": args.counties,
        "elders": Elder.objects.count(),
        "visits": Visit.objects.count(),
        "rows": rows,
        "load": load,
        "load_average": load_average(),
        "load_average_start": started_load,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
