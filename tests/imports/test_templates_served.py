"""Every import's template, as downloaded (issue 13, item 3): an example row, the allowed values as drop-downs,
date and ID columns as text, a notes sheet."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.imports.test_template_builder import validations

pytestmark = pytest.mark.django_db


def download(client, user, name):
    response = client_for(client, user).get(reverse(name))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def headers(sheet):
    return [cell.value for cell in sheet[1]]


def test_the_elder_template(client, users, townships, make_village):
    make_village(townships["jinluo"], name="金罗镇示例村")
    book = download(client, users["jinluo"], "visits:import_template")
    data, example, notes = book.worksheets[:3]
    assert (example.title, notes.title) == ("填写示例", "填写说明") and book["lists"].sheet_state == "hidden"
    columns = headers(data)
    assert columns[0] == "乡镇" and validations(data)["乡镇"][0] == ["金罗镇"]  # only their own township
    assert validations(data)["居住情况"][0] == ["独居", "仅与配偶同住", "与他人同住"]
    assert data.cell(row=2, column=columns.index("身份证号") + 1).number_format == "@"
    sample = dict(zip(headers(example), [cell.value for cell in example[2]], strict=True))
    assert sample["乡镇"] == "金罗镇" and sample["行政村"] == "金罗镇示例村" and len(sample["身份证号"]) == 18
    assert any(row[0].value == "身份证号" for row in notes.iter_rows())


def test_the_facility_template(client, users, townships, make_village):
    make_village(townships["jinluo"], name="金罗镇示例村")
    book = download(client, users["bureau"], "facilities:template")
    data, example, notes = book.worksheets[:3]
    columns = headers(data)
    drop_downs = validations(data)
    assert len(drop_downs["乡镇"][0]) == 7 and "已建成" in drop_downs["状态"][0] and drop_downs["提供就餐"][0] == ["是", "否"]
    for header in ("审议日期", "状态起始日期"):
        assert data.cell(row=2, column=columns.index(header) + 1).number_format == "@"
    sample = dict(zip(headers(example), [cell.value for cell in example[2]], strict=True))
    assert sample["乡镇"] == "金罗镇" and sample["服务行政村"] == "金罗镇示例村" and sample["名称"]
    assert "不达标项" not in columns and notes.max_row > len(columns)
