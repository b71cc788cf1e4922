"""The 2022 visiting tiers as data (issue 15, item 5): each tier counted over its own period, on the boundaries of
weeks, months and quarters; the monthly visit rate per township and county with its 2025 target."""

from datetime import date, timedelta

import pytest

from facilities.models import PolicyDocument, Township
from tests.visits.conftest import make_elder, make_visit
from visits.models import TierPeriod, VisitTier
from visits.tiers import monthly_visit_rate, period_of, tier_counts

pytestmark = pytest.mark.django_db


def county_row(townships, on):
    """{tier code: (elders, visited)} of the county row on ``on``."""
    rows = tier_counts(townships=Township.objects.filter(pk=townships["jinluo"].pk), on=on)
    return {row.tier.code: (row.elders, row.visited) for row in rows if row.township_id is None}


def test_the_periods_are_the_iso_week_the_month_and_the_quarter():
    assert period_of(TierPeriod.WEEK, date(2023, 1, 1)) == (date(2022, 12, 26), date(2023, 1, 1))
    assert period_of(TierPeriod.MONTH, date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_of(TierPeriod.QUARTER, date(2023, 3, 31)) == (date(2023, 1, 1), date(2023, 3, 31))
    assert period_of(TierPeriod.QUARTER, date(2023, 4, 1)) == (date(2023, 4, 1), date(2023, 6, 30))
    assert period_of(TierPeriod.QUARTER, date(2023, 12, 31)) == (date(2023, 10, 1), date(2023, 12, 31))


def test_each_elder_is_in_the_first_tier_that_takes_them(townships, elders):
    counts = county_row(townships, date(2023, 5, 10))
    assert counts == {"weekly-priority": (1, 0), "monthly-special-difficulty": (1, 0), "quarterly-archived": (1, 0)}


def test_before_2022_only_the_plans_weekly_tier_is_in_force(townships, elders):
    assert county_row(townships, date(2021, 6, 30)) == {"weekly-priority": (1, 0)}


def test_a_monthly_visit_counts_to_the_months_last_day_and_not_the_next(townships, elders):
    make_visit(elders["monthly"], date(2023, 1, 31))
    assert county_row(townships, date(2023, 1, 31))["monthly-special-difficulty"] == (1, 1)
    assert county_row(townships, date(2023, 2, 1))["monthly-special-difficulty"] == (1, 0)
    make_visit(elders["monthly"], date(2023, 2, 1))
    assert county_row(townships, date(2023, 2, 28))["monthly-special-difficulty"] == (1, 1)


def test_a_quarterly_visit_counts_through_the_quarter_and_not_the_next(townships, elders):
    make_visit(elders["quarterly"], date(2023, 1, 2))
    assert county_row(townships, date(2023, 3, 31))["quarterly-archived"] == (1, 1)
    assert county_row(townships, date(2023, 4, 1))["quarterly-archived"] == (1, 0)
    make_visit(elders["quarterly"], date(2023, 6, 30))
    assert county_row(townships, date(2023, 6, 30))["quarterly-archived"] == (1, 1)
    assert county_row(townships, date(2023, 7, 1))["quarterly-archived"] == (1, 0)


def test_a_weekly_visit_counts_to_sunday(townships, elders):
    make_visit(elders["weekly"], date(2023, 1, 1))  # a Sunday
    assert county_row(townships, date(2023, 1, 1))["weekly-priority"] == (1, 1)
    assert county_row(townships, date(2023, 1, 2))["weekly-priority"] == (1, 0)


def test_a_later_document_changes_a_tier_from_its_first_day(townships, elders):
    document = PolicyDocument.objects.create(code="测试〔2026〕1号", title="测试", period_start=date(2026, 1, 1),
                                             period_end=date(2028, 12, 31))  # fmt: skip
    VisitTier.objects.create(
        document=document, clause="一", valid_from=date(2026, 1, 1), code="monthly-special-difficulty", name="每月两次",
        rank=2, group="special_difficulty", period="month", visits=2, in_visit_rate=True,
    )  # fmt: skip
    make_visit(elders["monthly"], date(2026, 1, 5))
    assert county_row(townships, date(2026, 1, 20))["monthly-special-difficulty"] == (1, 0)
    make_visit(elders["monthly"], date(2026, 1, 19))
    assert county_row(townships, date(2026, 1, 20))["monthly-special-difficulty"] == (1, 1)


def test_the_monthly_visit_rate_counts_the_guidances_elders_with_its_2025_target(townships, elders, zhike_village):
    make_elder(zhike_village, birth_date=date(1950, 1, 1), is_left_behind=True)
    make_visit(elders["weekly"], date(2025, 3, 3))
    make_visit(elders["quarterly"], date(2025, 3, 3))  # not an elder in special difficulty: not in the rate
    both = Township.objects.filter(pk__in=[townships["jinluo"].pk, townships["zhike"].pk])
    rows, target = monthly_visit_rate(townships=both, on=date(2025, 3, 31))
    by_township = {row.township_id: (row.elders, row.visited) for row in rows}
    assert by_township == {townships["jinluo"].pk: (2, 1), townships["zhike"].pk: (1, 0), None: (3, 1)}
    assert str(rows[-1].rate) == "33.3"
    assert (target.target_rate, target.target_due) == (100, date(2025, 12, 31))
    assert target.document.code == "民政部等十部门〔2022年10月〕"
    rows, _target = monthly_visit_rate(townships=both, on=date(2025, 4, 1))
    assert rows[-1].visited == 0  # a new month


def test_the_dashboard_shows_the_monthly_rate_per_township_with_the_2025_target(client, users, townships, elders):
    from tests.conftest import client_for

    make_visit(elders["monthly"], date(2022, 12, 5))
    page = client_for(client, users["bureau"]).get("/reports/", {"as_of": "2022-12-31"}).content.decode()
    section = page[page.index('id="visit-tiers"') :]
    assert "特殊困难老年人月探访率" in section and "2025-12-31前达到100%" in section and "民政部等十部门〔2022年10月〕" in section
    assert "金罗镇" in section and "50.0%" in section  # the priority elder not visited, the empty-nest one visited
    assert "其他建档老年人（每季度）" in section and "2022-10-01 – 2022-12-31" in section


def test_the_monthly_report_counts_each_tier_over_its_own_period(townships, elders):
    from zhongyang_eldercare.reports.services import figures_for

    make_visit(elders["quarterly"], date(2022, 10, 3))
    tiers = {row["tier"]: row for row in figures_for(township=townships["jinluo"], month=date(2022, 11, 1))["tiers"]}
    assert tiers["其他建档老年人（每季度）"]["visited"] == 1  # October's visit counts in the quarter
    assert tiers["特殊困难老年人（每月）"]["start"] == "2022-11-01" and tiers["特殊困难老年人（每月）"]["visited"] == 0


def test_the_worklist_lists_the_other_tiers_still_to_visit_in_their_period(client, users, townships, elders, jinluo_village):
    from django.utils import timezone

    from tests.conftest import client_for

    today = timezone.localdate()
    quarter_start = period_of(TierPeriod.QUARTER, today)[0]
    visited = make_elder(jinluo_village, birth_date=date(1956, 1, 1))  # quarterly, visited this quarter
    make_visit(visited, quarter_start)
    make_visit(elders["monthly"], today.replace(day=1) - timedelta(days=1))  # last month: not this month's
    page = client_for(client, users["jinluo"]).get("/visits/").content.decode()
    section = page[page.index('id="other-tiers"') :]
    assert elders["monthly"].name in section and "特殊困难老年人（每月）" in section
    assert elders["quarterly"].name in section and "其他建档老年人（每季度）" in section
    assert visited.name not in section and elders["weekly"].name not in section


def test_the_worklists_other_tiers_are_kept_until_a_write_in_the_township(users, townships, elders):
    """Which elders of the monthly and quarterly tiers are still to visit is kept in the figures cache under the
    township's figures version: a visit recorded through the visit service moves it on and the list is chosen again;
    the elders listed are read through the user's scope (another township's staff open no card of them)."""
    from django.utils import timezone

    from visits.models import Elder, Visit
    from visits.services import record_visit
    from visits.tiers import due_in_other_tiers
    from zhongyang_eldercare.kernel.dates import week_start

    today = timezone.localdate()

    def listed(user):
        elders_listed, total = due_in_other_tiers(queryset=Elder.objects.for_user(user), township=townships["jinluo"], on=today)
        return {elder.name for elder in elders_listed}, total

    assert listed(users["jinluo"]) == ({elders["monthly"].name, elders["quarterly"].name}, 2)
    visit = Visit(elder=elders["monthly"], visited_on=today, visitor="村干部张三")
    # a write that bypasses the portal's services: the cached choice stays as it was
    Visit.objects.bulk_create([Visit(elder=elders["monthly"], visited_on=today, week_start=week_start(today), visitor="张三")])
    assert listed(users["jinluo"]) == ({elders["monthly"].name, elders["quarterly"].name}, 2)
    record_visit(visit=visit, by=users["jinluo"], today=today)  # through the service: chosen again
    assert listed(users["jinluo"]) == ({elders["quarterly"].name}, 1)
    assert listed(users["zhike"])[0] == set()  # read through the scope (the worklist offers only townships in scope)


def test_no_township_to_show_no_other_tiers(users):
    """A user whose scope holds no township yet (an installation before its places are loaded): nothing, not a 500."""
    from django.utils import timezone

    from visits.models import Elder
    from visits.tiers import due_in_other_tiers

    queryset = Elder.objects.for_user(users["jinluo"])
    assert due_in_other_tiers(queryset=queryset, township=None, on=timezone.localdate()) == ([], 0)
