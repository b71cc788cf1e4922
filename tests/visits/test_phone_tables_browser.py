"""On a 375-px phone (issue 13, items 5 and 8): a wide table keeps its first column and its action button in view
while it scrolls; closing a follow-up asks first, and stepping back keeps what was typed."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from tests.conftest import browser_login
from tests.visits.conftest import make_elder
from visits.models import FollowUpStatus, Visit
from visits.services import record_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def follow_up(users, townships, make_village):
    elder = make_elder(make_village(townships["jinluo"]), children_count=0, name="手机跟进老人")
    visit = Visit(
        elder=elder,
        visited_on=timezone.localdate(),
        visitor="张三",
        safety="urgent",
        safety_note="煤炉无烟囱，屋内有煤烟味",
        overall_risk=3,
    )
    return record_visit(visit=visit, by=users["jinluo"])[1]


def box(browser, element):
    return browser.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", element)


def test_the_follow_up_table_keeps_its_name_and_update_link_in_view(browser, live_server, users, follow_up):
    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}/visits/follow-ups/")
    table = browser.find_element(By.CSS_SELECTOR, ".scroll table")
    wrapper = table.find_element(By.XPATH, "..")
    assert table.size["width"] > wrapper.size["width"]  # wider than the phone: it scrolls
    browser.execute_script("arguments[0].scrollLeft = arguments[0].scrollWidth / 2", wrapper)
    name = browser.find_element(By.CSS_SELECTOR, ".scroll tbody td:first-child")
    update = browser.find_element(By.CSS_SELECTOR, ".scroll tbody td.actions a")
    view = box(browser, wrapper)
    assert view[0] - 1 <= box(browser, name)[0] and box(browser, update)[1] <= view[1] + 1
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375


def test_closing_a_follow_up_asks_first_and_back_keeps_the_text(browser, live_server, users, follow_up):
    browser.set_window_size(375, 812)
    browser_login(browser, live_server, users["jinluo"])
    browser.get(f"{live_server.url}/visits/follow-ups/{follow_up.pk}/")
    browser.find_element(By.CSS_SELECTOR, "select[name=status] option[value=resolved]").click()
    browser.find_element(By.NAME, "resolution").send_keys("已安装烟囱")
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    assert "不能重新打开" in browser.find_element(By.ID, "confirm").text
    browser.find_element(By.ID, "cancel-button").click()
    assert browser.find_element(By.NAME, "resolution").get_attribute("value") == "已安装烟囱"
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    browser.find_element(By.ID, "confirm-button").click()
    assert "已更新" in browser.find_element(By.CSS_SELECTOR, ".messages").text or browser.current_url.endswith(
        "/visits/follow-ups/"
    )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.resolution) == (FollowUpStatus.RESOLVED, "已安装烟囱")
