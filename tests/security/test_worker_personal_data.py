"""Workers' ID numbers (staffing) follow the same rule as the elders': one mechanism, zhongyang_eldercare.personal_data."""

from datetime import date
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from staffing.models import Worker
from tests.conftest import client_for
from tests.staffing.conftest import id_number_for, make_worker
from zhongyang_eldercare.personal_data import mask_id_number, personal_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(townships):
    return make_worker(townships["jinluo"], id_number=id_number_for(date(1969, 11, 23)))


def accesses(record):
    return LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.ACCESS).count()


def test_worker_id_numbers_are_declared_personal():
    assert personal_fields(Worker).id_numbers == ("id_number",)


def test_a_walk_over_a_workers_hidden_digits_finds_nothing(client, users, worker):
    client_for(client, users["leader"])
    for known in range(5, 18):
        assert worker.name not in client.get("/staffing/workers/", {"q": worker.id_number[-known:]}).content.decode()
    assert worker.name in client.get("/staffing/workers/", {"q": worker.id_number[-4:]}).content.decode()


def test_a_whole_worker_id_number_is_an_exact_search_logged_as_an_access(client, users, worker):
    before = accesses(worker)
    assert worker.name in client_for(client, users["jinluo"]).get("/staffing/workers/", {"q": worker.id_number}).content.decode()
    assert accesses(worker) == before + 1


def test_no_birth_date_beside_a_masked_worker_id(client, users, worker):
    client_for(client, users["leader"])
    html = client.get(f"/staffing/workers/{worker.pk}/").content.decode()
    assert mask_id_number(worker.id_number) in html and "1969" not in html
    sheet = load_workbook(BytesIO(client.get("/staffing/workers/export/").content)).worksheets[0]
    assert not any("1969" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    client_for(client, users["admin"])
    assert "1969" not in client.get("/admin/staffing/worker/").content.decode()
    assert "1969" not in client.get(f"/admin/staffing/worker/{worker.pk}/change/").content.decode()


def test_the_worker_edit_form_logs_the_access(client, users, worker):
    before = accesses(worker)
    assert worker.id_number in client_for(client, users["jinluo"]).get(f"/staffing/workers/{worker.pk}/edit/").content.decode()
    assert accesses(worker) == before + 1
