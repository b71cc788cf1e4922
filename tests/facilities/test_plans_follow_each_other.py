"""Plans follow each other (issue 15, item 3): several plans per county, the as-of date picks the one in force,
the pages say which plan they read, and the 2020–2022 figures stay as they were once a next plan is loaded."""

from datetime import date

import pytest

from facilities.models import County, PlanTableCell, PlanTableRow, PolicyDocument, Target, TargetCode, TaskKind
from facilities.plans import plan_in_force, plans_of
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FIRST = "中办发〔2020〕22号"


def next_plan(county=None, *, code="中办发〔2023〕8号", start=date(2023, 1, 1), end=date(2025, 12, 31)):
    """A 2023–2025 plan beside the first: every township 2 more day care centers a year, a 90 % target by 2024."""
    county = county or County.objects.get(code="zhongyang")
    document = PolicyDocument.objects.create(
        county=county, code=code, title="中阳县农村养老服务提升方案（2023-2025年）", period_start=start, period_end=end
    )
    first = PolicyDocument.objects.get(code=FIRST)
    rows = list(first.plan_rows.order_by("position"))
    for row in rows:
        new = PlanTableRow.objects.create(
            document=document, position=row.position, label=row.label, township=row.township, is_total=row.is_total,
            villages_total=row.villages_total, villages_built=row.villages_total, villages_to_build=0,
        )  # fmt: skip
        for year in range(start.year, end.year + 1):
            count = 2 * (len(rows) - 1) if row.is_total else 2
            PlanTableCell.objects.create(row=new, year=year, kind=TaskKind.DAY_CARE, count=count)
    Target.objects.create(
        document=document, clause="§1", code=TargetCode.VILLAGE_COVERAGE, value=90, due_on=date(2024, 12, 31), valid_from=start
    )
    return document


def dashboard(client, user, **query):
    response = client_for(client, user).get("/reports/", query)
    assert response.status_code == 200
    return response


def figures(response):
    progress = response.context["progress"]
    return (
        progress.document.code,
        [(line.label, line.villages.covered, line.villages.total, line.planned_villages) for line in progress.lines],
        [(column, progress.total.task(*column).planned) for column in progress.columns],
        [str(target) for target in progress.coverage_targets],
    )


def test_the_as_of_day_picks_the_plan_in_force(policy):
    county = County.objects.get(code="zhongyang")
    first = PolicyDocument.objects.get(code=FIRST)
    assert plan_in_force(county, date(2026, 12, 1)) == first
    second = next_plan()
    assert list(plans_of(county)) == [first, second]
    assert plan_in_force(county, date(2022, 12, 31)) == first  # the last day of the first plan
    assert plan_in_force(county, date(2023, 1, 1)) == second  # the first day of the next
    assert plan_in_force(county, date(2026, 12, 1)) == second  # after the last period: the last plan that started
    assert plan_in_force(county, date(2019, 5, 1)) == first  # before the first: the first


def test_a_next_plan_keeps_the_first_plans_figures_unchanged(client, users):
    before = figures(dashboard(client, users["bureau"], as_of="2021-12-31"))
    next_plan()
    after = dashboard(client, users["bureau"], as_of="2021-12-31")
    assert figures(after) == before
    assert FIRST in after.content.decode()
    later = dashboard(client, users["bureau"], as_of="2024-06-30")
    assert later.context["progress"].document.code == "中办发〔2023〕8号"
    assert "中阳县农村养老服务提升方案（2023-2025年）" in later.content.decode()


def test_the_user_may_pick_a_plan_and_the_page_says_which_it_reads(client, users):
    first = PolicyDocument.objects.get(code=FIRST)
    next_plan()
    response = dashboard(client, users["leader"], plan=first.pk)
    page = response.content.decode()
    assert response.context["progress"].document == first
    assert response.context["progress"].as_of == date(2022, 12, 31)  # today kept inside the chosen plan's period
    assert "方案：" in page and FIRST in page
    wrong = dashboard(client, users["leader"], plan=first.pk, as_of="2024-01-01")
    assert "请选择方案实施期内的日期（2020-01-01 至 2022-12-31）" in wrong.content.decode()


def test_the_plan_checks_and_the_plan_page_read_the_chosen_plan(client, users):
    first = PolicyDocument.objects.get(code=FIRST)
    second = next_plan()
    client_for(client, users["bureau"])
    checks = client.get("/plan/checks/").content.decode()
    assert "中办发〔2023〕8号" in checks and "枝柯镇" in checks
    old = client.get("/plan/checks/", {"plan": first.pk})
    assert old.context["document"] == first
    assert [finding for finding in old.context["failed"] if finding.rule == "yearly_tasks"]
    plan_page = client.get("/plan/").content.decode()
    assert second.title in plan_page and first.title in plan_page  # the list of the county's plans


def test_the_excel_report_names_its_plan(client, users):
    from io import BytesIO

    from openpyxl import load_workbook

    next_plan()
    response = client_for(client, users["bureau"]).get("/reports/progress.xlsx", {"as_of": "2021-06-30"})
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert FIRST in str(sheet["A2"].value)


def test_another_countys_plans_are_not_offered(client, county_users, second_county):
    county, _township = second_county
    theirs = next_plan(county, code="测试县〔2023〕1号")
    response = dashboard(client, county_users["bureau"], plan=theirs.pk)
    assert response.context["progress"].document.code == FIRST
    assert "测试县〔2023〕1号" not in response.content.decode()


def test_a_monthly_report_reads_the_plan_in_force_at_its_months_end(townships):
    from zhongyang_eldercare.reports.services import figures_for

    before = figures_for(township=townships["jinluo"], month=date(2021, 10, 1))
    next_plan()
    after = figures_for(township=townships["jinluo"], month=date(2021, 10, 1))
    assert after["plan"] == before["plan"] and FIRST in after["plan"]
    assert after["township"] == before["township"]
    assert "中办发〔2023〕8号" in figures_for(township=townships["jinluo"], month=date(2024, 3, 1))["plan"]
