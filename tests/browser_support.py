"""One real headless Chromium per test process, shared by every browser test, with a screenshot of each step.

Starting Chromium costs about a second and a half; the suite's browser tests share one per pytest-xdist worker
(``browser_session``), and each test gets it back clean (no cookies, desktop size, an empty console log).
Every page load and every click is photographed in memory; when a test fails, the photographs of its steps and
of the final screen are written under ``var/test-artifacts/<test>/`` (CI keeps that folder as the run's artifact).
"""

import contextlib
import re
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "var" / "test-artifacts"
DESKTOP = (1280, 900)
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
)
_reports = pytest.StashKey()


def _new_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class StepCamera:
    """Listens to the driver: a screenshot (PNG bytes, in memory) after each page load and each click."""

    def __init__(self):
        self.shots = []

    def take(self, driver, label):
        with contextlib.suppress(Exception):  # a window closing mid-step must not hide the test's own failure
            self.shots.append((label, driver.get_screenshot_as_png()))

    def save(self, folder):
        shutil.rmtree(folder, ignore_errors=True)  # only this run's steps
        folder.mkdir(parents=True)
        for number, (label, png) in enumerate(self.shots, start=1):
            (folder / f"{number:02d}-{re.sub(r'[^A-Za-z0-9_-]+', '_', label)[:60]}.png").write_bytes(png)


def _listener(camera):
    from selenium.webdriver.support.events import AbstractEventListener

    class Listener(AbstractEventListener):
        def after_navigate_to(self, url, driver):
            camera.take(driver, f"open {url.split('/', 3)[-1]}")

        def after_click(self, element, driver):
            camera.take(driver, "after click")

    return Listener()


@pytest.fixture(scope="session")
def browser_session():
    driver = _new_driver()
    yield driver
    driver.quit()


@pytest.fixture
def browser(browser_session, request):
    """The shared Chromium, clean for this test, photographing each step; the photographs are kept on failure."""
    from selenium.webdriver.support.events import EventFiringWebDriver

    camera = StepCamera()
    browser_session.set_window_size(*DESKTOP)
    browser_session.get_log("browser")  # drop what an earlier test left in the console log
    driver = EventFiringWebDriver(browser_session, _listener(camera))
    driver.implicitly_wait(3)
    yield driver
    reports = request.node.stash.get(_reports, {})
    if any(report.failed for report in reports.values()):
        camera.take(browser_session, "final")
        camera.save(ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid))
    browser_session.delete_all_cookies()  # on the live server's page: its session cookie goes
    browser_session.get("about:blank")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def shot(browser, name):
    """Save a screenshot now, under /tmp or wherever ``name`` says (used while walking pages by hand)."""
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(name)
