"""The archive import at size (issue 14): new elders written together after every row was checked, each with its
audit entry; an existing elder's row saved and audited as before; a number twice in a file is one elder."""

import json
from datetime import date

import pytest
import tablib
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from tests.visits.conftest import id_number_for, make_elder
from tests.visits.test_import import row
from visits.models import Elder
from visits.resources import ElderResource
from zhongyang_eldercare.import_jobs.services import row_reports, run_import

pytestmark = pytest.mark.django_db


def dataset(user, rows):
    headers = ElderResource(user=user).template_headers()
    data = tablib.Dataset(headers=headers)
    for values in rows:
        data.append([values.get(header, "") for header in headers])
    return data


def run(user, rows, *, dry_run=False):
    resource = ElderResource(user=user)
    result = run_import(resource, dataset(user, rows), dry_run=dry_run)
    return result, row_reports(result, resource)


def entries_for(elders):
    content_type = ContentType.objects.get_for_model(Elder)
    return LogEntry.objects.filter(content_type=content_type, object_id__in=[elder.pk for elder in elders])


def test_every_created_elder_has_the_audit_entry_the_audit_log_itself_writes(users, jinluo_village):
    numbers = [id_number_for(date(1940, 2, 3 + index)) for index in range(3)]
    result, reports = run(
        users["jinluo"], [row(jinluo_village, 身份证号=number, 姓名=f"导入{n}") for n, number in enumerate(numbers)]
    )
    assert all(report.ok for report in reports) and not result.has_errors()
    elders = list(Elder.objects.filter(id_number__in=numbers).order_by("pk"))
    assert len(elders) == 3
    entries = {entry.object_id: entry for entry in entries_for(elders)}
    assert len(entries) == 3
    for elder in elders:
        entry = entries[elder.pk]
        assert entry.action == LogEntry.Action.CREATE and entry.object_repr == elder.name
        assert entry.actor == users["jinluo"]  # who imported the file
        # as the audit log's own receiver would write it (read back from JSON: pairs as lists)
        assert entry.changes == json.loads(json.dumps(model_instance_diff(None, elder)))
        assert elder.id_number not in str(entry.changes) and "****" in entry.changes["id_number"][1]  # masked


def test_a_file_with_a_bad_row_writes_no_elder_and_no_audit_entry(users, jinluo_village):
    before = LogEntry.objects.count()
    bad = row(jinluo_village, 身份证号="141129194002031235", 姓名="错号老人")
    result, reports = run(
        users["jinluo"], [row(jinluo_village), bad, row(jinluo_village, 身份证号=id_number_for(date(1941, 1, 1)))]
    )
    assert [report.number for report in reports if not report.ok] == [3] and len(reports) == 3
    assert not Elder.objects.exists() and LogEntry.objects.count() == before


def test_a_dry_run_reports_every_row_and_writes_nothing(users, jinluo_village):
    before = LogEntry.objects.count()
    rows = [row(jinluo_village, 身份证号=id_number_for(date(1940, 3, index + 1))) for index in range(5)]
    result, reports = run(users["jinluo"], rows, dry_run=True)
    assert len(reports) == 5 and all(report.ok for report in reports) and result.totals["new"] == 5
    assert not Elder.objects.exists() and LogEntry.objects.count() == before


def test_an_existing_elder_is_updated_with_its_own_audit_entry(users, jinluo_village):
    existing = make_elder(jinluo_village, name="原名")
    new_number = id_number_for(date(1942, 5, 6))
    result, reports = run(
        users["jinluo"], [row(jinluo_village, 身份证号=existing.id_number, 姓名="新名"), row(jinluo_village, 身份证号=new_number)]
    )
    assert all(report.ok for report in reports) and [report.status for report in reports] == ["update", "new"]
    existing.refresh_from_db()
    assert existing.name == "新名" and Elder.objects.filter(id_number=new_number).exists()
    update = entries_for([existing]).get(action=LogEntry.Action.UPDATE)
    assert update.changes["name"] == ["原名", "新名"]


def test_a_number_twice_in_one_file_makes_one_elder_with_the_later_row(users, jinluo_village):
    number = id_number_for(date(1943, 7, 8))
    result, reports = run(
        users["jinluo"], [row(jinluo_village, 身份证号=number, 姓名="先"), row(jinluo_village, 身份证号=number, 姓名="后")]
    )
    assert all(report.ok for report in reports)
    elder = Elder.objects.get(id_number=number)
    assert elder.name == "后" and entries_for([elder]).count() == 1


def test_the_import_reads_and_writes_in_a_fixed_number_of_queries(users, jinluo_village, django_assert_max_num_queries):
    def rows(count, start):
        return [
            row(jinluo_village, 身份证号=id_number_for(date(1930, 1, 1 + (start + index) % 28)), 姓名=f"{start + index}")
            for index in range(count)
        ]

    run(users["jinluo"], rows(2, 0))  # warm: content types, the village
    with django_assert_max_num_queries(30) as small:
        run(users["jinluo"], rows(3, 100))
    with django_assert_max_num_queries(len(small.captured_queries)):
        result, reports = run(users["jinluo"], rows(30, 200))  # one INSERT on SQLite too (its batch: ~38)
    assert len(reports) == 30 and all(report.ok for report in reports)


@pytest.mark.parametrize("use_json", [False, True])
def test_the_bulk_creation_diff_is_the_audit_logs_own(jinluo_village, use_json):
    from zhongyang_eldercare.audit.bulk import creation_diff

    elders = [make_elder(jinluo_village, phone="13800000000"), make_elder(jinluo_village, manual_priority_reason="村委会建议")]
    changes = creation_diff(elders[0], use_json_for_changes=use_json)
    for elder in elders:
        expected = model_instance_diff(None, elder, use_json_for_changes=use_json)
        assert list(changes(elder).items()) == list(expected.items())  # same fields, values, masks, order


def test_a_database_error_of_the_write_stops_the_import_as_the_files_error_and_writes_nothing(
    users, jinluo_village, monkeypatch
):
    from django.db import IntegrityError, transaction

    from zhongyang_eldercare.import_jobs.services import file_problems

    def taken_meanwhile(*args, **kwargs):  # as if another import took a number between the check and the write
        with transaction.atomic():
            make_elder(jinluo_village, name="抢先建档", id_number=number)
            raise IntegrityError('duplicate key value violates unique constraint "visits_elder_id_number_key"')

    number = id_number_for(date(1944, 4, 4))
    monkeypatch.setattr(type(Elder.objects), "bulk_create", taken_meanwhile, raising=False)
    resource = ElderResource(user=users["jinluo"])
    with transaction.atomic():
        data = dataset(users["jinluo"], [row(jinluo_village, 身份证号=number)])
        result = run_import(resource, data, dry_run=False)
        assert result.has_errors() and file_problems(result, resource, data)
    assert not Elder.objects.filter(id_number=number).exists()  # the savepoint and the import rolled back
    assert Elder.objects.count() == 0
