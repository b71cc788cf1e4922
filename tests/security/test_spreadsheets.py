import io
import zipfile

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhongyang_eldercare.kernel.spreadsheets import escape_dataset, escape_formula, escape_row, validate_xlsx_upload


def xlsx_bytes(rows=(("姓名", "村"), ("张三", "宁乡村"))):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="data.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refused_code(file):
    with pytest.raises(ValidationError) as error:
        validate_xlsx_upload(file)
    return error.value.code


def test_a_real_workbook_is_accepted():
    validate_xlsx_upload(upload(xlsx_bytes()))


def test_other_file_types_are_refused():
    assert refused_code(upload(b"name,village\n", "data.csv")) == "extension"
    assert refused_code(upload(b"not a zip at all", "data.xlsx")) == "format"


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert refused_code(upload(buffer.getvalue())) == "format"


def test_an_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    assert refused_code(upload(xlsx_bytes(rows=[("x" * 50, i) for i in range(400)]))) == "size"


def test_a_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 100 * 1024  # small on disk…
    assert refused_code(upload(content)) == "bomb"  # …huge unpacked


@pytest.mark.parametrize("cell", ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\r=cmd", '=HYPERLINK("http://x")'])
def test_formula_like_text_is_escaped(cell):
    assert escape_formula(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["张三", "a=b", 42, -3, None, 1.5])
def test_plain_values_and_numbers_are_left_alone(cell):
    assert escape_formula(cell) == cell


def test_rows_and_datasets_are_escaped_cell_by_cell():
    assert escape_row(["=A1", "ok", -1]) == ["'=A1", "ok", -1]
    dataset = tablib.Dataset(["=cmd|' /C calc'!A0", "张三"], headers=["a", "b"], title="名单")
    safe = escape_dataset(dataset)
    assert safe.headers == ["a", "b"] and safe.title == "名单"
    assert safe[0] == ("'=cmd|' /C calc'!A0", "张三")
