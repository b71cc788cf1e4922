import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from facilities.models import Facility, FacilityStatus
from tests.conftest import client_for
from tests.facilities.conftest import shortfalls

pytestmark = pytest.mark.django_db
IMPORT = reverse("facilities:import")


def read(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def template_headers(client):
    headers, rows = read(client.get(reverse("facilities:template")))
    assert not any(value is not None for row in rows for value in row)  # formatted cells, nothing filled in
    return headers


def workbook(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "facilities.xlsx"
    return buffer


def row(village, name, **changes):
    values = {
        "名称": name,
        "类型": "农村幸福小院",
        "乡镇": village.township.name,
        "服务行政村": village.name,
        "状态": "已建成",
        "状态起始日期": "2021-06-30",
        "建筑面积（m²）": 180,
        "功能室": "日间休息室、餐厅、小型菜园",
        "设备": "就餐设备、洗衣设备、食品安全设备、消防取暖设备",
        "床位数": 4,
        "房屋来源": "闲置学校",
        "审议主体": "村民委员会",
        "审议日期": "2020-05-06",
        "提供就餐": "是",
    }
    values.update(changes)
    return values


def test_the_template_has_chinese_headers(users, client):
    headers = template_headers(client_for(client, users["jinluo"]))
    assert set(headers[:4]) == {"编号（新增设施留空）", "名称", "类型", "乡镇"}  # read by header, in any order
    assert "功能室" in headers and "不达标项" not in headers


def test_a_dry_run_reports_each_row_and_saves_nothing(townships, users, client, make_village):
    village = make_village(townships["jinluo"])
    client_for(client, users["jinluo"])
    upload = workbook(template_headers(client), [row(village, "幸福小院甲"), row(village, "幸福小院乙", 床位数=-2)])
    response = client.post(IMPORT, {"file": upload})
    reports = response.context["reports"]
    assert [report.number for report in reports] == [2, 3]
    assert reports[0].ok and not reports[1].ok
    assert any("床位数" in message for message in reports[1].messages)
    assert not response.context["valid"] and not Facility.objects.exists()


def test_a_valid_file_is_imported_after_confirmation_with_its_status_history(townships, users, client, make_village):
    village = make_village(townships["jinluo"])
    client_for(client, users["jinluo"])
    planned = row(village, "幸福小院乙", 状态="计划", 状态起始日期="2021-02-01")
    upload = workbook(template_headers(client), [row(village, "幸福小院甲"), planned])
    checked = client.post(IMPORT, {"file": upload})
    assert checked.context["valid"] and not Facility.objects.exists()
    response = client.post(IMPORT, {"token": checked.context["token"]})
    assert response.status_code == 302
    first = Facility.objects.get(name="幸福小院甲")
    assert (first.township, first.village, first.floor_area) == (townships["jinluo"], village, Decimal(180))
    assert first.status == FacilityStatus.BUILT
    assert first.rooms.count() == 3 and shortfalls(first) == []
    assert list(first.status_changes.values_list("status", "changed_on")) == [("built", date(2021, 6, 30))]
    assert list(first.bed_counts.values_list("since", "beds")) == [(date(2021, 6, 30), 4)]  # from its status date
    assert Facility.objects.get(name="幸福小院乙").status == FacilityStatus.PLANNED


def test_a_row_for_another_townships_village_is_refused_and_nothing_is_saved(townships, users, client, make_village):
    mine, other = make_village(townships["jinluo"]), make_village(townships["zhike"])
    client_for(client, users["jinluo"])
    rows = [row(mine, "本乡镇小院"), row(other, "他乡镇小院"), row(mine, "他乡镇村名", 服务行政村=other.name)]
    response = client.post(IMPORT, {"file": workbook(template_headers(client), rows)})
    reports = response.context["reports"]
    assert reports[0].ok
    assert any("乡镇" in message for message in reports[1].messages)
    assert any(other.name in message and "不是您所在乡镇" in message for message in reports[2].messages)
    assert not Facility.objects.exists()


def test_an_update_by_id_changes_the_facility_and_records_a_new_status(townships, users, client, make_facility):
    facility = make_facility(townships["jinluo"], kind="happiness")
    client_for(client, users["jinluo"])
    headers = template_headers(client)
    changes = {"编号（新增设施留空）": facility.pk, "状态": "暂停", "状态起始日期": "2022-01-05"}
    values = row(facility.village, "改名小院", **changes)
    checked = client.post(IMPORT, {"file": workbook(headers, [values])})
    assert checked.context["reports"][0].status == "update"
    client.post(IMPORT, {"token": checked.context["token"]})
    facility.refresh_from_db()
    assert facility.name == "改名小院" and facility.status == FacilityStatus.SUSPENDED


def test_an_id_of_another_townships_facility_is_refused(townships, users, client, make_facility):
    theirs = make_facility(townships["zhike"], kind="happiness")
    client_for(client, users["jinluo"])
    values = row(theirs.village, "偷改", **{"编号（新增设施留空）": theirs.pk, "乡镇": "金罗镇"})
    response = client.post(IMPORT, {"file": workbook(template_headers(client), [values])})
    assert not response.context["valid"]
    assert Facility.objects.get(pk=theirs.pk).name != "偷改"


def test_the_leading_group_cannot_import(users, client):
    assert client_for(client, users["leader"]).get(IMPORT).status_code == 403


def test_the_export_is_scoped_filtered_escaped_and_names_shortfalls(townships, users, client, make_facility):
    make_facility(townships["jinluo"], name="=HYPERLINK(1)", floor_area=Decimal(90))
    make_facility(townships["jinluo"], name="达标中心", kind="day_care")
    make_facility(townships["zhike"], name="枝柯中心")
    response = client_for(client, users["jinluo"]).get(reverse("facilities:export"), {"compliance": "fails"})
    assert "no-store" in response["Cache-Control"]
    headers, rows = read(response)
    named = dict(zip(headers, rows[0], strict=True))
    assert len(rows) == 1
    assert named["名称"] == "'=HYPERLINK(1)"
    assert named["乡镇"] == "金罗镇" and named["状态"] == "运营中"
    assert "建筑面积 90 m² 不符合标准" in named["不达标项"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["养老服务设施"]


def test_the_export_query_count_does_not_grow(townships, users, client, make_facility, django_assert_max_num_queries):
    for _index in range(15):
        make_facility(townships["jinluo"])
    client_for(client, users["bureau"])
    # 2 session + user; 1 facilities with places as of today; 1 rooms; 1 equipment; 1 status changes;
    # 3 standards + their rooms and equipment (the shortfalls column); 3 session save.
    with django_assert_max_num_queries(12):
        headers, rows = read(client.get(reverse("facilities:export")))
    assert len(rows) == 15
