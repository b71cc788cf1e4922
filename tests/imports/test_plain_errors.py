"""Import errors are plain Chinese for every column, and one upload reports every bad row and every bad cell."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import client_for
from tests.imports.conftest import elder_row, elder_workbook
from zhongyang_eldercare.import_jobs.models import ImportJob

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def facility_upload(headers, rows):
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "facilities.xlsx"
    return buffer


def facility_row(village, name, **cells):
    values = {
        "名称": name, "类型": "农村幸福小院", "乡镇": village.township.name, "服务行政村": village.name,
        "状态": "已建成", "状态起始日期": "2021-06-30", "建筑面积（m²）": 180,
        "功能室": "日间休息室、餐厅、小型菜园", "设备": "就餐设备、洗衣设备、食品安全设备、消防取暖设备",
        "床位数": 4, "房屋来源": "闲置学校", "审议主体": "村民委员会", "审议日期": "2020-05-06", "提供就餐": "是",
    }  # fmt: skip
    return values | cells


def messages_of(job, number):
    return next(row["messages"] for row in job.report if row["number"] == number)


def test_every_bad_cell_of_every_row_is_named_by_its_column_in_chinese(client, users, townships, make_village):
    village = make_village(townships["jinluo"])
    client_for(client, users["jinluo"])
    headers = [cell.value for cell in next(iter(_template_rows(client)))]
    rows = [
        facility_row(village, "好小院"),
        facility_row(village, "坏小院甲", **{"建筑面积（m²）": "一百八", "床位数": "四张", "计划年度": "明年"}),
        facility_row(village, "坏小院乙", **{"审议日期": "上个月", "提供就餐": "可能", "类型": "养老院"}),
        facility_row(village, "坏小院丙", 功能室="日间休息室、舞厅"),
    ]
    client.post(reverse("facilities:import"), {"file": facility_upload(headers, rows)})
    job = ImportJob.objects.get()
    assert not job.valid and [row["number"] for row in job.bad_rows()] == [3, 4, 5]
    first = messages_of(job, 3)
    assert any(m.startswith("建筑面积（m²）：") and "一百八" in m and "不是数字" in m for m in first), first
    assert any(m.startswith("床位数：") and "四张" in m and "不是整数" in m for m in first), first
    assert any(m.startswith("计划年度：") and "明年" in m for m in first), first
    second = messages_of(job, 4)
    assert any(m.startswith("审议日期：") and "上个月" in m for m in second), second
    assert any(m.startswith("提供就餐：") and "“是”或“否”" in m for m in second), second
    assert any(m.startswith("类型：") and "养老院" in m for m in second), second
    assert any(m.startswith("功能室：") and "舞厅" in m for m in messages_of(job, 5))
    for row in job.bad_rows():
        for message in row["messages"]:
            assert "<class" not in message and "could not be parsed" not in message
            assert not ENGLISH.search(message.replace("m²", "")), message


def _template_rows(client):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("facilities:template")).content))
    return book.worksheets[0].iter_rows(max_row=1)


def test_an_elder_row_reports_each_of_its_bad_cells_at_once(client, users, townships, make_village):
    village = make_village(townships["jinluo"])
    user = users["jinluo"]
    rows = [elder_row(village, 子女数="两个", 空巢="也许", 居住情况="", 身份证号="12345")]
    client_for(client, user).post(reverse("visits:elder_import"), {"file": elder_workbook(rows, user)})
    messages = ImportJob.objects.get().report[0]["messages"]
    columns = {message.split("：")[0] for message in messages}
    assert {"子女数", "空巢", "居住情况", "身份证号"} <= columns, messages


def test_a_file_without_the_key_column_says_so_in_chinese(client, users, townships, make_village):
    village = make_village(townships["jinluo"])
    user = users["jinluo"]
    headers = ["乡镇", "行政村", "姓名", "居住情况", "自理能力"]
    upload = elder_workbook([elder_row(village)], user, headers=headers)
    response = client_for(client, user).post(reverse("visits:elder_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.file_messages == ["文件缺少模板中的列：身份证号。"] and not job.valid
    assert "文件缺少模板中的列：身份证号。" in response.content.decode()
