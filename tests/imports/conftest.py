"""An elder-archive spreadsheet built in code, for the import job tests (the elder import is the real path)."""

import itertools
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from visits.resources import ElderResource
from zhongyang_eldercare.kernel.identity import with_check_digit

_serials = itertools.count(1)
REGION = "141129"


def id_number(birth=date(1940, 2, 3)):
    serial = next(_serials) % 500 * 2 + 1
    return with_check_digit(f"{REGION}{birth:%Y%m%d}{serial:03d}")


BASE = {
    "住址": "",
    "电话": "",
    "居住情况": "独居",
    "子女数": 0,
    "有子女在本县": "否",
    "留守": "否",
    "空巢": "是",
    "计生特殊家庭": "否",
    "低保": "否",
    "特困": "否",
    "自理能力": "自理",
    "紧急联系人": "",
    "紧急联系电话": "",
}


def elder_row(village, **cells):
    return BASE | {"乡镇": village.township.name, "行政村": village.name, "姓名": "导入老人", "身份证号": id_number()} | cells


def elder_workbook(rows, user, *, name="archive.xlsx", headers=None):
    headers = headers or ElderResource(user=user).template_headers()
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def village(townships, make_village):
    return make_village(townships["jinluo"])
