"""Urgent means urgent (issue 13, item 2): the overall risk follows the worst assessment, nothing is pre-set,
and the risk shows on the worklist, the elder page and the follow-ups."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.visits.conftest import make_elder
from visits.models import FollowUp, Visit
from visits.services import record_visit

pytestmark = pytest.mark.django_db

ASSESSMENTS = ("health", "mental", "safety", "hygiene", "environment")


@pytest.fixture
def elder(policy, jinluo_village):
    return make_elder(jinluo_village, birth_date=date(1940, 5, 1), children_count=0, name="风险测试老人")


def post(client, elder, **fields):
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "visitor": "张三",
        "method": "home",
        **dict.fromkeys(ASSESSMENTS, "normal"),
        "overall_risk": "",
        **fields,
    }
    return client.post(reverse("visits:visit_add", args=[elder.pk]), data)


def test_an_urgent_assessment_cannot_be_saved_with_low_overall_risk(client, users, elder):
    response = post(client_for(client, users["jinluo"]), elder, safety="urgent", safety_note="电线老化", overall_risk="1")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["overall_risk"]
    assert "高" in response.context["form"].errors["overall_risk"][0]
    assert not Visit.objects.exists()


def test_the_model_refuses_it_too_whoever_saves(elder):
    visit = Visit(elder=elder, visited_on=date(2021, 6, 1), visitor="张三", health="urgent", health_note="摔倒", overall_risk=1)
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert "overall_risk" in error.value.message_dict


@pytest.mark.parametrize(("assessed", "risk"), [({}, 1), ({"mental": "attention"}, 2), ({"health": "urgent"}, 3)])
def test_left_unset_the_overall_risk_follows_the_worst_assessment(client, users, elder, assessed, risk):
    notes = {f"{name}_note": "情况说明" for name, value in assessed.items() if value == "urgent"}
    response = post(client_for(client, users["jinluo"]), elder, **assessed, **notes)
    assert response.status_code == 302
    assert Visit.objects.get().overall_risk == risk


def test_the_visitor_may_raise_the_risk_but_not_lower_it(client, users, elder):
    client = client_for(client, users["jinluo"])
    assert post(client, elder, mental="attention", overall_risk="3").status_code == 302
    assert Visit.objects.get().overall_risk == 3
    response = post(client, elder, mental="attention", overall_risk="1")
    assert "overall_risk" in response.context["form"].errors


def test_the_phone_form_starts_with_nothing_assessed(client, users, elder):
    html = client_for(client, users["jinluo"]).get(reverse("visits:visit_add", args=[elder.pk])).content.decode()
    for name in ASSESSMENTS:
        assert f'name="{name}" value="normal" required id="id_{name}_0">' in html  # offered, not checked
        assert html.count(f'name="{name}"') == 3 and f'id="id_{name}_0" checked' not in html
    assert 'name="overall_risk" value="" id="id_overall_risk_0" checked' in html


def test_a_visit_sent_without_assessments_is_refused_at_each_with_a_summary(client, users, elder):
    data = {"visited_on": timezone.localdate().isoformat(), "visitor": "张三", "method": "home"}
    response = client_for(client, users["jinluo"]).post(reverse("visits:visit_add", args=[elder.pk]), data)
    assert sorted(response.context["form"].errors) == sorted(ASSESSMENTS)
    html = response.content.decode()
    summary = html[html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))]
    assert summary.count("请评估") == 5 and 'href="#id_health-field"' in summary
    assert not Visit.objects.exists()


def test_correcting_a_visit_shows_what_was_recorded(client, users, elder):
    visit, _follow_up = record_visit(
        visit=Visit(elder=elder, visited_on=timezone.localdate(), visitor="张三", mental="attention", overall_risk=3),
        by=users["jinluo"],
    )
    html = client_for(client, users["jinluo"]).get(reverse("visits:visit_edit", args=[visit.pk])).content.decode()
    assert 'name="mental" value="attention" required id="id_mental_1" checked' in html
    assert 'name="overall_risk" value="3" id="id_overall_risk_3" checked' in html


def test_the_risk_badge_shows_on_worklist_elder_page_and_follow_ups(client, users, elder):
    record_visit(
        visit=Visit(
            elder=elder, visited_on=timezone.localdate(), visitor="张三", health="urgent", health_note="摔倒", overall_risk=3
        ),
        by=users["jinluo"],
    )
    client = client_for(client, users["jinluo"])
    follow_up = FollowUp.objects.get()
    for url in (
        reverse("visits:worklist"),
        elder.get_absolute_url(),
        reverse("visits:follow_ups"),
        reverse("visits:follow_up_edit", args=[follow_up.pk]),
    ):
        assert 'data-risk="3">高风险</span>' in client.get(url).content.decode(), url
