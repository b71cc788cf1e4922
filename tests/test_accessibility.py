"""Every page of every role passes axe-core with no critical or serious violation (issue 13, item 10).

axe-core comes with axe-selenium-python (its axe.min.js, injected from the package: nothing is fetched).
Each role walks its menu, its home and the pages of sample records, on a phone for township staff and on a
desktop for the others, in the one shared Chromium.
"""

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from tests.accessibility_pages import record_pages, sample_records
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"jinluo": (375, 812), "bureau": (1366, 900), "leader": (1366, 900), "admin": (1366, 900)}
SEVERE = ("critical", "serious")


def severe_violations(browser):
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    return [violation for violation in results["violations"] if violation["impact"] in SEVERE]


@pytest.mark.parametrize("role", list(SIZES))
def test_every_page_of_the_role_has_no_critical_or_serious_violation(browser, live_server, users, townships, make_village, role):
    records = sample_records(users, townships, make_village)
    browser.set_window_size(*SIZES[role])
    browser_login(browser, live_server, users[role])
    browser.get(f"{live_server.url}/")
    menu = [
        link.get_attribute("href").removeprefix(live_server.url)
        for link in browser.find_elements(By.CSS_SELECTOR, "nav.sidebar a")
    ]
    pages = ["/", *menu, *record_pages(role, records)]
    assert len(pages) >= 4
    found = {}
    for page in dict.fromkeys(pages):
        browser.get(f"{live_server.url}{page}")
        violations = severe_violations(browser)
        if violations:
            found[page] = Axe(browser).report(violations)
    assert not found, "\n".join(f"{page}:\n{report}" for page, report in found.items())


def test_the_check_would_see_a_serious_violation(browser, live_server, users):
    """Not vacuous: text too faint to read on a page is reported."""
    browser_login(browser, live_server, users["bureau"])
    browser.execute_script(
        "var p = document.createElement('p'); p.textContent = '看不清的字'; p.style.color = '#eee';"
        "document.querySelector('main').appendChild(p);"
    )
    assert any(violation["id"] == "color-contrast" for violation in severe_violations(browser))
