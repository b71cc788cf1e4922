"""Shared test helpers: the policy data, townships and users of each role."""

import pytest
from django.conf import settings

from facilities.models import Township, Village
from zhongyang_eldercare.accounts.models import Role, User
from zhongyang_eldercare.policy_loading import load_all

PASSWORD = "Test-pass-2020"


@pytest.fixture
def policy(db):
    """The plan's reference data, loaded from fixtures/ exactly as load_policy does."""
    load_all(settings.BASE_DIR / "fixtures")


@pytest.fixture
def townships(policy):
    return {township.pinyin: township for township in Township.objects.all()}


def make_user(role, township=None, username=None):
    username = username or (f"{role}-{township.pinyin}" if township else role)
    return User.objects.create_user(username=username, password=PASSWORD, role=role, township=township)


@pytest.fixture
def users(townships):
    """One user per role, and a township user for two townships (金罗镇 and 枝柯镇)."""
    return {
        "bureau": make_user(Role.BUREAU),
        "leader": make_user(Role.LEADER),
        "admin": make_user(Role.ADMIN),
        "jinluo": make_user(Role.TOWNSHIP, townships["jinluo"]),
        "zhike": make_user(Role.TOWNSHIP, townships["zhike"]),
    }


@pytest.fixture
def make_village():
    def make(township, name=None, **fields):
        count = Village.objects.filter(township=township).count() + 1
        return Village.objects.create(township=township, name=name or f"{township.name}测试村{count:02d}", **fields)

    return make


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def browser():
    """A real headless Chromium (Debian's chromium + chromium-driver), driven by Selenium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(3)
    yield driver
    driver.quit()


def browser_login(browser, live_server, user):
    """Log the browser in through the real login form."""
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(user.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
