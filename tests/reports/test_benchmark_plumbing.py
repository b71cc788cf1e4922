"""The page benchmark's plumbing at tiny size (the benchmark itself is ``make benchmark``, never part of the suite)."""

import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

sys.path.insert(0, str(settings.BASE_DIR / "benchmarks"))
import dashboard_floor  # noqa: E402
import pages  # noqa: E402  (benchmarks/ is a folder of scripts, not a package)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_county(policy, settings):
    settings.DEBUG = True
    call_command("make_synthetic", "--elders", "200", "--weeks", "3", stdout=StringIO())
    settings.DEBUG = False


def test_every_page_case_answers_and_counts_its_queries(tiny_county, capsys):
    city, bureau, township_user, township = pages.bench_users()
    from visits.models import Elder

    assert Elder.objects.for_user(city).count() == Elder.objects.count() > Elder.objects.for_user(township_user).count() > 0
    assert Elder.objects.for_user(bureau).exists()
    from subsidies.models import Award

    awards = list(Award.objects.order_by("pk").values_list("pk", "amount", "status"))
    rows, _clients = pages.page_cases(city, bureau, township_user, township, runs=1)
    assert len(rows) >= 20 and all(row["queries"] > 0 and row["p50"] > 0 for row in rows)
    by_case = {row["case"]: row for row in rows}
    # the money pages are measured, and the computation is rolled back
    assert {"awards list, whole scope (city bureau)", "funding ledger, whole scope (city bureau)"} <= set(by_case)
    assert any(case.startswith("award computation") for case in by_case)
    assert list(Award.objects.order_by("pk").values_list("pk", "amount", "status")) == awards
    # the synthetic county has its own plan: the dashboard computes its figures (a county without one: 4 queries)
    assert by_case["county dashboard (county bureau)"]["queries"] > 10
    assert by_case["Excel progress report (county bureau)"]["memory_mb"] > 0
    from django.db import connection

    if connection.vendor == "postgresql":
        assert by_case["county dashboard (county bureau)"]["floor"] > 0
        assert "floor without the visiting tiers" in by_case["county dashboard (county bureau)"]["note"]
        assert by_case["progress figures alone (compute_progress, the county)"]["floor"] > 0
    from visits.models import Visit

    assert not Visit.objects.filter(visitor="压测").exists()  # the visit POSTs are removed again


def test_the_import_case_reports_every_bad_row_and_leaves_the_database_as_it_was(tiny_county):
    from visits.models import Elder

    _city, _bureau, township_user, township = pages.bench_users()
    before = Elder.objects.count()
    dry_run, refused, written = pages.import_cases(township_user, township, rows=12, runs=1)
    assert dry_run["note"] == refused["note"] == "12 rows reported, 2 with errors; 0 elders and 0 audit entries written"
    assert written["note"] == "12 rows reported, 0 with errors; 12 elders and 12 audit entries written"
    assert Elder.objects.count() == before


def test_the_dashboard_floor_computes_the_figures_the_page_shows(tiny_county):
    """The floor is one hand-written statement for the same numbers: every township's coverage, sites, beds, compliance,
    tasks, staffing, money, late projects and tiers agree with the page's (PostgreSQL: the floor is its SQL)."""
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        pytest.skip("the floors are PostgreSQL SQL")
    _city, bureau, _township_user, _township = pages.bench_users()
    assert dashboard_floor.differences(bureau, timezone.localdate()) == []
