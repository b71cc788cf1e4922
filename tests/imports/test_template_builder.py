"""The one builder of blank import templates (kernel.spreadsheets.import_template_bytes), read from a resource."""

import io

import pytest
from openpyxl import load_workbook

from facilities.resources import FacilityResource
from visits.resources import ElderResource
from zhongyang_eldercare.kernel.spreadsheets import TemplateColumn, import_template_bytes, read_xlsx

pytestmark = pytest.mark.django_db


def build(resource, **kwargs):
    return load_workbook(io.BytesIO(import_template_bytes(resource, title="老年人档案", **kwargs)))


def validations(sheet):
    """header → the allowed values of its drop-down, read back from the hidden lists sheet."""
    book, headers = sheet.parent, [cell.value for cell in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        sheet_name, cells = validation.formula1.split("!")
        values = [row[0].value for row in book[sheet_name.strip("'")][cells.replace("$", "")]]
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[headers[ord(column) - ord("A")]] = (values, validation.type)
    return found


def test_the_data_sheet_has_the_resources_headers_drop_downs_and_text_columns(users):
    township = TemplateColumn(header="乡镇", choices=["金罗镇", "枝柯镇"], required=True)
    book = build(ElderResource(user=users["jinluo"]), leading=[township])
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == ElderResource(user=users["jinluo"]).template_headers()
    assert sheet.title == "老年人档案"
    assert all(cell.value is None for row in sheet.iter_rows(min_row=2) for cell in row)  # nothing to import by mistake
    drop_downs = validations(sheet)
    assert drop_downs["居住情况"][0] == ["独居", "仅与配偶同住", "与他人同住"]
    assert drop_downs["空巢"] == (["是", "否"], "list") and drop_downs["乡镇"][0] == ["金罗镇", "枝柯镇"]
    assert "姓名" not in drop_downs and "子女数" not in drop_downs
    id_column = headers.index("身份证号") + 1
    assert sheet.cell(row=2, column=id_column).number_format == "@"
    assert sheet.cell(row=1000, column=id_column).number_format == "@"
    assert sheet.cell(row=2, column=headers.index("姓名") + 1).number_format != "@"
    assert book["lists"].sheet_state == "hidden"


def test_dates_are_text_and_the_example_sheet_fills_one_row(users):
    resource = FacilityResource(user=users["jinluo"])
    book = build(resource, example={"名称": "示例幸福小院"})
    data, example, notes = book.worksheets[:3]
    headers = [cell.value for cell in data[1]]
    assert "不达标项" not in headers  # read-only columns are left out
    for header in ("审议日期", "状态起始日期"):
        assert data.cell(row=2, column=headers.index(header) + 1).number_format == "@"
    assert (example.title, notes.title) == ("填写示例", "填写说明")
    sample = dict(zip([cell.value for cell in example[1]], [cell.value for cell in example[2]], strict=True))
    assert sample["名称"] == "示例幸福小院" and sample["类型"] == "农村老年人日间照料中心" and sample["审议日期"] == "2021-03-01"
    assert sample["提供就餐"] == "是"


def test_the_notes_sheet_explains_every_column(users):
    resource = ElderResource(user=users["jinluo"])
    notes = build(resource, notes=["乡镇工作人员只能导入本乡镇的老人。"]).worksheets[2]
    lines = [[cell.value for cell in row] for row in notes.iter_rows()]
    assert lines[0] == ["乡镇工作人员只能导入本乡镇的老人。", None, None, None]
    table = {line[0]: line[1:] for line in lines if line[0] in resource.template_headers()}
    assert set(table) == set(resource.template_headers()) - {"乡镇"}
    assert table["身份证号"][0] == "是" and "文本" in table["身份证号"][1]
    assert table["居住情况"][2] == "独居、仅与配偶同住、与他人同住"
    assert table["住址"][0] == "否"


def test_the_template_reads_back_as_an_empty_file_with_its_headers(users):
    resource = ElderResource(user=users["jinluo"])
    dataset = read_xlsx(io.BytesIO(import_template_bytes(resource, title="档案")))
    assert dataset.headers == [str(f.column_name) for f in resource.fields.values()] and len(dataset) == 0
