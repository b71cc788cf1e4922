"""Imports run as background jobs: a job per upload, its page (progress, then the row report), its status as JSON,
the confirm step, and who may see and confirm a job. Tasks run at once here (TASKS_BACKEND=immediate in tests/settings.py);
test_worker.py runs the real database backend and its worker."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for, make_user
from tests.imports.conftest import elder_row, elder_workbook
from visits.models import Elder
from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.import_jobs.models import ImportJob, ImportStatus, ImportStep

pytestmark = pytest.mark.django_db
IMPORT = reverse("visits:elder_import")


def check(client, user, rows, **kwargs):
    return client_for(client, user).post(IMPORT, {"file": elder_workbook(rows, user, **kwargs)})


def test_an_upload_becomes_a_job_of_its_owner_with_its_row_report(client, users, village):
    response = check(client, users["jinluo"], [elder_row(village), elder_row(village)], name="二月名单.xlsx")
    job = ImportJob.objects.get()
    assert (job.owner, job.file_name, job.step, job.status, job.valid) == (
        users["jinluo"],
        "二月名单.xlsx",
        "check",
        "done",
        True,
    )
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert [row["number"] for row in job.report] == [2, 3] and not job.bad_rows()
    html = response.content.decode()
    assert "全部 2 行均有效。" in html and "立即导入" in html and "二月名单.xlsx" in html
    assert not Elder.objects.exists()


def test_the_job_page_can_be_left_and_opened_again_from_the_import_page(client, users, village):
    check(client, users["jinluo"], [elder_row(village, 姓名="回来看")])
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "全部 1 行均有效。" in page and f'value="{job.token}"' in page
    assert job.get_absolute_url() in client.get(IMPORT).content.decode()
    listing = client.get(reverse("import_jobs:list")).content.decode()
    assert job.get_absolute_url() in listing and "有效，尚未导入" in listing


def test_confirming_imports_every_row_in_one_go_and_the_page_says_how_many(client, users, village):
    check(client, users["jinluo"], [elder_row(village), elder_row(village)])
    job = ImportJob.objects.get()
    response = client.post(IMPORT, {"token": job.token})
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.step, job.status, job.valid, job.totals) == ("import", "done", True, {"new": 2})
    assert Elder.objects.count() == 2
    page = client.get(job.get_absolute_url()).content.decode()
    assert "已导入：新增 2 条，更新 0 条。" in page and reverse("visits:elders") in page and "立即导入" not in page
    # the stashed file is gone: the same token cannot import twice
    client.post(IMPORT, {"token": job.token})
    assert Elder.objects.count() == 2


def test_a_file_with_bad_rows_offers_no_confirmation_and_filters_to_the_bad_rows(client, users, village):
    rows = [elder_row(village, 姓名="好一"), elder_row(village, 自理能力="不知道"), elder_row(village, 姓名="好二")]
    rows.append(elder_row(village, 子女数="两个", 空巢="也许"))
    check(client, users["jinluo"], rows)
    job = ImportJob.objects.get()
    assert not job.valid and [row["number"] for row in job.bad_rows()] == [3, 5]
    everything = client.get(job.get_absolute_url())
    assert [row.number for row in everything.context["reports"]] == [2, 3, 4, 5] and everything.context["token"] is None
    bad = client.get(job.get_absolute_url(), {"rows": "bad"})
    assert [row.number for row in bad.context["reports"]] == [3, 5]
    html = bad.content.decode()
    assert "有问题的行（2）" in html and "立即导入" not in html and "未保存任何数据" in html
    assert client.post(IMPORT, {"token": job.token}).status_code == 302
    assert not Elder.objects.exists()


def test_the_status_json_reports_the_rows_done_while_a_step_runs(client, users):
    job = ImportJob.objects.create(
        owner=users["jinluo"], title="导入", resource_path="x", import_url="/", success_url="/", file_name="a.xlsx",
        token="t-running", status=ImportStatus.RUNNING, rows_total=400,
    )  # fmt: skip
    job.record_progress(100)
    data = client_for(client, users["jinluo"]).get(reverse("import_jobs:status", args=[job.pk])).json()
    assert data == {
        "status": "running", "status_label": "正在运行", "step": "check", "finished": False,
        "rows_done": 100, "rows_total": 400, "percent": 25.0,
    }  # fmt: skip
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'value="25"' in page and "import_jobs/progress.js" in page and "<script>" not in page


def test_a_poll_does_not_renew_the_idle_session(client, users):
    job = ImportJob.objects.create(
        owner=users["jinluo"],
        title="导入",
        resource_path="x",
        import_url="/",
        success_url="/",
        file_name="a.xlsx",
        token="t-idle",
    )
    client_for(client, users["jinluo"])
    session_key = client.session.session_key
    from django.contrib.sessions.models import Session

    before = Session.objects.get(session_key=session_key).expire_date
    later = timezone.now() + timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.get(reverse("import_jobs:status", args=[job.pk]))
        assert Session.objects.get(session_key=session_key).expire_date == before
        client.get(reverse("import_jobs:list"))  # a page the user opens renews it (at most once a minute)
    assert Session.objects.get(session_key=session_key).expire_date > before


def test_only_the_owner_and_the_bureau_see_a_job_and_only_the_owner_confirms_it(client, users, townships, village):
    check(client, users["jinluo"], [elder_row(village)])
    job = ImportJob.objects.get()
    colleague = make_user(Role.TOWNSHIP, townships["jinluo"], username="jinluo-2")
    for user in (users["zhike"], colleague, users["leader"], users["admin"]):
        client_for(client, user)
        assert client.get(job.get_absolute_url()).status_code == 404, user
        assert client.get(reverse("import_jobs:status", args=[job.pk])).status_code == 404, user
        assert job.get_absolute_url() not in client.get(reverse("import_jobs:list")).content.decode()
    client_for(client, users["bureau"])
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and "立即导入" not in page.content.decode()
    assert str(users["jinluo"]) in client.get(reverse("import_jobs:list")).content.decode()
    client.post(IMPORT, {"token": job.token})
    client_for(client, colleague).post(IMPORT, {"token": job.token})
    job.refresh_from_db()
    assert job.step == ImportStep.CHECK and not Elder.objects.exists()


def test_the_job_pages_refuse_writes(client, users, village):
    check(client, users["jinluo"], [elder_row(village)])
    job = ImportJob.objects.get()
    for url in (job.get_absolute_url(), reverse("import_jobs:status", args=[job.pk]), reverse("import_jobs:list")):
        assert client.post(url).status_code == 405


def test_the_import_is_all_or_nothing_when_a_row_became_invalid_after_the_check(client, users, village, townships):
    first, second = elder_row(village, 姓名="甲"), elder_row(village, 姓名="乙")
    check(client, users["jinluo"], [first, second])
    job = ImportJob.objects.get()
    village.delete()  # the rows' village is gone by the time the user confirms
    client.post(IMPORT, {"token": job.token})
    job.refresh_from_db()
    assert (job.step, job.status, job.valid) == ("import", "done", False)
    assert not Elder.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "未保存任何数据" in page and "已导入" not in page


def test_a_damaged_workbook_is_refused_at_the_upload_with_nothing_queued(client, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(client, users["jinluo"]).post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})
    assert "不是有效的 .xlsx 工作簿" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_job_list_reads_a_page_of_jobs_in_a_fixed_number_of_queries(client, users, django_assert_max_num_queries):
    for number in range(30):
        ImportJob.objects.create(
            owner=users["jinluo"], title="导入老人档案", resource_path="x", import_url="/", success_url="/",
            file_name=f"{number}.xlsx", token=f"t-{number}",
        )  # fmt: skip
    client_for(client, users["bureau"])
    # session, user, count, the page of jobs with their owners and townships; the session save (3: in a savepoint)
    with django_assert_max_num_queries(7):
        html = client.get(reverse("import_jobs:list")).content.decode()
    assert html.count("导入老人档案") == 25 and "金罗镇" in html
