"""Shared test helpers: the policy data, townships and users of each role.

The plan's reference data (fixtures/, as ``load_policy`` loads it) is loaded once per
test session, right after the test database is created: each test then runs inside
its own transaction, rolled back at its end, so every test starts from exactly the
policy data and nothing else. Tests that flush the database (``transactional_db``,
``live_server``, ``django_db(transaction=True)``) get it back after their teardown.
"""

import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from pytest_django.fixtures import validate_django_db
from pytest_django.plugin import blocking_manager_key

from facilities.models import (
    City,
    County,
    Department,
    Duty,
    FacilityStandard,
    Feature,
    KeyProject,
    LeadingGroupMember,
    LeadingGroupOffice,
    Milestone,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    Target,
    Township,
    Village,
)
from staffing.models import FundingSource, PostKind, StaffingRule, TrainingProgramme
from subsidies.models import EvaluationIndicator, GradeFactor, GradeThreshold, SubsidyRule
from subsidies.models import FundingSource as LedgerSource
from visits.models import PriorityRule, VisitFrequency, VisitSetting, VisitTier
from zhongyang_eldercare.accounts.models import COUNTY_BOUND_ROLES, Role, RoleSecurityPolicy, User
from zhongyang_eldercare.policy_loading import load_all
from zhongyang_eldercare.reports.models import ReportDeadline

PASSWORD = "Test-pass-2020"


def load_policy_data():
    load_all(settings.BASE_DIR / "fixtures")


def without_default_two_factor():
    """Tests log in as bureau and admin without a second factor; the migration's default rows (a fresh install
    requires it of both, tests/accounts/test_two_factor_default.py) are removed, and each 2FA test sets its own."""
    RoleSecurityPolicy.objects.all().delete()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the policy data loaded once for the whole session."""
    with django_db_blocker.unblock():
        load_policy_data()
        without_default_two_factor()


@pytest.fixture(autouse=True)
def empty_figures_cache():
    """Each test's database starts again (rolled back, ids and figures versions reused on SQLite): so does the cache
    of counts keyed by them (visits.tiers)."""
    caches["figures"].clear()


def flushes_database(item):
    """pytest-django's rule for running a test as a TransactionTestCase, which empties every table afterwards."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and any(validate_django_db(marker)[:2])  # transaction, reset_sequences
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(transactional or fixtures & {"transactional_db", "live_server", "django_db_reset_sequences"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is not None and flushes_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            load_policy_data()
    return result


@pytest.fixture
def policy(db):
    """The plan's reference data (fixtures/, exactly as load_policy loads it): already in the test database."""


# Every model load_policy writes, dependents first.
POLICY_MODELS = [
    GradeFactor,
    SubsidyRule,
    LedgerSource,
    GradeThreshold,
    EvaluationIndicator,
    Milestone,
    KeyProject,
    FacilityStandard,
    Feature,
    Duty,
    LeadingGroupOffice,
    LeadingGroupMember,
    Department,
    PlanTableCell,
    PlanTableRow,
    Target,
    PriorityRule,
    VisitFrequency,
    VisitSetting,
    VisitTier,
    ReportDeadline,
    StaffingRule,
    PostKind,
    FundingSource,
    TrainingProgramme,
    PolicyDocument,
    Township,
    County,
    City,
]


@pytest.fixture
def fresh_install(db):
    """A database as after ``migrate`` alone: the session's policy data deleted inside this test's transaction."""
    for model in POLICY_MODELS:
        model.objects.all().delete()
    assert not any(model.objects.exists() for model in POLICY_MODELS)


@pytest.fixture
def townships(policy):
    return {township.pinyin: township for township in Township.objects.all()}


def make_user(role, township=None, username=None, *, county=None, city=None):
    """An account of ``role``; the bureau and the leading group belong to a county (by default the plan's, 中阳县)."""
    username = username or (f"{role}-{township.pinyin}" if township else role)
    if role in COUNTY_BOUND_ROLES and county is None:
        county = County.objects.get(code="zhongyang")
    return User.objects.create_user(username=username, password=PASSWORD, role=role, township=township, county=county, city=city)


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


def browser_login(browser, live_server, user):
    """Log the browser in through the real login form."""
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(user.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # wait for the login to finish: navigating away too early would cancel the POST
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(lambda driver: "/accounts/login/" not in driver.current_url)


# --- a second county of the same city (issue 15: county scope) ---------------------------------------------------


@pytest.fixture
def second_county(policy):
    """A second county of 吕梁市 with one township, as a second county on the same installation would be."""
    county = County.objects.create(name="测试县", code="ceshixian", city=City.objects.get(code="lvliang"))
    township = Township.objects.create(county=county, name="测试县甲镇", kind="town", pinyin="ceshijia", position=1)
    document = PolicyDocument.objects.create(
        county=county, code="测试县〔2020〕1号", title="测试县农村养老服务实施方案（2020-2022年）",
        period_start=datetime.date(2020, 1, 1), period_end=datetime.date(2022, 12, 31),
    )  # fmt: skip
    for position, place in enumerate((township, None), start=1):
        row = PlanTableRow.objects.create(
            document=document, position=position, label=place.name if place else "合计", township=place,
            is_total=place is None, villages_total=4, villages_built=1, villages_to_build=3,
        )  # fmt: skip
        PlanTableCell.objects.create(row=row, year=2020, kind="happiness", count=3)
    return county, township


@pytest.fixture
def county_users(users, second_county):
    county, _township = second_county
    return {
        **users,
        "bureau_b": make_user(Role.BUREAU, username="bureau-b", county=county),
        "leader_b": make_user(Role.LEADER, username="leader-b", county=county),
        "admin_b": make_user(Role.ADMIN, username="admin-b", county=county),
        "city": make_user(Role.CITY, username="city", city=City.objects.get(code="lvliang")),
    }
