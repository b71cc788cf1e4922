"""Staffing in the reports: the dashboard's block per township, the Excel report's staffing sheet (read back
with openpyxl), the monthly report's figures frozen on approval; query counts flat as facilities grow."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker
from zhongyang_eldercare.reports import services

pytestmark = pytest.mark.django_db
AS_OF = "2021-06-30"


def staff(township, facilities):
    """Day care centers with meals (minimum 2), each with one held caregiver post (光伏) and one vacant cook post (就业基金)."""
    made = []
    for _number in range(facilities):
        facility = make_plain_facility(township, meals=True, since=date(2020, 1, 1))
        hold(make_post(facility, since=date(2020, 1, 1), monthly_pay=Decimal("1500.25")), make_worker(township))
        make_post(facility, since=date(2020, 1, 1), kind_code="cook", source_code="employment_fund", monthly_pay=Decimal("1200"))
        made.append(facility)
    return made


@pytest.mark.parametrize("facilities", [1, 5])
def test_the_dashboard_shows_staffing_per_township_in_constant_queries(
    client, users, townships, facilities, django_assert_max_num_queries
):
    staff(townships["jinluo"], facilities)
    client.force_login(users["bureau"])
    # the progress dashboard (25, tests/reports/test_dashboard.py) + 8 for the staffing block
    # + 2 the staffing check in the progress figures' assessment (rules, posts held)
    # + 3 the plan read and 7 the visiting tiers (issue 15; tests/reports/test_dashboard.py)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("reports:dashboard"), {"as_of": AS_OF})
    block = response.context["staffing"]
    jinluo = next(line for line in block["lines"] if line.label == "金罗镇")
    assert (len(jinluo.below_minimum), jinluo.filled, jinluo.vacant, jinluo.gap) == (
        facilities,
        facilities,
        facilities,
        facilities,
    )
    assert block["lines"][-1] is block["figures"].total
    assert 'id="staffing-table"' in response.content.decode()


def download(client, user):
    client.force_login(user)
    return load_workbook(BytesIO(client.get(reverse("reports:progress_xlsx"), {"as_of": AS_OF}).content))


def test_the_excel_report_has_a_staffing_sheet_by_facility_and_funding_source(client, users, townships):
    (short,) = staff(townships["jinluo"], 1)
    sheet = download(client, users["bureau"])["公益性岗位"]
    headers = [cell.value for cell in sheet[3]]
    assert headers[:9] == ["乡镇", "设施名称", "类型", "当日提供就餐", "最少岗位数", "岗位数", "在岗", "空缺", "缺口"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    line = next(row for row in rows if row[1] == short.name)
    assert line[:9] == ["金罗镇", short.name, "农村老年人日间照料中心", "是", 2, 2, 1, 1, 1]
    by_header = dict(zip(headers, line, strict=True))
    assert by_header["光伏扶贫收益：岗位"] == 1 and Decimal(str(by_header["光伏扶贫收益：月工资"])) == Decimal("1500.25")
    assert by_header["就业基金：岗位"] == 1 and by_header["就业基金：月工资"] == 1200
    assert rows[-1][0] == "合计" and rows[-1][8] == 1


def test_a_township_downloads_only_its_own_staffing(client, users, townships):
    staff(townships["jinluo"], 1)
    (zhike,) = staff(townships["zhike"], 1)
    sheet = download(client, users["jinluo"])["公益性岗位"]
    names = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert zhike.name not in names


@pytest.mark.parametrize("facilities", [1, 6])
def test_the_excel_report_query_count_does_not_grow_with_posts(
    client, users, townships, facilities, django_assert_max_num_queries
):
    staff(townships["jinluo"], facilities)
    client.force_login(users["bureau"])
    # the report (28, tests/reports/test_workbook.py) + 4 the staffing sheet + 2 the staffing check in the assessment
    # + 3 the plan read (issue 15; tests/reports/test_workbook.py)
    with django_assert_max_num_queries(37):
        response = client.get(reverse("reports:progress_xlsx"), {"as_of": AS_OF})
    assert response.status_code == 200


def test_the_monthly_report_carries_staffing_and_keeps_it_after_approval(client, users, townships):
    jinluo = townships["jinluo"]
    (facility,) = staff(jinluo, 1)
    report = services.start_report(township=jinluo, month=date(2021, 6, 1), by=users["jinluo"])
    services.save_remarks(report=report, problems="问题", next_steps="措施")
    report = services.submit_report(report=report, by=users["jinluo"])
    report = services.approve_report(report=report, by=users["bureau"])
    assert (report.figures["staffing"]["gap"], report.figures["staffing"]["below_minimum"]) == (1, [facility.name])
    hold(facility.posts.get(kind__code="cook"), make_worker(jinluo), since=date(2021, 1, 1))  # the gap closes afterwards
    report.refresh_from_db()
    assert report.figures["staffing"]["gap"] == 1
    client.force_login(users["bureau"])
    html = client.get(report.get_absolute_url()).content.decode()
    assert 'id="report-staffing"' in html and facility.name in html
