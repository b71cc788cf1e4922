"""No lost updates: two people edit the same record from forms loaded earlier; the second save is refused,
says in Chinese what changed meanwhile, and overwrites nothing (the version is checked in the UPDATE)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.models import Facility, FacilityKind, Village
from tests.conftest import client_for
from tests.reports.conftest import make_facility
from tests.visits.conftest import make_elder, make_visit
from visits.models import Assessment, Elder, FollowUp
from visits.services import open_follow_up, save_elder
from zhongyang_eldercare.kernel.versions import EditConflict
from zhongyang_eldercare.reports import services as reports
from zhongyang_eldercare.reports.models import MonthlyReport

pytestmark = pytest.mark.django_db


def loaded(client, path, form_name="form"):
    """The data of the form on ``path`` as the browser would send it back unchanged."""
    form = client.get(path).context[form_name]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False or value == "":
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            data[field.html_name] = "on" if value is True else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    return data


@pytest.fixture
def records(townships, users, make_village):
    village = make_village(townships["jinluo"], population=900, elderly_population=200)
    facility = make_facility(townships["jinluo"], kind=FacilityKind.HAPPINESS, village=village, built_on=date(2020, 6, 1))
    elder = make_elder(village)
    visit = make_visit(elder, date(2021, 3, 1), health=Assessment.URGENT, health_note="跌倒")
    follow_up = open_follow_up(visit=visit, today=date(2021, 3, 1))
    report = reports.start_report(township=townships["jinluo"], month=date(2021, 3, 1), by=users["jinluo"])
    return {"village": village, "facility": facility, "elder": elder, "follow_up": follow_up, "report": report}


CASES = {
    # record, edit page, form in the context, field each person changes, their two values, how to read it back
    "facility": ("/facilities/{pk}/edit/", "form", "name", "甲改的名称", "乙改的名称", Facility, "name"),
    "village": ("/facilities/villages/{pk}/edit/", "form", "elderly_population", "210", "220", Village, "elderly_population"),
    "elder": ("/visits/elders/{pk}/edit/", "form", "address", "甲填的地址", "乙填的地址", Elder, "address"),
    "follow_up": ("/visits/follow-ups/{pk}/", "form", "assignee", "甲指派的人", "乙指派的人", FollowUp, "assignee"),
    "report": ("/reports/monthly/{pk}/remarks/", "remarks_form", "problems", "甲写问题", "乙写问题", MonthlyReport, "problems"),
}


@pytest.mark.parametrize("kind", CASES)
def test_the_second_of_two_saves_from_forms_loaded_earlier_is_refused(client, users, records, kind):
    path, form_name, field, first_value, second_value, model, attribute = CASES[kind]
    record = records[kind]
    path = path.format(pk=record.pk)
    client_for(client, users["jinluo"])
    first, second = loaded(client, path, form_name), loaded(client, path, form_name)  # two tabs, two people
    first[field], second[field] = first_value, second_value
    assert client.post(path, first).status_code == 302
    response = client.post(path, second)
    assert response.status_code in (200, 409)
    html = response.content.decode()
    assert "未保存：您打开本页后，其他人修改了这条记录。" in html
    assert first_value in html  # what changed meanwhile: the other person's value
    assert second_value in html  # the user's own entry is kept in the form
    assert str(getattr(model.objects.get(pk=record.pk), attribute)) == first_value
    # read what changed, then save again: a deliberate overwrite
    again = response.context[form_name]
    second["version"] = again["version"].value()
    assert client.post(path, second).status_code == 302
    assert str(getattr(model.objects.get(pk=record.pk), attribute)) == second_value


def test_the_version_is_checked_in_the_same_update(records, users):
    elder = records["elder"]
    stale = Elder.objects.get(pk=elder.pk)
    Elder.objects.filter(pk=elder.pk).update(version=elder.version + 1)  # someone else saved meanwhile
    stale.address = "旧表单的地址"
    with CaptureQueriesContext(connection) as queries, pytest.raises(EditConflict):
        save_elder(elder=stale, by=users["jinluo"], version=elder.version)
    updates = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
    assert updates and all('"version"' in sql.split("WHERE")[1] for sql in updates)
    assert Elder.objects.get(pk=elder.pk).address != "旧表单的地址"


def test_every_save_raises_the_version(records, users):
    report = records["report"]
    reports.save_remarks(report=report, problems="p", next_steps="n")
    assert MonthlyReport.objects.get(pk=report.pk).version == report.version + 1
