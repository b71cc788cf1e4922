"""Every view of personal data is logged, and only those who need it see it (health text as ID numbers)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.models import Assessment, FollowUp, Visit
from visits.services import open_follow_up
from zhongyang_eldercare.personal_data import PERSONAL_FIELDS, personal_fields

pytestmark = pytest.mark.django_db

NOTE = "右腿摔伤未就医"


@pytest.fixture
def elder(townships, make_village):
    return make_elder(make_village(townships["jinluo"]), health_notes="高血压，每日服药")


@pytest.fixture
def follow_up(elder):
    visit = make_visit(elder, date(2021, 3, 1), health=Assessment.URGENT, health_note=NOTE)
    return open_follow_up(visit=visit, today=date(2021, 3, 1))


def accesses(record):
    return LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.ACCESS).count()


def test_the_elder_edit_form_logs_the_access(client, users, elder):
    before = accesses(elder)
    html = client_for(client, users["jinluo"]).get(f"/visits/elders/{elder.pk}/edit/").content.decode()
    assert elder.id_number in html and "高血压" in html
    assert accesses(elder) == before + 1


def test_the_visit_form_logs_the_access(client, users, follow_up):
    visit = follow_up.visit
    before = accesses(visit)
    html = client_for(client, users["jinluo"]).get(f"/visits/visit/{visit.pk}/").content.decode()
    assert NOTE in html
    assert accesses(visit) == before + 1


@pytest.mark.parametrize("role", ["leader", "admin", "zhike"])
def test_health_text_is_masked_for_those_who_may_not_see_it(client, users, follow_up, role):
    client_for(client, users[role])
    for path in (f"/visits/elders/{follow_up.elder_id}/", "/visits/follow-ups/"):
        response = client.get(path)
        assert NOTE not in response.content.decode(), (role, path)


@pytest.mark.parametrize("role", ["jinluo", "bureau"])
def test_health_text_shown_in_full_is_logged(client, users, follow_up, role):
    before = accesses(follow_up)
    html = client_for(client, users[role]).get("/visits/follow-ups/").content.decode()
    assert NOTE in html
    assert accesses(follow_up) == before + 1


def test_the_audit_log_does_not_print_health_text_to_the_administrator(client, users, follow_up):
    # an entry written before the notes were masked when stored: the page masks it for the administrator
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Visit),
        object_pk=str(follow_up.visit.pk),
        object_id=follow_up.visit.pk,
        object_repr="visit",
        action=LogEntry.Action.UPDATE,
        changes={"health_note": ["", NOTE]},
    )
    assert NOTE not in client_for(client, users["admin"]).get("/audit/").content.decode()
    assert NOTE in client_for(client, users["bureau"]).get("/audit/").content.decode()


def test_new_audit_entries_hold_no_health_text(follow_up):
    entries = LogEntry.objects.filter(content_type__in=ContentType.objects.get_for_models(Visit, FollowUp).values())
    assert entries.exists()
    assert not any(NOTE in str(entry.changes) or NOTE in entry.object_repr for entry in entries)


def test_the_admin_shows_no_health_text_to_the_administrator(client, users, follow_up):
    client_for(client, users["admin"])
    for path in (
        f"/admin/visits/visit/{follow_up.visit.pk}/change/",
        "/admin/visits/followup/",
        f"/admin/visits/followup/{follow_up.pk}/change/",
    ):
        assert NOTE not in client.get(path).content.decode(), path
    assert follow_up.elder.name not in client.get("/admin/visits/followup/", {"q": NOTE[:2]}).content.decode()


def test_every_personal_model_declares_its_fields_once():
    assert {"id_number"} <= set(personal_fields(next(m for m in PERSONAL_FIELDS if m.__name__ == "Elder")).names)
    assert "health_note" in personal_fields(Visit).texts and "problem" in personal_fields(FollowUp).texts
