"""Weekly compliance by ISO week, the weekly summary and its Excel export."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import Township
from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.compliance import weekly_compliance, weekly_summary, weeks_ending
from visits.models import FollowUp


def county_row(rows, monday):
    return next(row for row in rows if row.township_id is None and row.monday == monday)


def test_weeks_across_a_year_end_follow_iso_years():
    # 2020 has 53 ISO weeks: 2020-W53 runs from Monday 28 Dec 2020 to Sunday 3 Jan 2021.
    weeks = weeks_ending(date(2021, 1, 5), 3)
    assert [monday.isocalendar()[:2] for monday in weeks] == [(2020, 52), (2020, 53), (2021, 1)]
    assert weeks[1] == date(2020, 12, 28)


def test_visits_on_monday_and_sunday_count_for_the_same_week_and_year_end(policy, jinluo_village):
    monday_elder = make_elder(jinluo_village, children_count=0)
    sunday_elder = make_elder(jinluo_village, children_count=0)
    make_elder(jinluo_village, children_count=0)  # never visited
    make_visit(monday_elder, date(2020, 12, 28))  # Monday of 2020-W53
    make_visit(sunday_elder, date(2021, 1, 3))  # Sunday of 2020-W53
    rows = weekly_compliance(townships=Township.objects.all(), weeks=[(2020, 53), (2021, 1)], today=date(2021, 6, 1))
    week53 = county_row(rows, date(2020, 12, 28))
    assert (week53.iso_year, week53.iso_week, week53.targets, week53.visited, week53.rate) == (2020, 53, 3, 2, Decimal("66.7"))
    assert county_row(rows, date(2021, 1, 4)).visited == 0


def test_two_visits_in_one_week_count_once_and_non_priority_elders_are_not_targets(policy, jinluo_village, zhike_village):
    elder = make_elder(jinluo_village, children_count=0)
    make_visit(elder, date(2021, 3, 1))
    make_visit(elder, date(2021, 3, 3))
    make_visit(make_elder(zhike_village), date(2021, 3, 2))  # not a priority target
    rows = weekly_compliance(townships=Township.objects.all(), weeks=[date(2021, 3, 4)], today=date(2021, 6, 1))
    by_name = {row.township: row for row in rows}
    assert (by_name["金罗镇"].targets, by_name["金罗镇"].visited) == (1, 1)
    assert (by_name["枝柯镇"].targets, by_name["枝柯镇"].rate) == (0, None)
    assert (by_name["全县"].targets, by_name["全县"].visited) == (1, 1)


def test_elder_turning_80_mid_week_is_a_target_that_week(policy, jinluo_village):
    make_elder(jinluo_village, birth_date=date(1941, 3, 3), living_arrangement="alone")  # Wednesday of 2021-W09
    rows = weekly_compliance(townships=Township.objects.all(), weeks=[(2021, 8), (2021, 9)], today=date(2021, 6, 1))
    assert [county_row(rows, monday).targets for monday in (date(2021, 2, 22), date(2021, 3, 1))] == [0, 1]


def test_a_visit_before_the_elder_became_a_target_does_not_count(policy, jinluo_village):
    elder = make_elder(jinluo_village, birth_date=date(1941, 3, 3), living_arrangement="alone")  # 80 in 2021-W09
    make_visit(elder, date(2021, 2, 23))  # 2021-W08: not yet a target
    make_visit(elder, date(2021, 3, 4))
    rows = weekly_compliance(townships=Township.objects.all(), weeks=[(2021, 8), (2021, 9), (2021, 10)], today=date(2021, 6, 1))
    counts = [(row.targets, row.visited) for row in rows if row.township_id is None]
    assert counts == [(0, 0), (1, 1), (1, 0)]


@pytest.mark.parametrize("weeks", [4, 13, 52])
def test_compliance_query_count_does_not_grow_with_weeks_or_elders(
    policy, jinluo_village, django_assert_num_queries, django_assert_max_num_queries, weeks
):
    for index in range(weeks):
        make_visit(make_elder(jinluo_village, children_count=0), date(2021, 3, 1) - timedelta(weeks=index))
    # townships, priority rules, visit frequencies, the figures versions and the summary rows (visits.summaries);
    # none holds yet: the targets and the visited aggregates, and storing the rows (one statement on PostgreSQL;
    # SQLite takes at most 999 parameters a statement: one per ~120 rows, 7 townships a week)
    with django_assert_max_num_queries(3 + 2 + 2 + 1 + (weeks * 7) // 120):
        rows = weekly_compliance(
            townships=Township.objects.all(), weeks=weeks_ending(date(2021, 3, 7), weeks), today=date(2021, 6, 1)
        )
    county = [row for row in rows if row.township_id is None]
    assert len(county) == weeks and county[-1].visited == 1
    with django_assert_num_queries(3 + 2):  # the second time every stored row holds
        again = weekly_compliance(
            townships=Township.objects.all(), weeks=weeks_ending(date(2021, 3, 7), weeks), today=date(2021, 6, 1)
        )
    assert again == rows


def test_weekly_summary_counts_visits_issues_and_follow_ups(policy, jinluo_village):
    elder = make_elder(jinluo_village, children_count=0)
    urgent = make_visit(elder, date(2021, 3, 1), safety="urgent", safety_note="电线裸露")
    make_visit(elder, date(2021, 3, 2), health="attention", method="phone")
    make_visit(elder, date(2021, 3, 8))
    FollowUp.objects.create(
        elder=elder,
        visit=urgent,
        problem="p",
        assignee="a",
        due_on=date(2021, 3, 4),
        opened_on=date(2021, 3, 1),
        status="resolved",
        resolution="ok",
        resolved_on=date(2021, 3, 9),
    )
    rows = weekly_summary(townships=Township.objects.in_township(jinluo_village.township), weeks=[(2021, 9), (2021, 10)])
    week9, county9, week10, _county10 = rows
    assert (week9.visits, week9.home_visits, week9.issues_found, week9.urgent_visits) == (2, 1, 2, 1)
    assert (week9.follow_ups_opened, week9.follow_ups_closed, week10.follow_ups_closed) == (1, 0, 1)
    assert county9.township_id is None and county9.visits == 2


def test_summary_export_reads_back_with_the_weeks_and_a_county_row(client, users, jinluo_village):
    response = client_for(client, users["bureau"]).get(reverse("visits:summary_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["周次", "周一", "乡镇"] and "新增跟进事项" in header
    assert sheet.max_row == 1 + 12 * 8  # 12 weeks × (7 townships + the county)
    assert sheet.cell(row=9, column=3).value == "全县"


def test_township_staff_see_their_own_compliance_and_the_leader_the_summary(client, users):
    assert client_for(client, users["jinluo"]).get(reverse("visits:compliance")).status_code == 200
    html = client.get(reverse("visits:compliance")).content.decode()
    assert "金罗镇" in html and "枝柯镇" not in html
    assert client_for(client, users["leader"]).get(reverse("visits:summary")).status_code == 200


@pytest.mark.parametrize("elders", [1, 12])
def test_the_compliance_page_query_count_does_not_grow_with_elders_and_visits(
    client, users, jinluo_village, django_assert_max_num_queries, elders
):
    today = timezone.localdate()
    for index in range(elders):
        make_visit(make_elder(jinluo_village, children_count=0), today - timedelta(weeks=index % 12))
    client = client_for(client, users["bureau"])
    # 2 session and user; townships, priority rules, visit frequencies, figures versions, summary rows, and
    # (no row stored yet) the two aggregates for the 12 weeks and storing them; 3 the session save after a fresh login;
    # 13 the monthly and quarterly tiers over their last two periods (visits.tiers.tiers_over_periods: the townships,
    # their figures versions, today's tiers, and per reading day — at most three — the priority rules, the tiers and,
    # not yet cached, one aggregate per tier: four in all)
    with django_assert_max_num_queries(13 + 13):
        response = client.get(reverse("visits:compliance"))
    assert response.status_code == 200
    with django_assert_max_num_queries(2 + 5 + 3 + 13 - 4):  # the rows hold and the tiers' counts are cached: no aggregate
        assert client.get(reverse("visits:compliance")).status_code == 200
