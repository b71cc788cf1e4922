"""Recording visits: refused dates, late entries, follow-ups opened by urgent findings, approved weeks."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.models import FollowUp, FollowUpStatus, Visit, risk_for
from visits.services import WeekLocked, advance_follow_up, approve_weeks, change_status, record_visit


def new_visit(elder, day, **fields):
    fields.setdefault("overall_risk", risk_for(fields.values()))  # the lowest the assessments allow
    return Visit(elder=elder, visited_on=day, visitor="张三", **fields)


@pytest.fixture
def elder(policy, jinluo_village):
    return make_elder(jinluo_village, birth_date=date(1940, 5, 1), children_count=0)


def test_it_refuses_visit_dated_in_future(elder, users):
    with pytest.raises(ValidationError) as error:
        record_visit(visit=new_visit(elder, date(2021, 6, 2)), by=users["jinluo"], today=date(2021, 6, 1))
    assert error.value.message_dict["visited_on"] == ["探访日期不能晚于今天。"]


def test_it_refuses_visit_before_the_elders_birth(elder, users):
    with pytest.raises(ValidationError) as error:
        record_visit(visit=new_visit(elder, date(1940, 4, 30)), by=users["jinluo"], today=date(2021, 6, 1))
    assert "visited_on" in error.value.message_dict


def test_it_refuses_visit_after_the_elders_death_but_accepts_the_day_itself(elder, users):
    change_status(elder=elder, status="deceased", on=date(2021, 5, 10), by=users["jinluo"], today=date(2021, 6, 1))
    with pytest.raises(ValidationError):
        record_visit(visit=new_visit(elder, date(2021, 5, 11)), by=users["jinluo"], today=date(2021, 6, 1))
    visit, _follow_up = record_visit(visit=new_visit(elder, date(2021, 5, 10)), by=users["jinluo"], today=date(2021, 6, 1))
    assert visit.pk


def test_entry_more_than_the_set_days_late_is_accepted_but_flagged(elder, users):
    # fixtures/visit_rules.json: late_entry_days = 7
    on_time, _ = record_visit(visit=new_visit(elder, date(2021, 5, 25)), by=users["jinluo"], today=date(2021, 6, 1))
    late, _ = record_visit(visit=new_visit(elder, date(2021, 5, 24)), by=users["jinluo"], today=date(2021, 6, 1))
    assert (on_time.is_late_entry, late.is_late_entry) == (False, True)
    assert late.week_start == date(2021, 5, 24)


def test_urgent_finding_opens_a_follow_up_that_moves_forward_to_resolved(elder, users):
    visit = new_visit(elder, date(2021, 6, 1), safety="urgent", safety_note="煤炉无烟囱", health="attention")
    visit, follow_up = record_visit(visit=visit, by=users["jinluo"], today=date(2021, 6, 1))
    assert follow_up.problem == "安全情况：煤炉无烟囱"
    assert (follow_up.status, follow_up.assignee, follow_up.due_on) == ("open", "张三", date(2021, 6, 4))
    advance_follow_up(follow_up=follow_up, status=FollowUpStatus.IN_PROGRESS, actions="联系村委会", today=date(2021, 6, 2))
    with pytest.raises(ValidationError):
        advance_follow_up(follow_up=follow_up, status=FollowUpStatus.RESOLVED, today=date(2021, 6, 3))
    advance_follow_up(follow_up=follow_up, status=FollowUpStatus.RESOLVED, resolution="已加装烟囱", today=date(2021, 6, 3))
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.resolved_on, follow_up.actions) == ("resolved", date(2021, 6, 3), "联系村委会")
    with pytest.raises(ValidationError):
        advance_follow_up(follow_up=follow_up, status=FollowUpStatus.OPEN)


def test_visit_without_urgent_findings_opens_no_follow_up_and_editing_does_not_open_a_second(elder, users):
    visit, follow_up = record_visit(
        visit=new_visit(elder, date(2021, 6, 1), health="attention"), by=users["jinluo"], today=date(2021, 6, 1)
    )
    assert follow_up is None
    visit.health, visit.health_note, visit.overall_risk = "urgent", "高烧不退", 3
    record_visit(visit=visit, by=users["jinluo"], today=date(2021, 6, 1))
    record_visit(visit=visit, by=users["jinluo"], today=date(2021, 6, 1))
    assert FollowUp.objects.filter(visit=visit).count() == 1


def test_visit_in_an_approved_week_cannot_be_edited_or_added(elder, users, townships):
    visit = make_visit(elder, date(2021, 1, 3))  # Sunday of 2020-W53
    approve_weeks(township=townships["jinluo"], weeks=[(2020, 53)], by=users["bureau"])
    visit.visitor = "李四"
    with pytest.raises(WeekLocked):
        record_visit(visit=visit, by=users["jinluo"], today=date(2021, 6, 1))
    with pytest.raises(WeekLocked):
        record_visit(visit=new_visit(elder, date(2020, 12, 28)), by=users["jinluo"], today=date(2021, 6, 1))
    # 2021-W01 starts on Monday 4 January 2021 and is still open.
    assert record_visit(visit=new_visit(elder, date(2021, 1, 4)), by=users["jinluo"], today=date(2021, 6, 1))[0].pk


def test_approve_weeks_is_idempotent(townships, users):
    first = approve_weeks(township=townships["jinluo"], weeks=[(2021, 1), (2021, 2)], by=users["bureau"])
    again = approve_weeks(township=townships["jinluo"], weeks=[(2021, 2)], by=users["admin"])
    assert again[0].pk == first[1].pk and again[0].approved_by == users["bureau"]


# --- Through the browser form --------------------------------------------------------------------


def visit_post(day, **fields):
    return {
        "visited_on": day.isoformat(),
        "visitor": "张三",
        "method": "phone",
        **dict.fromkeys(("health", "mental", "safety", "hygiene", "environment"), "normal"),
        "overall_risk": "",  # as the assessments say
        **fields,
    }


def test_township_staff_record_a_visit_through_the_form(client, elder, users):
    today = timezone.localdate()
    response = client_for(client, users["jinluo"]).post(reverse("visits:visit_add", args=[elder.pk]), visit_post(today))
    assert response.status_code == 302
    assert Visit.objects.get(elder=elder).recorded_by == users["jinluo"]


def test_form_shows_the_refusal_next_to_the_date(client, elder, users):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(client, users["jinluo"]).post(reverse("visits:visit_add", args=[elder.pk]), visit_post(tomorrow))
    assert response.status_code == 200
    assert "探访日期不能晚于今天。" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_form_sent_twice_records_one_visit_and_two_forms_record_two(client, elder, users):
    client = client_for(client, users["jinluo"])
    url = reverse("visits:visit_add", args=[elder.pk])
    key = client.get(url).context["form"]["submission_key"].value()
    data = visit_post(timezone.localdate(), submission_key=key)
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == reverse("visits:worklist")
    assert "这次巡访已经保存：表单提交了两次，只记录一次。" in again.content.decode()
    assert Visit.objects.filter(elder=elder).count() == 1
    second_key = client.get(url).context["form"]["submission_key"].value()
    assert second_key != key
    assert client.post(url, visit_post(timezone.localdate(), submission_key=second_key)).status_code == 302
    assert Visit.objects.filter(elder=elder).count() == 2  # checking again the same day is a second visit


def test_the_database_keeps_one_visit_per_form_even_when_both_arrive_at_once(elder):
    key = "6f1c4a52-9d1e-4c57-8a8e-0b6f4b0d2a11"
    make_visit(elder, date(2021, 6, 1), submission_key=key)
    duplicate = Visit(elder=elder, visited_on=date(2021, 6, 1), week_start=date(2021, 5, 31), visitor="张三", submission_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    ("next_url", "expected"), [("/visits/elders/", "/visits/elders/"), ("https://evil.example/", "/visits/")]
)
def test_after_saving_the_form_returns_only_to_a_page_of_the_portal(client, elder, users, next_url, expected):
    data = visit_post(timezone.localdate(), next=next_url)
    response = client_for(client, users["jinluo"]).post(reverse("visits:visit_add", args=[elder.pk]), data)
    assert response.status_code == 302 and response["Location"] == expected


def test_an_urgent_finding_without_a_note_is_refused_next_to_its_note(client, elder, users):
    data = visit_post(timezone.localdate(), safety="urgent", health="urgent", health_note="血压很高")
    response = client_for(client, users["jinluo"]).post(reverse("visits:visit_add", args=[elder.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["safety_note"]
    assert form.errors["safety_note"] == ["请写明紧急情况：为此开启的跟进事项会引用这条说明。"]
    assert "请写明紧急情况" in response.content.decode()
    assert not Visit.objects.exists() and not FollowUp.objects.exists()


def test_editing_a_visit_of_an_approved_week_is_403_with_a_chinese_message(client, elder, users, townships):
    visit = make_visit(elder, timezone.localdate() - timedelta(days=14))
    approve_weeks(township=townships["jinluo"], weeks=[visit.visited_on.isocalendar()[:2]], by=users["bureau"])
    response = client_for(client, users["jinluo"]).get(reverse("visits:visit_edit", args=[visit.pk]))
    assert response.status_code == 403
    assert "已在乡镇报告中审核" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("jinluo", 302), ("bureau", 302), ("zhike", 404), ("leader", 403), ("admin", 403)])
def test_adding_a_visit_by_role(client, elder, users, who, status):
    response = client_for(client, users[who]).post(reverse("visits:visit_add", args=[elder.pk]), visit_post(timezone.localdate()))
    assert response.status_code == status
    assert Visit.objects.exists() == (status == 302)


def test_visit_add_refuses_wrong_method(client, elder, users):
    response = client_for(client, users["jinluo"]).put(reverse("visits:visit_add", args=[elder.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize(("who", "status"), [("jinluo", 302), ("zhike", 404), ("leader", 403)])
def test_follow_up_update_by_role(client, elder, users, who, status):
    visit = new_visit(elder, timezone.localdate(), health="urgent", health_note="摔倒")
    _visit, follow_up = record_visit(visit=visit, by=users["jinluo"])
    data = {
        "status": "in_progress",
        "assignee": "王五",
        "due_on": follow_up.due_on.isoformat(),
        "actions": "已联系",
        "resolution": "",
    }
    response = client_for(client, users[who]).post(reverse("visits:follow_up_edit", args=[follow_up.pk]), data)
    assert response.status_code == status
    follow_up.refresh_from_db()
    assert (follow_up.status == "in_progress") == (status == 302)


def test_follow_up_update_refuses_wrong_method(client, elder, users):
    visit = new_visit(elder, timezone.localdate(), health="urgent", health_note="摔倒")
    _visit, follow_up = record_visit(visit=visit, by=users["jinluo"])
    assert client_for(client, users["jinluo"]).delete(reverse("visits:follow_up_edit", args=[follow_up.pk])).status_code == 405
