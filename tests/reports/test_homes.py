"""Each role's home (issue 13, item 7): counts with links to where things are done, a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.reports.conftest import make_facility
from tests.visits.conftest import add_elders_with_visits, make_elder, make_visit
from visits.models import FollowUp
from zhongyang_eldercare.kernel.dates import first_of_month
from zhongyang_eldercare.reports import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def jinluo_village(townships, make_village):
    return make_village(townships["jinluo"])


def item(html, key):
    start = html.index(f'id="home-{key}"')
    return html[start : html.index("</li>\n", start)]


def count_of(html, key):
    return int(item(html, key).split('class="count">')[1].split("<")[0])


def last_month():
    return first_of_month(first_of_month(timezone.localdate()) - timedelta(days=1))


def workbench_data(village, size):
    """``size`` priority elders: some overdue, some visited, one urgent follow-up each third, a facility short."""
    today = timezone.localdate()
    elders = add_elders_with_visits(village, size, weeks=1)  # visited last week: due now
    for elder in elders[: size // 3]:
        visit = make_visit(elder, today, health="urgent", health_note="摔倒")
        FollowUp.objects.create(elder=elder, visit=visit, problem="摔倒", assignee="张三", due_on=today, opened_on=today)
    overdue = [make_elder(village, children_count=0, name=f"逾期{index}") for index in range(size // 2)]
    make_facility(village.township, village=village, built_on=timezone.localdate() - timedelta(days=30), name=f"小院{size}")
    return elders, overdue


@pytest.mark.parametrize("size", [3, 12])
def test_the_workbench_counts_what_to_do_in_a_fixed_number_of_queries(
    client, users, jinluo_village, django_assert_max_num_queries, size
):
    elders, overdue = workbench_data(jinluo_village, size)
    client = client_for(client, users["jinluo"])
    # 5 request (session, user, session save); 1 the user's township (menu bar); 2 visits (priority rules, the
    # counts per status); 2 follow-ups (counts, the first five with elder and visit); 3 the report (last month's,
    # any returned one, the deadline rule); facilities with shortfalls: 1 the facilities + 5 the standard check
    # (standards with rooms and equipment, facilities' rooms and equipment) + 2 registered checks' own; 2 missing
    # information (priority elders without a visitor, elders with no phone)
    with django_assert_max_num_queries(23):
        html = client.get(reverse("home")).content.decode()
    visited_today = size // 3
    assert count_of(html, "overdue") == len(overdue)
    assert count_of(html, "due") == size - visited_today
    assert count_of(html, "follow_ups") == visited_today
    assert count_of(html, "without_visitor") == len(overdue)
    assert count_of(html, "no_phone") == size + len(overdue)
    assert 'href="/visits/?status=overdue"' in item(html, "overdue")
    assert 'href="/facilities/?compliance=fails"' in item(html, "facilities")
    assert "待提交的月度报告" in item(html, "report")


def test_the_workbench_is_the_first_page_after_login(client, users):
    response = client.post(reverse("accounts:login"), {"username": users["jinluo"].username, "password": "Test-pass-2020"})
    assert response.url == reverse("home")
    html = client.get(reverse("home")).content.decode()
    assert 'id="home-overdue"' in html and "金罗镇" in html


def test_a_returned_report_comes_first_with_its_reason(client, users, townships):
    report = services.start_report(township=townships["jinluo"], month=last_month(), by=users["jinluo"])
    services.save_remarks(report=report, problems="p", next_steps="n")
    services.submit_report(report=report, by=users["jinluo"])
    services.return_report(report=report, by=users["bureau"], reason="请补充小院进展")
    html = client_for(client, users["jinluo"]).get(reverse("home")).content.decode()
    assert "请补充小院进展" in item(html, "report") and report.get_absolute_url() in item(html, "report")
    assert 'class="home-item urgent" id="home-report"' in html


def test_a_submitted_report_leaves_nothing_to_do(client, users, townships):
    report = services.start_report(township=townships["jinluo"], month=last_month(), by=users["jinluo"])
    services.save_remarks(report=report, problems="p", next_steps="n")
    services.submit_report(report=report, by=users["jinluo"])
    assert count_of(client_for(client, users["jinluo"]).get(reverse("home")).content.decode(), "report") == 0


@pytest.mark.parametrize("size", [3, 12])
def test_the_bureau_home_counts_the_county_in_a_fixed_number_of_queries(
    client, users, townships, make_village, jinluo_village, django_assert_max_num_queries, size
):
    workbench_data(jinluo_village, size)
    make_village(townships["zhike"])  # a village nothing covers: 枝柯镇 is behind
    past = timezone.localdate() - timedelta(days=10)
    for follow_up in FollowUp.objects.all():
        follow_up.due_on = past
        follow_up.save()
    client = client_for(client, users["bureau"])
    # 5 request; 15 compute_progress (+2 registered checks'); 3 plan checks; 1 late key projects; 7 the week's
    # compliance (+2 the summary data's figures versions and stored rows, issue 14); 1 reports waiting; 1 follow-ups overdue
    with django_assert_max_num_queries(35):
        html = client.get(reverse("home")).content.decode()
    assert count_of(html, "follow_ups_overdue") == size // 3
    assert count_of(html, "late_projects") >= 3
    assert count_of(html, "plan_checks") >= 2  # the two printing inconsistencies of the published table
    assert "枝柯镇" in item(html, "behind")
    missed = size + size // 2 - size // 3  # priority elders of 金罗镇 not visited this week
    assert count_of(html, "missed_visits") == missed


def test_the_leading_group_home_has_the_dashboard_and_the_download_and_nothing_to_edit(client, users):
    html = client_for(client, users["leader"]).get(reverse("home")).content.decode()
    assert 'id="leader-dashboard"' in html and 'id="leader-download"' in html
    main = html[html.index("<main>") :]
    assert "<form" not in main and "<textarea" not in main and "<input" not in main


def test_the_administrator_keeps_the_menu_page(client, users):
    html = client_for(client, users["admin"]).get(reverse("home")).content.decode()
    assert 'class="tiles"' in html and 'id="home-' not in html


def test_every_home_opens_before_the_plan_and_the_deadline_rule_are_loaded(client, users):
    from facilities.models import PlanTableCell, PlanTableRow
    from zhongyang_eldercare.reports.models import ReportDeadline

    for model in (ReportDeadline, PlanTableCell, PlanTableRow):
        model.objects.all().delete()
    for role in ("jinluo", "bureau", "leader", "admin"):
        assert client_for(client, users[role]).get(reverse("home")).status_code == 200, role


def test_a_second_countys_bureau_home_reads_its_own_plan(county_users, second_county):
    from datetime import date

    from facilities.plan_checks import failures, run_checks
    from facilities.plans import plans_of
    from zhongyang_eldercare.reports.homes import bureau_home

    county, township = second_county
    items = {item.key: item for item in bureau_home(county_users["bureau_b"], date(2021, 6, 30))}
    own_plan = plans_of(county).get()
    assert items["plan_checks"].count == len(failures(run_checks(own_plan)))
    assert items["behind"].note in ("", township.name)  # its one township, never one of 中阳县's


def test_each_countys_leading_group_home_reads_its_own_plan_in_force(county_users, second_county):
    """The leaders' headline figures are their county's, against its plan in force that day: with a second county's
    plan on the installation (the latest one entered), 中阳县's leaders still read 中阳县's, and the other's theirs."""
    from datetime import date

    from facilities.plans import plans_of
    from zhongyang_eldercare.reports.homes import leading_group_home

    county, township = second_county
    day = date(2021, 6, 30)
    progress, _approved = leading_group_home(county_users["leader"], day)
    assert progress.document.county.code != county.code
    assert township.pk not in [line.township.pk for line in progress.lines]
    progress, _approved = leading_group_home(county_users["leader_b"], day)
    assert progress.document == plans_of(county).get()
    assert [line.township.pk for line in progress.lines] == [township.pk]
