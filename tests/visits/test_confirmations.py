"""What cannot be undone is asked once more (issue 13, item 5): a death or a move, closing a follow-up;
visits in approved weeks offer no correction."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.models import ElderStatus, FollowUpStatus, Visit
from visits.services import approve_weeks, record_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(policy, jinluo_village):
    return make_elder(jinluo_village, birth_date=date(1940, 5, 1), children_count=0, name="确认测试老人")


@pytest.mark.parametrize("status", [ElderStatus.DECEASED, ElderStatus.MOVED_AWAY])
def test_recording_a_death_or_a_move_asks_first(client, users, elder, status):
    client = client_for(client, users["jinluo"])
    url = reverse("visits:elder_status", args=[elder.pk])
    data = {"status": status, "changed_on": "2021-06-01", "note": "家属告知"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "确认测试老人" in html and "2021-06-01" in html and 'name="confirmed" value="1"' in html
    assert 'name="note" value="家属告知"' in html  # carried to the confirmation
    elder.refresh_from_db()
    assert elder.status == ElderStatus.ACTIVE and not elder.status_changes.exists()

    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    elder.refresh_from_db()
    assert (elder.status, elder.status_since) == (status, date(2021, 6, 1))


def test_back_to_active_needs_no_confirmation(client, users, elder):
    client = client_for(client, users["jinluo"])
    url = reverse("visits:elder_status", args=[elder.pk])
    client.post(url, {"status": ElderStatus.MOVED_AWAY, "changed_on": "2021-06-01", "confirmed": "1"})
    assert client.post(url, {"status": ElderStatus.ACTIVE, "changed_on": "2021-07-01"}).status_code == 302
    elder.refresh_from_db()
    assert elder.status == ElderStatus.ACTIVE


@pytest.fixture
def follow_up(elder, users):
    visit = Visit(
        elder=elder, visited_on=timezone.localdate(), visitor="张三", health="urgent", health_note="摔倒", overall_risk=3
    )
    return record_visit(visit=visit, by=users["jinluo"])[1]


def close_data(follow_up, **extra):
    return {
        "status": FollowUpStatus.RESOLVED,
        "assignee": "王五",
        "due_on": follow_up.due_on.isoformat(),
        "actions": "送医",
        "resolution": "已住院治疗",
        **extra,
    }


def test_closing_a_follow_up_asks_first_and_back_keeps_the_text(client, users, follow_up):
    client = client_for(client, users["jinluo"])
    url = reverse("visits:follow_up_edit", args=[follow_up.pk])
    html = client.post(url, close_data(follow_up)).content.decode()
    assert "已住院治疗" in html and 'name="confirmed" value="1"' in html and 'name="back"' in html
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN

    back = client.post(url, close_data(follow_up, back="1", confirmed="1")).content.decode()
    assert "已住院治疗</textarea>" in back  # the form again, as typed
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN

    assert client.post(url, close_data(follow_up, confirmed="1")).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.resolution) == (FollowUpStatus.RESOLVED, "已住院治疗")


def test_moving_a_follow_up_to_in_progress_needs_no_confirmation(client, users, follow_up):
    url = reverse("visits:follow_up_edit", args=[follow_up.pk])
    response = client_for(client, users["jinluo"]).post(url, close_data(follow_up, status="in_progress", resolution=""))
    assert response.status_code == 302


def test_visits_in_approved_weeks_offer_no_correction(client, users, elder):
    locked = make_visit(elder, date(2021, 6, 8))
    open_week = make_visit(elder, date(2021, 7, 6))
    approve_weeks(township=elder.village.township, weeks=[(2021, 23)], by=users["bureau"])
    html = client_for(client, users["jinluo"]).get(elder.get_absolute_url()).content.decode()
    assert reverse("visits:visit_edit", args=[open_week.pk]) in html
    assert reverse("visits:visit_edit", args=[locked.pk]) not in html
    assert "已锁定" in html
