"""The dashboard's charts render in a real browser, offline, under the CSP (issue 4, item 2)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import browser_login
from tests.reports.conftest import populate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def severe_console_entries(browser):
    """Errors in the console; the browser's own favicon request (the portal has none) is not the page's."""
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def test_both_charts_draw_a_canvas_with_no_script_errors(browser, live_server, users, townships, make_village):
    populate(townships, make_village, villages_per_township=3)
    browser_login(browser, live_server, users["bureau"])
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(f"{live_server.url}/"))
    browser.get(f"{live_server.url}/reports/?as_of=2021-06-30")

    for chart in ("chart-coverage", "chart-trajectory"):
        canvas = WebDriverWait(browser, 10).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, f"#{chart} canvas"))
        )
        assert canvas.size["width"] > 300 and canvas.size["height"] > 200
    series = browser.execute_script(
        "var chart = echarts.getInstanceByDom(document.getElementById('chart-coverage'));return chart.getOption().series[0].data;"
    )
    assert series == [66.7] * 7  # two of three villages covered in each township
    # Only the portal's own scripts ran: nothing was fetched from the internet.
    sources = [script.get_attribute("src") for script in browser.find_elements(By.CSS_SELECTOR, "script[src]")]
    assert sources and all(source.startswith(live_server.url) for source in sources)
    assert severe_console_entries(browser) == []


def test_the_console_check_would_see_a_script_error(browser, live_server, users, townships):
    """The check above is not vacuous: an error thrown in the page shows up in the console log."""
    browser_login(browser, live_server, users["bureau"])
    browser.get(f"{live_server.url}/reports/")
    browser.execute_script("setTimeout(function () { throw new Error('deliberate'); }, 0);")
    WebDriverWait(browser, 5).until(lambda driver: any("deliberate" in e["message"] for e in severe_console_entries(driver)))


def test_on_a_phone_the_township_table_scrolls_instead_of_squeezing_names(browser, live_server, users, townships, make_village):
    populate(townships, make_village, villages_per_township=3)
    browser.set_window_size(390, 900)
    browser_login(browser, live_server, users["bureau"])
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(f"{live_server.url}/"))
    browser.get(f"{live_server.url}/reports/?as_of=2021-06-30")
    table = browser.find_element(By.ID, "township-table")
    wrapper = table.find_element(By.XPATH, "..")
    assert table.size["width"] > wrapper.size["width"]  # wider than the screen: the wrapper scrolls
    name = table.find_element(By.CSS_SELECTOR, "tbody td")
    line, text_height = browser.execute_script(
        "var range = document.createRange(); range.selectNodeContents(arguments[0]);"
        "return [parseFloat(getComputedStyle(arguments[0]).lineHeight), range.getBoundingClientRect().height];",
        name,
    )
    assert text_height < 1.5 * line  # the township's name on one line, not one character per line
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= 390  # only the table scrolls, not the page
