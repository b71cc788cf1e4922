"""In a real browser on a 375-px phone: nothing is pre-assessed, a form sent unassessed shows the error summary
on top with the focus on it and links to each field; an urgent finding makes the risk high (issue 13, items 2, 3)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import browser_login
from tests.visits.conftest import make_elder
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_unassessed_visit_is_refused_with_a_summary_and_an_urgent_one_is_high_risk(
    browser, live_server, users, jinluo_village
):
    elder = make_elder(jinluo_village, children_count=0, name="手机风险老人")
    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}/visits/elders/{elder.pk}/visit/")
    assert not browser.find_elements(By.CSS_SELECTOR, "input[name=health]:checked")  # nothing pre-set
    browser.find_element(By.CSS_SELECTOR, "#visit-form button[type=submit]").click()

    summary = WebDriverWait(browser, 10).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".error-summary"))
    )
    assert browser.execute_script("return document.activeElement === arguments[0]", summary)
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", summary) > -2  # at the top of the view
    links = summary.find_elements(By.TAG_NAME, "a")
    assert len(links) == 5 and "请评估" in links[0].text
    links[2].click()  # the third assessment: safety
    assert browser.execute_script("return document.activeElement.name") == "safety"
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
    assert not Visit.objects.exists()

    for name in ("health", "mental", "hygiene", "environment"):
        browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value=normal]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=safety][value=urgent]").click()
    # the risk follows as she taps: lower levels cannot be chosen, "as the assessments say" shows 高
    assert browser.find_element(By.CSS_SELECTOR, "input[name=overall_risk][value='1']").get_attribute("disabled")
    assert browser.find_element(By.CSS_SELECTOR, "input[name=overall_risk][value='2']").get_attribute("disabled")
    assert browser.find_element(By.CSS_SELECTOR, ".follows").text == "（高）"
    browser.find_element(By.NAME, "safety_note").send_keys("煤炉无烟囱")
    browser.find_element(By.CSS_SELECTOR, "#visit-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.current_url == f"{live_server.url}/visits/")
    assert Visit.objects.get().overall_risk == 3
    assert browser.find_element(By.CSS_SELECTOR, ".worklist [data-risk='3']").text == "高风险"
