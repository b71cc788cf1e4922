"""The issue's journeys in a real browser (issue 13, item 10).

A township clerk on a 375-px phone starts at the workbench, records an urgent home visit, sees the follow-up
it opened and the elder leave "due"; the leading group downloads the Excel report and finds nothing to edit.
(The monthly report's journey — remarks, submission, approval after confirmation, locked weeks — is in
tests/reports/test_monthly_browser.py.)
"""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import browser_login
from tests.visits.conftest import assign_visitor, make_elder
from visits.models import FollowUp, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def count(browser, key):
    return int(browser.find_element(By.CSS_SELECTOR, f"#home-{key} .count").text)


def test_a_clerk_records_an_urgent_home_visit_from_the_workbench(browser, live_server, users, townships, make_village):
    village = make_village(townships["jinluo"])
    elder = make_elder(village, children_count=0, name="旅程老人")
    assign_visitor(elder, name="李走访")
    make_elder(village, children_count=0, name="另一位老人")
    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    assert browser.current_url == f"{live_server.url}/"  # the workbench is the first page
    overdue_before = count(browser, "overdue")
    assert overdue_before == 2 and count(browser, "follow_ups") == 0

    browser.find_element(By.CSS_SELECTOR, "#home-overdue a").click()
    card = browser.find_element(By.XPATH, "//ul[@class='worklist']/li[.//a[text()='旅程老人']]")
    card.find_element(By.CSS_SELECTOR, "a.button.tap").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=method][value=home]").click()
    for name in ("mental", "safety", "hygiene", "environment"):
        browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value=normal]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=health][value=urgent]").click()
    browser.find_element(By.NAME, "health_note").send_keys("摔倒后腿疼，行走困难")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
    browser.find_element(By.CSS_SELECTOR, "#visit-form button[type=submit]").click()
    messages = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messages")))
    assert "跟进" in messages.text

    visit = Visit.objects.get(elder=elder)
    assert (visit.method, visit.health, visit.overall_risk) == ("home", "urgent", 3)
    # back on the worklist (filtered to the overdue): the elder has left it
    assert "旅程老人" not in browser.find_element(By.CSS_SELECTOR, "ul.worklist").text
    browser.get(f"{live_server.url}/visits/?status=visited")
    visited = browser.find_element(By.XPATH, "//ul[@class='worklist']/li[.//a[text()='旅程老人']]")
    assert "已巡访" in visited.text and "高风险" in visited.text

    browser.get(f"{live_server.url}/")
    assert count(browser, "overdue") == overdue_before - 1 and count(browser, "follow_ups") == 1
    follow_up = FollowUp.objects.get()
    row = browser.find_element(By.CSS_SELECTOR, "#home-follow_ups .home-rows li")
    assert "旅程老人" in row.text and "高风险" in row.text
    row.find_element(By.LINK_TEXT, "旅程老人").click()
    assert browser.current_url.endswith(f"/visits/follow-ups/{follow_up.pk}/")
    assert "摔倒后腿疼" in browser.find_element(By.TAG_NAME, "main").text


def test_the_leading_group_downloads_the_report_and_finds_nothing_to_edit(browser, live_server, users, tmp_path):
    browser.wrapped_driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser_login(browser, live_server, users["leader"])
    for page in ("/", "/reports/", "/reports/monthly/", "/visits/", "/visits/elders/", "/facilities/"):
        browser.get(f"{live_server.url}{page}")
        main = browser.find_element(By.TAG_NAME, "main")
        assert not main.find_elements(By.CSS_SELECTOR, "form[method=post], textarea"), page
        controls = main.find_elements(By.CSS_SELECTOR, "a, button")
        labels = " ".join(element.text for element in controls if element.text != "修改密码")  # their own password
        assert not any(word in labels for word in ("修改", "编辑", "新增", "添加", "登记", "导入", "退回")), (page, labels)

    browser.get(f"{live_server.url}/")
    browser.find_element(By.ID, "leader-download").click()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not list(tmp_path.glob("progress-*.xlsx")):
        time.sleep(0.2)
    files = list(tmp_path.glob("progress-*.xlsx"))
    assert files and files[0].stat().st_size > 5000 and files[0].read_bytes()[:2] == b"PK"
    browser.wrapped_driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "default"})
