"""Importing the archive from Excel: dry run, Chinese row errors, all or nothing, ID numbers as text."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import client_for
from tests.visits.conftest import id_number_for, make_elder
from visits.models import Elder
from visits.resources import ElderResource

BASE = {
    "住址": "",
    "电话": "",
    "居住情况": "独居",
    "子女数": 0,
    "有子女在本县": "否",
    "留守": "否",
    "空巢": "是",
    "计生特殊家庭": "否",
}
BASE |= {"低保": "否", "特困": "否", "自理能力": "自理", "紧急联系人": "", "紧急联系电话": ""}


def workbook_upload(rows, user):
    headers = ElderResource(user=user).template_headers()
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("archive.xlsx", buffer.getvalue())


def row(village, **fields):
    return (
        BASE
        | {"乡镇": village.township.name, "行政村": village.name, "姓名": "导入老人", "身份证号": id_number_for(date(1940, 2, 3))}
        | fields
    )


def test_valid_file_is_checked_then_imported_with_derived_birth_date(client, users, jinluo_village):
    client_for(client, users["jinluo"])
    url = reverse("visits:elder_import")
    number = id_number_for(date(1940, 2, 3), female=True)
    response = client.post(url, {"file": workbook_upload([row(jinluo_village, 身份证号=number)], users["jinluo"])})
    assert "全部 1 行均有效。" in response.content.decode() and not Elder.objects.exists()
    response = client.post(url, {"token": response.context["token"]})
    assert response.status_code == 302
    elder = Elder.objects.get(id_number=number)
    assert (elder.birth_date, elder.gender, elder.living_arrangement) == (date(1940, 2, 3), "female", "alone")


def test_one_bad_row_saves_nothing_and_names_the_row(client, users, jinluo_village):
    rows = [row(jinluo_village), row(jinluo_village, 身份证号="141129194002031235", 姓名="错号老人")]
    response = client_for(client, users["jinluo"]).post(
        reverse("visits:elder_import"), {"file": workbook_upload(rows, users["jinluo"])}
    )
    html = response.content.decode()
    assert "未保存任何数据" in html and "末位校验码不符" in html
    assert [report.number for report in response.context["reports"] if not report.ok] == [3]
    assert not Elder.objects.exists()


def test_numeric_id_cell_is_refused_with_a_clear_chinese_error(client, users, jinluo_village):
    rows = [row(jinluo_village, 身份证号=141129194002031234)]
    response = client_for(client, users["jinluo"]).post(
        reverse("visits:elder_import"), {"file": workbook_upload(rows, users["jinluo"])}
    )
    assert "身份证号被存成了数字" in response.content.decode()
    assert not Elder.objects.exists()


def test_row_in_another_township_and_duplicate_id_are_refused(client, users, jinluo_village, zhike_village):
    existing = make_elder(jinluo_village)
    rows = [row(zhike_village), row(jinluo_village, 身份证号=existing.id_number)]
    response = client_for(client, users["zhike"]).post(
        reverse("visits:elder_import"), {"file": workbook_upload(rows, users["zhike"])}
    )
    html = response.content.decode()
    assert f"您所在乡镇没有“{jinluo_village.name}”这个行政村" in html
    # another township's elder is not revealed: the record cannot be created, ask the bureau
    assert "档案中已有此身份证号的老人" not in html and "无法用此身份证号码建档，请联系县民政局" in html
    assert Elder.objects.count() == 1


def test_template_formats_the_id_column_as_text(client, users):
    response = client_for(client, users["jinluo"]).get(reverse("visits:import_template"))
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("身份证号") + 1
    assert sheet.cell(row=2, column=column).number_format == "@"


def test_import_is_refused_to_the_leader_and_template_too(client, users):
    client_for(client, users["leader"])
    assert client.get(reverse("visits:elder_import")).status_code == 403
    assert client.get(reverse("visits:import_template")).status_code == 403


def test_duplicate_id_number_is_refused_by_the_form_next_to_the_field(client, users, jinluo_village):
    existing = make_elder(jinluo_village)
    data = {"name": "重复", "id_number": existing.id_number, "village": jinluo_village.pk, "living_arrangement": "alone"}
    data |= {"children_count": 0, "self_care": "independent", "archived_on": "2021-01-01"}
    response = client_for(client, users["jinluo"]).post(reverse("visits:elder_add"), data)
    assert response.status_code == 200
    assert "档案中已有此身份证号的老人。" in response.content.decode()
    assert Elder.objects.count() == 1
