"""A plan's task table uploaded by the bureau (issue 15, item 3): the layout the progress report writes, the plan
checks run before it is accepted, findings named by row and column, acceptance with findings confirmed and recorded;
bad input refused with each finding named and nothing half-saved."""

from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from facilities.models import PlanTableCell, PlanTableRow, PlanUpload, PlanUploadStatus, PolicyDocument
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

UPLOAD = "/plan/upload/"
PLAN = {
    "code": "中办发〔2023〕8号",
    "title": "中阳县农村养老服务提升方案（2023-2025年）",
    "issued_by": "中阳县人民政府办公室",
    "period_start": "2023-01-01",
    "period_end": "2025-12-31",
}


@pytest.fixture
def report_bytes(client, users):
    """The Excel progress report of the plan in force: its first sheet is Attachment 3 as published."""
    response = client_for(client, users["bureau"]).get("/reports/progress.xlsx", {"as_of": "2022-12-31"})
    assert response.status_code == 200
    return response.content


def edited(content, changes):
    """The workbook with cells of its first sheet changed: {"E7": value, ...}; a row given as 7 is emptied."""
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.worksheets[0]
    for where, value in changes.items():
        if isinstance(where, int):
            sheet.delete_rows(where)
        else:
            sheet[where] = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, user, content, **plan):
    client_for(client, user)
    data = {**PLAN, **plan, "file": SimpleUploadedFile("plan.xlsx", content)}
    return client.post(UPLOAD, data)


def stored_tables():
    return PolicyDocument.objects.count(), PlanTableRow.objects.count(), PlanTableCell.objects.count()


def test_the_published_table_round_trips_with_its_two_inconsistencies_as_findings(client, users, report_bytes):
    before = stored_tables()
    response = upload(client, users["bureau"], report_bytes)
    record = PlanUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plan/upload/{record.pk}/"
    assert stored_tables() == before  # checked, nothing stored yet
    assert record.status == PlanUploadStatus.CHECKED and len(record.table) == 8
    failed = {(finding["row"], finding["column"], finding["expected"], finding["found"]) for finding in record.failed_findings}
    assert failed == {("第7行 · 枝柯镇", "待建设任务", "6", "5"), ("第12行 · 合计", "2022 日照中心", "5", "4")}
    page = client.get(f"/plan/upload/{record.pk}/").content.decode()
    assert "第7行 · 枝柯镇" in page and "确认问题并接收" in page


def test_accepting_with_findings_needs_a_confirmation_and_is_recorded(client, users, report_bytes):
    upload(client, users["bureau"], report_bytes)
    record = PlanUpload.objects.get()
    url = f"/plan/upload/{record.pk}/"
    before = stored_tables()
    refused = client.post(url, {})
    assert refused.status_code == 400 and "请确认按原样接收" in refused.content.decode()
    assert stored_tables() == before
    accepted = client.post(url, {"confirm": "on"})
    record.refresh_from_db()
    assert accepted.status_code == 302 and record.status == PlanUploadStatus.ACCEPTED
    assert accepted["Location"] == f"/plan/?plan={record.document_id}"
    assert record.accepted_by == users["bureau"] and record.accepted_with_findings and record.accepted_at
    document = record.document
    assert document.code == PLAN["code"] and document.county.code == "zhongyang"
    assert document.plan_rows.count() == 8 and document.plan_rows.get(label="枝柯镇").villages_to_build == 6
    assert LogEntry.objects.get_for_object(record).count() >= 2
    assert client.post(url, {"confirm": "on"}).status_code == 400  # accepted once only
    page = client.get(url).content.decode()
    assert "接收时已确认以下校验问题" in page


def test_a_consistent_table_is_accepted_without_confirmation(client, users, report_bytes):
    # 枝柯镇 builds its sixth village in 2022 (column J: 2022 day care centers); the column then adds up to the
    # totals row's 5 and 枝柯镇's yearly tasks to its 6 still to build
    sheet = load_workbook(BytesIO(report_bytes)).worksheets[0]
    upload(client, users["bureau"], edited(report_bytes, {"J7": sheet["J7"].value + 1}))
    record = PlanUpload.objects.get()
    assert not record.failed_findings and record.findings  # every rule ran and passed
    assert "通过全部规则" in client.get(f"/plan/upload/{record.pk}/").content.decode()
    assert client.post(f"/plan/upload/{record.pk}/", {}).status_code == 302
    record.refresh_from_db()
    assert record.status == PlanUploadStatus.ACCEPTED and not record.accepted_with_findings
    # every stored row and cell of the new table has its audit entry, by the bureau user who accepted it
    document = PolicyDocument.objects.get(code=PLAN["code"])
    cells = PlanTableCell.objects.filter(row__document=document)
    logged = LogEntry.objects.get_for_objects(cells).filter(action=LogEntry.Action.CREATE)
    assert cells.count() > 0 and logged.count() == cells.count()
    assert {entry.actor for entry in logged} == {users["bureau"]}


@pytest.mark.parametrize(
    "changes, row, column, found",
    [
        ({"C6": "十二"}, "第6行 · 金罗镇", "C · 已建成数量", "十二"),  # not a number
        ({"A8": "不存在镇"}, "第8行 · 不存在镇", "乡镇", "不存在镇"),  # a township of no county's table
        ({"E5": -1}, "第5行 · 宁乡镇", "E · 2020 日照中心", "-1"),  # not 0 or more
    ],
)
def test_unreadable_cells_are_refused_row_by_row_and_nothing_is_saved(client, users, report_bytes, changes, row, column, found):
    before = stored_tables()
    upload(client, users["bureau"], edited(report_bytes, changes))
    record = PlanUpload.objects.get()
    assert record.status == PlanUploadStatus.REFUSED
    assert any((f["row"], f["column"], f["found"]) == (row, column, found) for f in record.failed_findings), record.findings
    assert client.post(f"/plan/upload/{record.pk}/", {"confirm": "on"}).status_code == 400
    assert stored_tables() == before
    assert "未保存任何数据" in client.get(f"/plan/upload/{record.pk}/").content.decode()


def test_a_missing_township_and_totals_that_do_not_add_up_are_findings(client, users, report_bytes):
    upload(client, users["bureau"], edited(report_bytes, {6: None}))  # 金罗镇's row removed
    record = PlanUpload.objects.get()
    assert record.status == PlanUploadStatus.CHECKED
    failed = record.failed_findings
    assert any(f["row"] == "金罗镇" and f["rule"] == "缺少乡镇" for f in failed), failed
    totals = [f for f in failed if f["rule"] == "各列之和等于原表合计行"]
    assert any(f["row"] == "第11行 · 合计" and f["column"] == "行政村总数" for f in totals), totals


def test_a_document_number_already_used_is_refused_on_the_form(client, users, report_bytes):
    response = upload(client, users["bureau"], report_bytes, code="中办发〔2020〕22号")
    assert response.status_code == 200 and not PlanUpload.objects.exists()
    assert "文号" in response.content.decode()


def test_only_the_bureau_uploads_and_accepts(client, users, county_users, report_bytes):
    upload(client, users["bureau"], report_bytes)
    record = PlanUpload.objects.get()
    url = f"/plan/upload/{record.pk}/"
    assert client_for(client, users["jinluo"]).get(UPLOAD).status_code == 403
    assert client_for(client, users["jinluo"]).get(url).status_code == 403
    assert client_for(client, users["leader"]).post(url, {"confirm": "on"}).status_code == 403
    assert client_for(client, county_users["city"]).post(url, {"confirm": "on"}).status_code == 403
    assert client_for(client, county_users["bureau_b"]).get(url).status_code == 404  # another county's upload
    assert client_for(client, county_users["bureau_b"]).post(url, {"confirm": "on"}).status_code == 404
    assert client_for(client, users["leader"]).get(url).status_code == 200
    assert PlanUpload.objects.get().status == PlanUploadStatus.CHECKED


def test_the_upload_pages_query_count_does_not_grow_with_uploads(client, users, report_bytes, django_assert_max_num_queries):
    for number in range(3):
        upload(client, users["bureau"], report_bytes, code=f"测试〔2023〕{number}号")
    record = PlanUpload.objects.first()
    # 2 session and user; 1 the bureau's county; 1 the uploads with their uploaders; 3 the session save (idle timeout)
    with django_assert_max_num_queries(7):
        assert client.get(UPLOAD).status_code == 200
    # 2 session and user; 1 the upload with its county, uploader, accepter and plan; 3 the session save
    with django_assert_max_num_queries(6):
        assert client.get(f"/plan/upload/{record.pk}/").status_code == 200


def _header_column(content, text):
    """The letter of the column whose row-4 header is ``text`` (the first), in the report's first sheet."""
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return next(cell.column_letter for cell in sheet[4] if cell.value == text)


def test_a_header_printed_with_a_space_is_read_as_the_published_table_prints_it(client, users, report_bytes):
    """The published Attachment 3 prints "移民集中安置点 日照中心": every column is still read, none dropped."""
    letter = _header_column(report_bytes, "移民集中安置点日照中心")
    upload(client, users["bureau"], edited(report_bytes, {f"{letter}4": "移民集中安置点 日照中心"}))
    spaced = PlanUpload.objects.get()
    upload(client, users["bureau"], report_bytes, code="中办发〔2023〕2号")
    plain = PlanUpload.objects.exclude(pk=spaced.pk).get()
    assert spaced.status == PlanUploadStatus.CHECKED
    assert [row["cells"] for row in spaced.table] == [row["cells"] for row in plain.table]
    assert {cell["year"] for row in spaced.table for cell in row["cells"]} == {2020, 2021, 2022}


@pytest.mark.parametrize(
    "change, column",
    [
        ("unknown kind", None),  # a kind header no task has: refused, the column named, nothing read past it
        ("a year twice", None),  # a copied year header: the same year and kind twice (was a database error)
        ("swapped", "B–D"),  # 已建成数量 and 待建设任务 swapped: the counts would land in the wrong fields
    ],
)
def test_a_header_that_cannot_be_read_as_attachment_3_is_refused_and_named(client, users, report_bytes, change, column):
    sheet = load_workbook(BytesIO(report_bytes)).worksheets[0]
    kinds = [cell for cell in sheet[4] if cell.value == "幸福小院"]
    years = [cell for cell in sheet[3] if cell.value and "2021" in str(cell.value)]
    changes = {
        "unknown kind": {f"{kinds[0].column_letter}4": "养老大院"},
        "a year twice": {f"{years[0].column_letter}3": "2020年建设任务"},
        "swapped": {"C4": "待建设任务", "D4": "已建成数量"},
    }[change]
    before = stored_tables()
    upload(client, users["bureau"], edited(report_bytes, changes))
    record = PlanUpload.objects.get()
    assert record.status == PlanUploadStatus.REFUSED
    layout = [f for f in record.failed_findings if f["row"] == "第4行"]
    assert layout and (column is None or layout[0]["column"] == column), record.findings
    assert stored_tables() == before


@pytest.mark.parametrize("value", ["²", "3000000000", 3_000_000_000])
def test_a_count_no_column_holds_is_refused_on_its_cell_not_a_server_error(client, users, report_bytes, value):
    response = upload(client, users["bureau"], edited(report_bytes, {"C6": value}))
    assert response.status_code in (200, 302, 400)
    record = PlanUpload.objects.get()
    assert record.status == PlanUploadStatus.REFUSED
    assert any(f["column"] == "C · 已建成数量" and f["found"] == str(value) for f in record.failed_findings)


def test_a_sheet_without_the_task_columns_is_refused_not_a_server_error(client, users, report_bytes):
    workbook = load_workbook(BytesIO(report_bytes))
    sheet = workbook.worksheets[0]
    sheet.delete_cols(5, sheet.max_column)
    out = BytesIO()
    workbook.save(out)
    upload(client, users["bureau"], out.getvalue())
    record = PlanUpload.objects.get()
    assert record.status == PlanUploadStatus.REFUSED and record.failed_findings
    page = client.get(f"/plan/upload/{record.pk}/")  # refused at its headers: no row read, the findings shown
    assert page.status_code == 200 and "未保存任何数据" in page.content.decode()
