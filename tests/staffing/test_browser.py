"""A township clerk on a 375-px phone: the posts list fits the screen, and a worker who already holds a full-time
post is refused with the reason next to the worker field; then another worker is put in the post."""

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.conftest import browser_login
from tests.staffing.conftest import hold, make_plain_facility, make_post, make_worker

PHONE = 375


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_puts_a_worker_in_a_post_on_a_phone(browser, live_server, users, townships):
    jinluo = townships["jinluo"]
    busy = make_worker(jinluo, name="已在岗护理员")
    hold(make_post(make_plain_facility(jinluo), since=date(2020, 1, 1)), busy)
    free = make_worker(jinluo, name="待上岗护理员")
    post = make_post(make_plain_facility(jinluo), since=date(2020, 1, 1))
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": PHONE, "height": 812, "deviceScaleFactor": 1, "mobile": True}
    )
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}/staffing/posts/")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE
    browser.get(f"{live_server.url}{post.get_absolute_url()}")
    Select(browser.find_element(By.ID, "id_worker")).select_by_visible_text(busy.name)
    browser.find_element(By.CSS_SELECTOR, "form#assign-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".field.has-error .error"))
    error = browser.find_element(By.CSS_SELECTOR, ".field.has-error .error")
    assert "已在岗护理员" in error.text and "全职" in error.text
    assert error.find_element(By.XPATH, "..").find_element(By.TAG_NAME, "select").get_attribute("name") == "worker"
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE
    Select(browser.find_element(By.ID, "id_worker")).select_by_visible_text(free.name)
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda driver: driver.current_url.endswith(post.get_absolute_url()))
    assert browser.find_element(By.ID, "post-holder").text.startswith("待上岗护理员")
