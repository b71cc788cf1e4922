"""The Excel progress report, read back with openpyxl (issue 4, item 3)."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import FacilityKind
from tests.conftest import client_for
from tests.reports.conftest import make_facility, populate

pytestmark = pytest.mark.django_db

URL = reverse("reports:progress_xlsx")
KINDS = ["day_care", "happiness", "relocation_day_care"]


def seed_rows():
    data = json.loads((settings.BASE_DIR / "fixtures" / "plan_table.json").read_text(encoding="utf-8"))
    order = {(2020, kind): index for index, kind in enumerate(KINDS)}
    order.update({(2021, "day_care"): 3, (2021, "happiness"): 4, (2022, "day_care"): 5, (2022, "happiness"): 6})
    rows = []
    for row in data["rows"]:
        cells = sorted(row["cells"], key=lambda cell: order[(cell["year"], cell["kind"])])
        rows.append(
            [row["label"], row["villages_total"], row["villages_built"], row["villages_to_build"]] + [c["count"] for c in cells]
        )
    return rows


def download(client, user, as_of="2021-06-30"):
    response = client_for(client, user).get(URL, {"as_of": as_of})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="progress-{as_of}.xlsx"'
    return load_workbook(BytesIO(response.content))


def values(sheet, first_row, last_row, last_column):
    return [list(row) for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=last_column, values_only=True)]


def test_the_first_sheet_has_attachment_3s_header_and_every_planned_cell_of_the_seed_table(client, users, townships):
    sheet = download(client, users["bureau"]).worksheets[0]
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert {"A3:A4", "B3:D3", "E3:G3", "H3:I3", "J3:K3", "L3:N3", "O3:Q3", "R3:S3", "T3:U3"} <= merged
    assert [sheet[f"{c}3"].value for c in "ABEHJ"] == ["乡镇", "行政村", "2020 年建设任务", "2021 年建设任务", "2022 年建设任务"]
    tasks = ["日照中心", "幸福小院", "移民集中安置点日照中心", "日照中心", "幸福小院", "日照中心", "幸福小院"]
    assert [cell.value for cell in sheet[4]][1:11] == ["总数", "已建成数量", "待建设任务", *tasks]
    assert values(sheet, 5, 12, 11) == seed_rows()
    assert sheet["U2"].value == "单位：个"
    assert "2021-06-30" in sheet["A2"].value


def test_the_actual_block_counts_the_records(client, users, townships, make_village, make_site):
    jinluo = townships["jinluo"]
    make_facility(jinluo, village=make_village(jinluo), built_on=date(2020, 12, 31))
    make_facility(jinluo, village=make_village(jinluo), built_on=date(2021, 1, 1))
    make_facility(jinluo, kind=FacilityKind.DAY_CARE, village=make_village(jinluo), built_on=date(2020, 7, 1))
    make_facility(jinluo, kind=FacilityKind.DAY_CARE, site=make_site(jinluo), built_on=date(2020, 7, 1))
    make_village(jinluo)  # not covered
    sheet = download(client, users["bureau"]).worksheets[0]
    jinluo_row = values(sheet, 6, 6, 21)[0]
    assert jinluo_row[0] == "金罗镇"
    # villages 4, covered 3, remaining 1; 2020: day care 1, courtyard 1, site 1; 2021: courtyard 1
    assert jinluo_row[11:] == [4, 3, 1, 1, 1, 1, 0, 1, 0, 0]
    total_row = values(sheet, 12, 12, 21)[0]
    assert total_row[0] == "合计" and total_row[11:] == jinluo_row[11:]


def test_the_workbook_has_the_further_sheets_and_prints_on_a4_landscape(client, users, townships, make_village):
    populate(townships, make_village, villages_per_township=2)
    workbook = download(client, users["bureau"])
    assert workbook.sheetnames == [
        *("建设任务完成情况", "逐年任务", "覆盖率与目标", "设施清单", "巡访达标情况", "公益性岗位", "方案数据校验"),
        *("补助测算表", "资金来源汇总"),
    ]
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    coverage = workbook["覆盖率与目标"]
    assert coverage["A5"].value == "宁乡镇" and coverage["D5"].value == 0.5 and coverage["D5"].number_format == "0.0%"
    facilities = workbook["设施清单"]
    assert facilities.max_row == 3 + 7  # one courtyard per township


def test_a_township_download_holds_only_its_township(client, users, townships, make_village):
    populate(townships, make_village, villages_per_township=2)
    workbook = download(client, users["jinluo"])
    assert "方案数据校验" not in workbook.sheetnames
    first = workbook.worksheets[0]
    assert [first.cell(row=r, column=1).value for r in range(5, first.max_row + 1)] == ["金罗镇", "金罗镇"]
    assert {row[0] for row in workbook["设施清单"].iter_rows(min_row=4, values_only=True)} == {"金罗镇"}


def test_text_that_looks_like_a_formula_stays_text(client, users, townships, make_village):
    make_facility(townships["jinluo"], village=make_village(townships["jinluo"]), name="=HYPERLINK(1)")
    sheet = download(client, users["bureau"])["设施清单"]
    assert sheet["B4"].value == "'=HYPERLINK(1)"


def test_the_management_command_writes_the_same_workbook(tmp_path, townships, make_village):
    populate(townships, make_village, villages_per_township=2)
    out = tmp_path / "progress.xlsx"
    call_command("progress_report", "--out", str(out), "--as-of", "2021-06-30")
    sheet = load_workbook(out).worksheets[0]
    assert values(sheet, 5, 12, 11) == seed_rows()
    assert [row[11:14] for row in values(sheet, 5, 12, 14)][:2] == [[2, 1, 1], [2, 1, 1]]


@pytest.mark.parametrize("as_of", ["2099-01-01", "2019-12-31", "2021-13-01"])
def test_the_command_refuses_a_day_outside_the_plan(tmp_path, policy, as_of):
    with pytest.raises(CommandError):
        call_command("progress_report", "--out", str(tmp_path / "x.xlsx"), "--as-of", as_of)


@pytest.mark.parametrize("villages_per_township", [1, 10])
def test_the_export_query_count_does_not_grow(
    client, users, townships, make_village, django_assert_max_num_queries, villages_per_township
):
    populate(townships, make_village, villages_per_township=villages_per_township)
    client = client_for(client, users["bureau"])
    # 2 session and user; 15 compute_progress (its facility list is the facility sheet's);
    # visit compliance: 1 townships + 1 priority rules + 1 visit frequencies + 1 figures versions + 1 summary rows,
    # and as none is stored yet, 2 aggregates for the 13 weeks + 1 storing them (visits.summaries);
    # the plan checks: none (the table compute_progress read); 3 the session save after login;
    # 3 the plan read (the user's counties, the county's plans, and
    # the plan choices when the page is shown instead); 4 the staffing sheet (funding sources, rules, posts held,
    # posts by facility and funding source)
    # 8 money (reports/money.py: the awards with the sum paid, the ledger sums, the funding sources; the posts' pay:
    # facilities, ledger sources, posts for 2020, 2021 and 2022); 35 without them (see above, with the visit summaries)
    with django_assert_max_num_queries(43):
        response = client.get(URL, {"as_of": "2022-12-31"})
    assert response.status_code == 200


def test_the_facility_list_says_whether_each_facility_in_service_meets_its_standard(client, users, townships, make_village):
    jinluo = townships["jinluo"]
    make_facility(jinluo, village=make_village(jinluo), built_on=date(2020, 5, 1), name="甲村幸福小院")
    make_facility(jinluo, village=make_village(jinluo), name="乙村幸福小院")
    sheet = download(client, users["bureau"])["设施清单"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["甲村幸福小院"][9] == "否" and "面积" in rows["甲村幸福小院"][10]
    assert rows["乙村幸福小院"][9] == "—"
    assert [cell.value for cell in sheet[3]][9:11] == ["达标", "不达标项"]


def test_the_header_rows_are_tall_enough_for_their_wrapped_labels(client, users, townships):
    sheet = download(client, users["leader"]).worksheets[0]
    # "移民集中安置点日照中心" wraps over three lines in its 9-character column
    assert sheet.row_dimensions[4].height >= 45 and sheet.row_dimensions[3].height >= 20
    assert sheet.cell(row=4, column=7).alignment.wrap_text
