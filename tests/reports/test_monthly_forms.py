"""The monthly report's forms keep what was typed, and approving asks first (issue 13, items 1 and 5)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import client_for
from visits.models import WeekApproval
from zhongyang_eldercare.reports import services
from zhongyang_eldercare.reports.models import ReportStatus

pytestmark = pytest.mark.django_db

JUNE = date(2021, 6, 1)


def url(name, report):
    return reverse(f"reports:{name}", args=[report.pk])


@pytest.fixture
def draft(users):
    return services.start_report(township=users["jinluo"].township, month=JUNE, by=users["jinluo"])


def test_submitting_saves_the_remarks_typed_in_the_same_form(client, users, draft):
    response = client_for(client, users["jinluo"]).post(
        url("monthly_submit", draft), {"problems": "两个小院开工迟", "next_steps": "七月完工"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.problems, draft.next_steps) == (ReportStatus.SUBMITTED, "两个小院开工迟", "七月完工")


def test_a_refused_submission_keeps_and_saves_what_was_typed(client, users, draft):
    response = client_for(client, users["jinluo"]).post(
        url("monthly_submit", draft), {"problems": "只写了问题", "next_steps": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "只写了问题" in html[html.index('id="remarks-form"') :]  # still in the box
    assert "提交前请填写存在问题和下一步工作" in html
    draft.refresh_from_db()
    assert (draft.status, draft.problems) == (ReportStatus.DRAFT, "只写了问题")


def test_remarks_and_submit_are_one_form_with_two_buttons(client, users, draft):
    html = client_for(client, users["jinluo"]).get(url("monthly_detail", draft)).content.decode()
    form = html[html.index('id="remarks-form"') : html.index("</form>", html.index('id="remarks-form"'))]
    assert 'name="problems"' in form and 'id="save-remarks"' in form
    assert f'formaction="{url("monthly_submit", draft)}"' in form


def test_approving_asks_for_confirmation_and_names_the_weeks_it_locks(client, users, draft):
    services.save_remarks(report=draft, problems="p", next_steps="n")
    services.submit_report(report=draft, by=users["jinluo"])
    bureau = client_for(client, users["bureau"])
    response = bureau.post(url("monthly_approve", draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2021-W22" in html and "2021-W25" in html and "2021-W26" not in html and 'name="confirmed" value="1"' in html
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED and not WeekApproval.objects.exists()

    assert bureau.post(url("monthly_approve", draft), {"confirmed": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.APPROVED
    assert WeekApproval.objects.filter(township=draft.township).count() == 4


def test_returning_keeps_the_reason_when_refused_and_approving_ignores_it(client, users, draft):
    services.save_remarks(report=draft, problems="p", next_steps="n")
    services.submit_report(report=draft, by=users["jinluo"])
    html = client_for(client, users["bureau"]).get(url("monthly_detail", draft)).content.decode()
    form = html[html.index('id="review-form"') : html.index("</form>", html.index('id="review-form"'))]
    assert 'name="reason"' in form and f'formaction="{url("monthly_approve", draft)}"' in form
