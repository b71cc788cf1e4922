"""Workers, posts and training from Excel: a dry run with Chinese row errors, then all or nothing."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from staffing.models import Holding, Post, Training, Worker
from staffing.resources import PostResource, TrainingResource, WorkerResource
from tests.staffing.conftest import hold, id_number_for, make_plain_facility, make_post, make_worker

pytestmark = pytest.mark.django_db


def upload(resource, rows):
    headers = [str(field.column_name) for field in resource.fields.values()]
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("staff.xlsx", buffer.getvalue())


def worker_row(**fields):
    return {
        "姓名": "导入护理员",
        "身份证号": id_number_for(),
        "乡镇": "金罗镇",
        "聘用日期": "2020-03-01",
        "建档立卡贫困户": "是",
    } | fields


def check(client, user, url, resource, rows):
    client.force_login(user)
    return client.post(url, {"file": upload(resource, rows)})


def test_valid_workers_are_checked_then_imported(client, users):
    url = reverse("staffing:worker_import")
    number = id_number_for(date(1980, 1, 2))
    response = check(client, users["jinluo"], url, WorkerResource(user=users["jinluo"]), [worker_row(身份证号=number.lower())])
    assert "全部 1 行均有效。" in response.content.decode() and not Worker.objects.exists()
    assert client.post(url, {"token": response.context["token"]}).status_code == 302
    worker = Worker.objects.get()
    assert (worker.id_number, worker.birth_date, worker.is_registered_poor) == (number.upper(), date(1980, 1, 2), True)


def test_one_bad_id_saves_no_worker_and_names_the_row_and_reason_in_chinese(client, users):
    good = id_number_for()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [worker_row(), worker_row(身份证号=bad, 姓名="错号")]
    response = check(client, users["jinluo"], reverse("staffing:worker_import"), WorkerResource(user=users["jinluo"]), rows)
    html = response.content.decode()
    assert "未保存任何数据" in html and "末位校验码不符" in html
    assert [report.number for report in response.context["reports"] if not report.ok] == [3]
    assert not Worker.objects.exists()


def test_a_worker_of_another_township_is_refused_on_its_row(client, users):
    rows = [worker_row(乡镇="枝柯镇")]
    response = check(client, users["jinluo"], reverse("staffing:worker_import"), WorkerResource(user=users["jinluo"]), rows)
    assert "“枝柯镇”不是您所在乡镇的乡镇" in " ".join(response.context["reports"][0].messages)
    assert not Worker.objects.exists()


def post_row(facility, **fields):
    return {
        "养老服务设施": facility.name,
        "岗位类别": "照料护理员",
        "全职": "是",
        "资金来源": "光伏扶贫收益",
        "月工资（元）": "1500.5",
        "开始日期": "2021-01-01",
    } | fields


def test_posts_are_imported_with_their_holder(client, users, jinluo):
    facility = make_plain_facility(jinluo)
    worker = make_worker(jinluo)
    url = reverse("staffing:post_import")
    rows = [post_row(facility, **{"在岗人员身份证号（可不填）": worker.id_number, "上岗日期": "2021-02-01"})]
    response = check(client, users["jinluo"], url, PostResource(user=users["jinluo"]), rows)
    assert "全部 1 行均有效。" in response.content.decode(), response.context["reports"]
    client.post(url, {"token": response.context["token"]})
    post = Post.objects.get()
    assert (post.monthly_pay, post.since) == (Decimal("1500.50"), date(2021, 1, 1))
    assert list(Holding.objects.values_list("worker_id", "since")) == [(worker.pk, date(2021, 2, 1))]


def test_a_post_import_with_one_bad_row_writes_nothing(client, users, jinluo, zhike):
    mine, theirs = make_plain_facility(jinluo), make_plain_facility(zhike)
    busy = make_worker(jinluo)
    hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1)), busy)
    rows = [
        post_row(mine),
        post_row(mine, **{"月工资（元）": "-5"}),
        post_row(theirs),
        post_row(mine, **{"在岗人员身份证号（可不填）": busy.id_number}),
        post_row(mine, 开始日期="2021-05-01", 结束日期="2021-04-01"),
    ]
    response = check(client, users["jinluo"], reverse("staffing:post_import"), PostResource(user=users["jinluo"]), rows)
    bad = {report.number: " ".join(report.messages) for report in response.context["reports"] if not report.ok}
    assert set(bad) == {3, 4, 5, 6}
    assert "负数" in bad[3] and "您所在乡镇" in bad[4] and "全职" in bad[5] and "早于" in bad[6]
    assert Post.objects.count() == 1  # only the fixture's post


def test_training_is_imported_by_the_workers_id_number(client, users, jinluo):
    worker = make_worker(jinluo)
    url = reverse("staffing:training_import")
    row = {
        "人员身份证号": worker.id_number,
        "培训项目": "吕梁山护工",
        "开始日期": "2020-03-01",
        "结束日期": "2020-03-20",
        "学时": "40",
        "结果": "合格",
    }
    response = check(
        client, users["jinluo"], url, TrainingResource(user=users["jinluo"]), [row, row | {"人员身份证号": id_number_for()}]
    )
    assert "本乡镇没有此身份证号的人员" in response.content.decode() and not Training.objects.exists()
    response = check(client, users["jinluo"], url, TrainingResource(user=users["jinluo"]), [row])
    client.post(url, {"token": response.context["token"]})
    assert Training.objects.get().worker == worker


@pytest.mark.parametrize("name", ["staffing:worker_template", "staffing:post_template", "staffing:training_template"])
def test_the_templates_have_chinese_headers_and_text_id_columns(client, users, name):
    client.force_login(users["jinluo"])
    book = load_workbook(BytesIO(client.get(reverse(name)).content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert all(header and not header.isascii() for header in headers if header not in ("ID",)), headers
