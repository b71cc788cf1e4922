"""Go-live data (issue 15, item 4): the county's villages and relocation sites from Excel, bureau only, own county,
all or nothing, row errors in Chinese, village counts per township checked against the plan's task table."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from facilities.models import RelocationSite, Village
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
VILLAGES, SITES = reverse("facilities:village_import"), reverse("facilities:site_import")
HEADERS = ["乡镇", "名称", "乡镇所在地", "人口", "老年人口", "有村卫生所"]


def workbook(headers, rows, name="villages.xlsx"):
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def villages(township, count, start=1):
    numbers = range(start, start + count)
    return [[township, f"{township}上线村{number:02d}", "是" if number == 1 else "否", 1200, 240, "是"] for number in numbers]


def test_the_template_has_the_chinese_columns_and_the_townships_of_the_county(client, users):
    response = client_for(client, users["bureau"]).get(reverse("facilities:village_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == HEADERS
    lists = book["lists"]
    assert "金罗镇" in [cell.value for cell in lists["A"]]
    site_headers = load_workbook(io.BytesIO(client.get(reverse("facilities:site_template")).content)).worksheets[0][1]
    assert [cell.value for cell in site_headers] == ["乡镇", "名称", "老年人口"]


@pytest.mark.parametrize("who", ["jinluo", "leader", "admin"])
def test_only_the_bureau_loads_go_live_data(client, users, who):
    client_for(client, users[who])
    for url in (VILLAGES, SITES, reverse("facilities:village_template"), reverse("facilities:site_template")):
        assert client.get(url).status_code == 403, url
    assert client.post(VILLAGES, {"file": workbook(HEADERS, villages("金罗镇", 21))}).status_code == 403
    assert not Village.objects.filter(name__contains="上线村").exists()


def test_a_file_matching_the_task_table_is_checked_then_imported_whole(client, users):
    client_for(client, users["bureau"])
    checked = client.post(VILLAGES, {"file": workbook(HEADERS, villages("金罗镇", 21) + villages("宁乡镇", 3))})
    assert checked.context["valid"], (checked.context["job"].file_messages, checked.context["reports"][:3])
    assert not Village.objects.filter(name__contains="上线村").exists()  # the check is a dry run
    assert client.post(VILLAGES, {"token": checked.context["token"]}).status_code == 302
    imported = Village.objects.filter(name__contains="上线村")
    assert imported.count() == 24
    seat = imported.get(name="金罗镇上线村01")
    assert seat.is_township_seat and seat.population == 1200 and seat.elderly_population == 240 and seat.has_clinic


def test_a_village_count_that_differs_from_the_task_table_is_reported_and_nothing_is_saved(client, users):
    client_for(client, users["bureau"])
    checked = client.post(VILLAGES, {"file": workbook(HEADERS, villages("金罗镇", 20))})
    assert not checked.context["valid"] and checked.context["token"] is None
    messages = " ".join(checked.context["job"].file_messages)
    assert "金罗镇" in messages and "21" in messages and "20" in messages and "中办发〔2020〕22号" in messages
    assert "金罗镇" in checked.content.decode()
    assert not Village.objects.filter(name__contains="上线村").exists()


def test_sample_villages_are_not_counted(client, users, townships):
    Village.objects.create(township=townships["jinluo"], name="金罗镇样例村01", is_sample=True)
    client_for(client, users["bureau"])
    assert client.post(VILLAGES, {"file": workbook(HEADERS, villages("金罗镇", 21))}).context["valid"]


def test_an_unknown_township_is_refused_row_by_row_in_chinese(client, users):
    client_for(client, users["bureau"])
    rows = villages("金罗镇", 21)
    rows += [["不存在乡", "不存在乡上线村01", "否", 800, 100, "否"], ["金罗镇", "", "否", "很多", 1, "否"]]
    checked = client.post(VILLAGES, {"file": workbook(HEADERS, rows)})
    reports = checked.context["reports"]
    assert not checked.context["valid"]
    bad = {report.number: " ".join(report.messages) for report in reports if not report.ok}
    assert set(bad) == {23, 24}, bad
    assert "不存在乡" in bad[23] and "乡镇" in bad[23]
    assert "人口" in bad[24] and "很多" in bad[24]
    assert not Village.objects.filter(name__contains="上线村").exists()


def test_another_countys_bureau_cannot_load_into_this_county(client, county_users):
    client_for(client, county_users["bureau_b"])
    checked = client.post(VILLAGES, {"file": workbook(HEADERS, villages("金罗镇", 21))})
    assert not checked.context["valid"]
    assert all(not report.ok for report in checked.context["reports"])
    assert not Village.objects.filter(name__contains="上线村").exists()


def test_relocation_sites_are_imported_and_updated_by_township_and_name(client, users, townships):
    client_for(client, users["bureau"])
    rows = [["宁乡镇", "宁乡镇上线安置点01", 60], ["金罗镇", "金罗镇上线安置点01", 45]]
    checked = client.post(SITES, {"file": workbook(["乡镇", "名称", "老年人口"], rows, "sites.xlsx")})
    assert checked.context["valid"]
    client.post(SITES, {"token": checked.context["token"]})
    again = client.post(SITES, {"file": workbook(["乡镇", "名称", "老年人口"], [["宁乡镇", "宁乡镇上线安置点01", 70]], "s.xlsx")})
    client.post(SITES, {"token": again.context["token"]})
    sites = RelocationSite.objects.filter(name__contains="上线安置点")
    assert sites.count() == 2 and sites.get(township=townships["ningxiang"]).elderly_population == 70
