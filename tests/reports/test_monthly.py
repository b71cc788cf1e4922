"""Township monthly progress reports (§3.4): the life cycle and who may do what (issue 4, item 4)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities.models import FacilityStatus, FacilityStatusChange
from tests.conftest import client_for
from tests.reports.conftest import make_facility
from zhongyang_eldercare.reports import services
from zhongyang_eldercare.reports.models import MonthlyReport, ReportDeadline, ReportStatus

pytestmark = pytest.mark.django_db

JUNE = date(2021, 6, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def june_report(users):
    report = services.start_report(township=users["jinluo"].township, month=JUNE, by=users["jinluo"])
    return services.save_remarks(report=report, problems="两个小院开工迟", next_steps="七月完工")


def url(name, report):
    return reverse(f"reports:{name}", args=[report.pk])


def test_the_whole_life_cycle_submit_return_resubmit_approve_and_frozen(client, users, townships, make_village):
    jinluo = townships["jinluo"]
    make_facility(jinluo, village=make_village(jinluo), built_on=date(2021, 5, 20))
    township = client_for(client, users["jinluo"])

    response = township.post(reverse("reports:monthly_start"), {"month": "2021-06"})
    report = MonthlyReport.objects.get(township=jinluo, month=JUNE)
    assert response.url == url("monthly_detail", report)
    assert report.due_on == date(2021, 7, 5)
    township.post(url("monthly_remarks", report), {"problems": "进度慢", "next_steps": "加快"})
    township.post(url("monthly_submit", report))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.figures["as_of"] == "2021-06-30"
    assert report.figures["township"]["villages"] == [1, 1]
    assert report.submitted_by == users["jinluo"] and report.is_late

    bureau = client_for(client, users["bureau"])
    bureau.post(url("monthly_return", report), {"reason": "请补充暖泉村进展"})
    report.refresh_from_db()
    assert (report.status, report.return_reason, report.reviewed_by) == (
        ReportStatus.RETURNED,
        "请补充暖泉村进展",
        users["bureau"],
    )

    # A village gets a courtyard in June after the return: the resubmission takes it in.
    make_facility(jinluo, village=make_village(jinluo), built_on=date(2021, 6, 30))
    township = client_for(client, users["jinluo"])
    assert "请补充暖泉村进展" in township.get(url("monthly_detail", report)).content.decode()
    township.post(url("monthly_submit", report))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.figures["township"]["villages"] == [2, 2]

    client_for(client, users["bureau"]).post(url("monthly_approve", report))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    frozen = report.figures

    # Records change afterwards (a facility closed in June, recorded late): the approved report does not.
    facility = jinluo.facilities.first()
    FacilityStatusChange.objects.create(facility=facility, status=FacilityStatus.CLOSED, changed_on=date(2021, 6, 15))
    report.refresh_from_db()
    assert report.figures == frozen
    leader_page = client_for(client, users["leader"]).get(url("monthly_detail", report)).content.decode()
    assert "2 / 2" in leader_page
    assert services.figures_for(township=jinluo, month=JUNE)["township"]["villages"] == [1, 2]


def test_an_approved_report_can_no_longer_be_changed_or_submitted(users, june_report):
    services.submit_report(report=june_report, by=users["jinluo"])
    services.approve_report(report=june_report, by=users["bureau"])
    for action, code in (
        (lambda: services.submit_report(report=june_report, by=users["jinluo"]), "not_editable"),
        (lambda: services.save_remarks(report=june_report, problems="x", next_steps="y"), "not_editable"),
        (lambda: services.return_report(report=june_report, by=users["bureau"], reason="晚了"), "not_submitted"),
    ):
        with pytest.raises(ValidationError) as error:
            action()
        assert error.value.code == code
    june_report.refresh_from_db()
    assert (june_report.status, june_report.problems) == (ReportStatus.APPROVED, "两个小院开工迟")


def test_a_report_needs_remarks_and_an_ended_month_before_it_is_submitted(users):
    report = services.start_report(township=users["jinluo"].township, month=JUNE, by=users["jinluo"])
    with pytest.raises(ValidationError) as error:
        services.submit_report(report=report, by=users["jinluo"])
    assert error.value.code == "no_remarks"
    services.save_remarks(report=report, problems="p", next_steps="n")
    this_month = services.start_report(township=report.township, month=timezone.localdate(), by=users["jinluo"])
    services.save_remarks(report=this_month, problems="p", next_steps="n")
    with pytest.raises(ValidationError) as error:
        services.submit_report(report=this_month, by=users["jinluo"])
    assert error.value.code == "month_not_ended"
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_the_deadline_comes_from_the_rule_in_force(users):
    rule = ReportDeadline.objects.get()
    assert (rule.clause, rule.day_of_next_month) == ("§3.4", 5)
    assert services.due_date(date(2021, 12, 1)) == date(2022, 1, 5)
    rule.day_of_next_month = 10
    rule.save()
    assert services.due_date(JUNE) == date(2021, 7, 10)


def test_late_means_first_submitted_after_the_due_day(june_report):
    june_report.first_submitted_at = datetime(2021, 7, 5, 23, 30, tzinfo=SHANGHAI)
    assert not june_report.is_late
    june_report.first_submitted_at = datetime(2021, 7, 6, 0, 10, tzinfo=SHANGHAI)
    assert june_report.is_late


def test_the_bureau_sees_who_has_not_submitted_submitted_late_or_was_returned(client, users, townships, june_report):
    services.submit_report(report=june_report, by=users["jinluo"])
    zhike = services.start_report(township=townships["zhike"], month=JUNE, by=users["zhike"])
    services.save_remarks(report=zhike, problems="无", next_steps="无")
    services.submit_report(report=zhike, by=users["zhike"])
    services.return_report(report=zhike, by=users["bureau"], reason="数字不对")

    html = client_for(client, users["bureau"]).get(reverse("reports:monthly_list"), {"month": "2021-06"}).content.decode()
    overview = html[html.index('id="month-overview"') : html.index("</table>", html.index('id="month-overview"'))]
    rows = {row.split("</td>")[0].split("<td>")[-1]: row for row in overview.split("<tr")[2:]}
    assert set(rows) == {t.name for t in townships.values()}
    assert "已提交" in rows["金罗镇"] and "逾期" in rows["金罗镇"]
    assert "已退回" in rows["枝柯镇"] and "数字不对" in rows["枝柯镇"]
    assert "未提交" in rows["宁乡镇"]


def test_the_leading_group_reads_approved_reports_only(client, users, townships, june_report):
    services.submit_report(report=june_report, by=users["jinluo"])
    leader = client_for(client, users["leader"])
    assert leader.get(url("monthly_detail", june_report)).status_code == 404
    services.approve_report(report=june_report, by=users["bureau"])
    assert leader.get(url("monthly_detail", june_report)).status_code == 200
    assert "2021-06" in leader.get(reverse("reports:monthly_list")).content.decode()


def test_another_township_gets_404_and_read_only_or_wrong_roles_403(client, users, june_report):
    for name in ("monthly_detail",):
        assert client_for(client, users["zhike"]).get(url(name, june_report)).status_code == 404
    for name in ("monthly_remarks", "monthly_submit", "monthly_approve", "monthly_return"):
        assert client_for(client, users["zhike"]).post(url(name, june_report)).status_code == 404
        assert client_for(client, users["leader"]).post(url(name, june_report)).status_code == 403
    for name in ("monthly_remarks", "monthly_submit"):
        assert client_for(client, users["bureau"]).post(url(name, june_report)).status_code == 403
    for name in ("monthly_approve", "monthly_return"):
        assert client_for(client, users["jinluo"]).post(url(name, june_report)).status_code == 403
    assert client_for(client, users["bureau"]).post(reverse("reports:monthly_start"), {"month": "2021-06"}).status_code == 403
    june_report.refresh_from_db()
    assert june_report.status == ReportStatus.DRAFT


def test_changes_are_post_only(client, users, june_report):
    township = client_for(client, users["jinluo"])
    for name in ("monthly_submit", "monthly_approve", "monthly_return"):
        assert township.get(url(name, june_report)).status_code == 405
    assert township.get(reverse("reports:monthly_start")).status_code == 405
    assert township.put(url("monthly_remarks", june_report)).status_code == 405


def test_the_remarks_page_shows_the_form_to_its_township_only(client, users, june_report):
    html = client_for(client, users["jinluo"]).get(url("monthly_remarks", june_report)).content.decode()
    assert 'name="problems"' in html and "两个小院开工迟" in html
    assert client_for(client, users["zhike"]).get(url("monthly_remarks", june_report)).status_code == 404
    assert client_for(client, users["bureau"]).get(url("monthly_remarks", june_report)).status_code == 403


def test_returning_without_a_reason_shows_a_chinese_error_next_to_the_field(client, users, june_report):
    services.submit_report(report=june_report, by=users["jinluo"])
    response = client_for(client, users["bureau"]).post(url("monthly_return", june_report), {"reason": " "})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    june_report.refresh_from_db()
    assert june_report.status == ReportStatus.SUBMITTED


def test_a_report_cannot_be_started_for_a_future_month(client, users):
    response = client_for(client, users["jinluo"]).post(reverse("reports:monthly_start"), {"month": "2099-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未来" in html[html.index('class="error" role="alert"') :][:80]
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("count", [2, 7])
def test_the_month_overview_query_count_does_not_grow(client, users, townships, django_assert_max_num_queries, count):
    for township in list(townships.values())[:count]:
        report = services.start_report(township=township, month=JUNE, by=users["bureau"])
        services.save_remarks(report=report, problems="p", next_steps="n")
        services.submit_report(report=report, by=users["bureau"])
    client = client_for(client, users["bureau"])
    # 2 session and user; 1 townships; 1 reports of the month; 1 report list with township and users; 3 session save
    with django_assert_max_num_queries(8):
        client.get(reverse("reports:monthly_list"), {"month": "2021-06"})


def test_the_stored_figures_say_when_in_local_time_not_as_an_iso_string(client, users, june_report):
    report = services.submit_report(report=june_report, by=users["jinluo"])
    stored = timezone.localtime(datetime.fromisoformat(report.figures["computed_at"]), SHANGHAI)
    html = client_for(client, users["bureau"]).get(url("monthly_detail", report)).content.decode()
    assert f"数据于提交时保存（{stored:%Y-%m-%d %H:%M}）" in html
    assert report.figures["computed_at"] not in html


@pytest.mark.parametrize("villages_per_township", [1, 10])
def test_the_report_page_query_count_does_not_grow_with_villages_or_facilities(
    client, users, townships, make_village, django_assert_max_num_queries, villages_per_township
):
    from tests.reports.conftest import populate

    populate(townships, make_village, villages_per_township=villages_per_township, built_on=date(2021, 3, 1))
    draft = services.start_report(township=townships["jinluo"], month=JUNE, by=users["jinluo"])
    client = client_for(client, users["jinluo"])
    # 2 session and user; 1 the report with its township and users; a draft's figures live: 15 compute_progress
    # (see test_progress), 5 visit compliance (township names, priority rules, visit frequencies, 2 aggregates);
    # 1 the user's township (page header); 3 the session save after login; 1 the plan in force at the month's end;
    # 6 the visiting tiers (priority rules, tiers, townships, one count per tier: 3); 8 staffing at the month's end
    # (townships, facilities, rules, posts held, posts, caregivers, funding sources, pay by source)
    with django_assert_max_num_queries(42):
        response = client.get(url("monthly_detail", draft))
    assert f"{villages_per_township // 2 + villages_per_township % 2} / {villages_per_township}" in response.content.decode()
    services.save_remarks(report=draft, problems="无", next_steps="无")
    submitted = services.submit_report(report=draft, by=users["jinluo"])
    # 2 session and user; 1 the report (its figures are stored); 1 the user's township (page header); 3 session save
    with django_assert_max_num_queries(7):
        response = client.get(url("monthly_detail", submitted))
    assert "数据于提交时保存" in response.content.decode()
