"""Long imports never hit the web server's timeout: every import page only stashes the file and queues the
work for the background worker; no row is read inside the request, whatever the file's size."""

from io import BytesIO

import pytest
from django.test import override_settings
from django.urls import get_resolver
from openpyxl import Workbook

from tests.accounts.urlwalk import walk
from tests.conftest import client_for
from zhongyang_eldercare.import_jobs.models import ImportJob, ImportStatus
from zhongyang_eldercare.imports import SpreadsheetImportView

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROWS = 3000


def import_paths():
    paths = []
    for path, _name in walk():
        view = get_resolver().resolve(path).func
        view_class = getattr(view, "view_class", None) or getattr(getattr(view, "__wrapped__", None), "view_class", None)
        if view_class is not None and issubclass(view_class, SpreadsheetImportView):
            paths.append(path)
    return sorted(set(paths))


def big_workbook():
    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "身份证号", "行政村"])
    for number in range(ROWS):
        sheet.append([f"行{number}", "x", "y"])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "big.xlsx"
    return buffer


def test_the_walk_finds_the_imports():
    assert {"/visits/elders/import/", "/facilities/import/"} <= set(import_paths())


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.parametrize("path", import_paths())
def test_an_upload_is_queued_not_run_in_the_request(client, users, path):
    client_for(client, users["bureau"])
    response = client.post(path, {"file": big_workbook()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.QUEUED and job.rows_done == 0
