"""In a real browser: a clerk on a 375-px phone submits last month's report with remarks typed in the same
form; the bureau approves after a confirmation and sees the weeks locked (issue 13, items 1, 5 and 10)."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import browser_login
from tests.visits.conftest import make_elder, make_visit
from zhongyang_eldercare.kernel.dates import first_of_month
from zhongyang_eldercare.reports import services
from zhongyang_eldercare.reports.models import MonthlyReport, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def last_month():
    return first_of_month(first_of_month(timezone.localdate()) - timezone.timedelta(days=1))


def wait_for(browser, css):
    return WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_remarks_typed_then_submitted_are_kept_and_the_approval_locks_the_weeks(
    browser, live_server, users, townships, make_village
):
    jinluo_village = make_village(townships["jinluo"])
    month = last_month()
    elder = make_elder(jinluo_village, children_count=0, name="锁定周老人")
    visit = make_visit(elder, month.replace(day=15))
    report = services.start_report(township=jinluo_village.township, month=month, by=users["jinluo"])

    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}{report.get_absolute_url()}")
    browser.find_element(By.NAME, "problems").send_keys("两个幸福小院开工迟")
    browser.find_element(By.NAME, "next_steps").send_keys("下月完工")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
    browser.find_element(By.ID, "submit-report").click()
    wait_for(browser, ".messages li.success")
    assert "已提交" in browser.find_element(By.ID, "report-status").text
    report.refresh_from_db()
    assert (report.status, report.problems, report.next_steps) == (ReportStatus.SUBMITTED, "两个幸福小院开工迟", "下月完工")

    browser.delete_all_cookies()
    browser.set_window_size(1366, 900)
    browser_login(browser, live_server, users["bureau"])
    browser.get(f"{live_server.url}{report.get_absolute_url()}")
    browser.find_element(By.ID, "approve-report").click()
    confirm = wait_for(browser, "#confirm")
    assert "锁定" in confirm.text
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED  # nothing happened yet
    browser.find_element(By.ID, "confirm-button").click()
    locked = wait_for(browser, "#locked-weeks")
    iso_year, iso_week, _day = visit.visited_on.isocalendar()
    assert f"{iso_year}-W{iso_week:02d}" in locked.text
    assert MonthlyReport.objects.get().status == ReportStatus.APPROVED

    browser.get(f"{live_server.url}{elder.get_absolute_url()}")
    assert not browser.find_elements(By.CSS_SELECTOR, f"a[href='/visits/visit/{visit.pk}/']")
    assert "已锁定" in browser.find_element(By.TAG_NAME, "table").text


def test_a_refused_submission_shows_the_summary_on_top_with_focus_and_keeps_the_text(browser, live_server, users, townships):
    report = services.start_report(township=townships["jinluo"], month=last_month(), by=users["jinluo"])
    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}{report.get_absolute_url()}")
    browser.find_element(By.NAME, "problems").send_keys("只写了问题")
    browser.find_element(By.ID, "submit-report").click()
    summary = wait_for(browser, ".error-summary")
    assert "存在问题和下一步工作" in summary.text
    assert browser.execute_script("return document.activeElement === arguments[0]", summary)
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", summary) < 812  # in view
    assert browser.find_element(By.NAME, "problems").get_attribute("value") == "只写了问题"
