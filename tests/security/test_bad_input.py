"""No 500 from bad input: every form and every filter of the portal, sent hostile values, answers with a clean
error, and a form sent values no field accepts writes nothing. The forms and filters are read from the pages
themselves (tests/security/badinput.py), so a new form or filter is walked without being named here."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection

from facilities.models import FacilityKind
from tests.conftest import PASSWORD
from tests.reports.conftest import make_facility
from tests.security.badinput import COMMON_PARAMETERS, HOSTILE, NEVER_VALID, filtered_pages, form_targets, reachable_pages
from tests.visits.conftest import make_elder, make_visit
from visits.models import Assessment
from visits.services import open_follow_up
from visits.views import NETWORK_FORMS
from zhongyang_eldercare.reports import services as reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(townships, users, make_village):
    """One record of each kind a page edits, in 金罗镇 (the township user's own)."""
    village = make_village(townships["jinluo"])
    facility = make_facility(townships["jinluo"], kind=FacilityKind.HAPPINESS, village=village, built_on=date(2020, 6, 1))
    elder = make_elder(village)
    visit = make_visit(elder, date(2021, 3, 1), health=Assessment.URGENT, health_note="跌倒")
    follow_up = open_follow_up(visit=visit, today=date(2021, 3, 1))
    report = reports.start_report(township=townships["jinluo"], month=date(2021, 3, 1), by=users["jinluo"])
    return [village.pk, facility.pk, elder.pk, visit.pk, follow_up.pk, report.pk]


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


def writes():
    """Every write of a record leaves an audit entry (docs/security.md); views of personal data leave ACCESS ones."""
    return LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count()


def test_the_walk_finds_the_forms_and_filters_of_the_portal(quiet_client, users, records):
    quiet_client.force_login(users["jinluo"])
    pages = reachable_pages(quiet_client, records, kinds=NETWORK_FORMS)
    actions = {action.split("?")[0] for action, _form in form_targets(pages)}
    assert {f"/facilities/{records[1]}/edit/", f"/visits/elders/{records[2]}/edit/", "/visits/elders/"} <= actions
    assert f"/facilities/villages/{records[0]}/edit/" in actions and f"/visits/follow-ups/{records[4]}/" in actions
    assert any("page" in parser.parameters or "township" in parser.parameters for _path, parser in pages) or pages


@pytest.mark.parametrize("role", ["jinluo", "bureau"])
def test_no_form_or_filter_answers_hostile_input_with_a_server_error(quiet_client, users, records, role):
    quiet_client.force_login(users[role])
    pages = reachable_pages(quiet_client, records, kinds=NETWORK_FORMS)
    failures = []
    for path, parser in filtered_pages(pages):
        for name in sorted(parser.parameters | set(COMMON_PARAMETERS)):
            for value in HOSTILE:
                response = quiet_client.get(path, {name: value})
                if response.status_code >= 500:
                    failures.append(("GET", path, name, value, response.status_code))
    for action, form in form_targets(pages):
        for value in HOSTILE:
            data = dict.fromkeys(form.fields, value)
            send = quiet_client.get if form.method == "get" else quiet_client.post
            response = send(action.split("?")[0] if form.method == "get" else action, data)
            if response.status_code >= 500:
                failures.append((form.method.upper(), action, "*", value, response.status_code))
    assert not failures, failures[:20]


@pytest.mark.parametrize("role", ["jinluo", "bureau"])
def test_a_form_sent_values_no_field_accepts_writes_nothing(quiet_client, users, records, role):
    quiet_client.force_login(users[role])
    pages = reachable_pages(quiet_client, records, kinds=NETWORK_FORMS)
    before = writes()
    for action, form in form_targets(pages):
        if form.method != "post":
            continue
        for value in NEVER_VALID:
            response = quiet_client.post(action, dict.fromkeys(form.fields, value))
            assert response.status_code < 500, (action, value)
            assert writes() == before, (action, value)


def test_a_login_name_longer_than_the_column_is_a_failed_login_not_a_500(quiet_client):
    response = quiet_client.post("/accounts/login/", {"username": "u" * 300, "password": PASSWORD})
    assert response.status_code in (200, 400, 429)
    assert "_auth_user_id" not in quiet_client.session


def test_a_thirty_digit_number_in_a_form_is_a_field_error(quiet_client, users, records):
    quiet_client.force_login(users["jinluo"])
    village_pk = records[0]
    response = quiet_client.post(
        f"/facilities/villages/{village_pk}/edit/",
        {"population": "9" * 30, "elderly_population": "9" * 30, "is_township_seat": "", "has_clinic": ""},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_the_worklist_ignores_a_township_that_is_no_number(quiet_client, users, records):
    quiet_client.force_login(users["bureau"])
    for value in ("abc", "9" * 30, "\x00", "-1", "1.5"):
        response = quiet_client.get("/visits/", {"township": value})
        assert response.status_code == 200, (value, connection.vendor)
