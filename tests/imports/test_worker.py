"""The real path: the database task backend queues each step, and ``manage.py db_worker`` runs it."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.conftest import client_for
from tests.imports.conftest import elder_row, elder_workbook
from visits.models import Elder
from zhongyang_eldercare.import_jobs.models import ImportJob

IMPORT = reverse("visits:elder_import")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_checks_then_imports_while_the_page_shows_the_progress(client, users, townships, make_village):
    village = make_village(townships["jinluo"])
    client_for(client, users["jinluo"])
    response = client.post(IMPORT, {"file": elder_workbook([elder_row(village), elder_row(village)], users["jinluo"])})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert DBTaskResult.objects.get().status == "READY"
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "排队等待处理" in waiting and "<progress" in waiting and "import_jobs/progress.js" in waiting
    assert client.get(reverse("import_jobs:status", args=[job.pk])).json()["finished"] is False

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.valid, job.rows_done) == ("done", True, 2)
    assert client.get(reverse("import_jobs:status", args=[job.pk])).json()["finished"] is True
    assert not Elder.objects.exists()

    assert client.post(IMPORT, {"token": job.token})["Location"] == job.get_absolute_url()
    assert not Elder.objects.exists()  # queued, not yet run
    run_worker()
    job.refresh_from_db()
    assert (job.step, job.status, job.totals) == ("import", "done", {"new": 2})
    assert Elder.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert "已导入：新增 2 条" in client.get(job.get_absolute_url()).content.decode()
