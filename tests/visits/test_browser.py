"""A phone-sized browser: from the worklist to a saved visit in one tap and one form."""

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import browser_login
from tests.visits.conftest import make_elder
from visits.models import Visit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visit_form_works_on_a_390px_wide_screen(browser, live_server, users, jinluo_village):
    elder = make_elder(jinluo_village, children_count=0, name="手机测试老人")
    browser.set_window_size(390, 844)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}/visits/")
    browser.find_element(By.CSS_SELECTOR, ".worklist a.button.tap").click()
    assert "手机测试老人" in browser.find_element(By.TAG_NAME, "h1").text
    form = browser.find_element(By.ID, "visit-form")
    assert form.size["width"] <= 390 and browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.find_element(By.CSS_SELECTOR, "input[name=method][value=phone]").click()
    for name in ("health", "mental", "hygiene", "environment"):
        browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value=normal]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=safety][value=urgent]").click()
    browser.find_element(By.NAME, "safety_note").send_keys("电线老化")  # the overall risk follows: high
    browser.find_element(By.CSS_SELECTOR, "#visit-form button[type=submit]").click()
    worklist = f"{live_server.url}/visits/"
    try:
        WebDriverWait(browser, 15).until(lambda driver: driver.current_url == worklist)  # back to the worklist
    except TimeoutException:
        pytest.fail(f"not saved: {[element.text for element in browser.find_elements(By.CSS_SELECTOR, '.error, .errors')]}")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".messages li")) == 2  # saved; a follow-up is opened
    visit = Visit.objects.get(elder=elder)
    assert (visit.method, visit.safety, visit.overall_risk) == ("phone", "urgent", 3)
    assert visit.follow_ups.get().problem == "安全情况：电线老化"
