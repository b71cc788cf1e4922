"""The audit log reads as a reviewer needs it (issue 13, item 8): Chinese field names, related records by
name, local times, no form keys."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from tests.conftest import client_for
from tests.visits.conftest import make_elder
from visits.models import Visit
from visits.services import record_visit
from zhongyang_eldercare.audit.changes import rows_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(users, townships, make_village):
    elder = make_elder(make_village(townships["jinluo"]), children_count=0, name="审计老人")
    new = Visit(elder=elder, visited_on=date(2021, 6, 1), visitor="张三", health="urgent", health_note="摔倒", overall_risk=3)
    return record_visit(
        visit=new, by=users["jinluo"], submission_key="6f1c2d3e-0000-4000-8000-000000000001", today=date(2021, 6, 1)
    )[0]


def changes(obj):
    entry = LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.CREATE).get()
    return {change.field: (change.before, change.after) for change in rows_for([entry])[0].changes}


def test_a_related_record_shows_by_its_name_and_form_keys_are_hidden(visit):
    found = changes(visit)
    assert found["老人"][1] == "审计老人"  # not the elder's id
    assert found["录入人"][1] == visit.recorded_by.username
    assert not any("submission" in name or "表单" in name for name in found) and "ID" not in found
    assert found["健康状况"][1] == "紧急" and found["总体风险"][1] == "高"


def test_times_are_local(visit):
    recorded = changes(visit)["录入时间"][1]
    assert recorded == timezone.localtime(visit.recorded_at).strftime("%Y-%m-%d %H:%M")


def test_the_audit_page_shows_names_not_ids(client, users, visit):
    html = client_for(client, users["bureau"]).get("/audit/").content.decode()
    assert "审计老人" in html and "6f1c2d3e" not in html


def test_a_stored_snapshot_is_named_not_dumped_as_json(users, townships):
    from zhongyang_eldercare.kernel.dates import first_of_month
    from zhongyang_eldercare.reports import services

    report = services.start_report(township=townships["jinluo"], month=first_of_month(date(2021, 6, 1)), by=users["jinluo"])
    services.save_remarks(report=report, problems="p", next_steps="n")
    services.submit_report(report=report, by=users["jinluo"])
    entry = LogEntry.objects.get_for_object(report).filter(action=LogEntry.Action.UPDATE).order_by("pk").last()
    found = {change.field: (change.before, change.after) for change in rows_for([entry])[0].changes}
    assert found["月末数据"] == ("", "（已保存的数据快照）")
