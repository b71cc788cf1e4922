"""Secure by default: a fresh install requires two-factor login of the administrator and the bureau.

The test session starts without these rows (tests/conftest.py removes them so other tests log in with a
password alone); here the migration's own function puts them back, as ``migrate`` does on a fresh install.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.accounts.conftest import log_in
from zhongyang_eldercare.accounts import demo
from zhongyang_eldercare.accounts.models import Role, RoleSecurityPolicy

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("zhongyang_eldercare.accounts.migrations.0005_two_factor_by_default")


def fresh_install():
    MIGRATION.require_two_factor(apps, None)


def test_the_migration_is_part_of_the_accounts_history():
    assert ("accounts", "0005_two_factor_by_default") in MigrationLoader(connection).applied_migrations


def test_a_fresh_install_requires_two_factor_of_the_administrator_and_the_bureau_only():
    fresh_install()
    assert dict(RoleSecurityPolicy.objects.values_list("role", "require_2fa")) == {Role.ADMIN: True, Role.BUREAU: True}
    for role, required in ((Role.ADMIN, True), (Role.BUREAU, True), (Role.LEADER, False), (Role.TOWNSHIP, False)):
        assert RoleSecurityPolicy.requires_2fa(role) is required


@pytest.mark.parametrize("role", ["bureau", "admin"])
def test_after_a_fresh_install_the_bureau_and_the_admin_are_sent_to_enrol_at_first_login(client, users, role):
    fresh_install()
    log_in(client, users[role])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/enrol/")
    html = response.content.decode()
    for app in ("腾讯身份验证器", "阿里云 App", "虚拟MFA", "Microsoft Authenticator", "FreeOTP"):
        assert app in html


def test_after_a_fresh_install_township_staff_and_the_leading_group_log_in_with_a_password(client, users):
    fresh_install()
    for role in ("jinluo", "leader"):
        log_in(client, users[role])
        assert client.get("/").status_code == 200, role
        client.logout()


def test_the_policy_stays_data_the_administrator_chose():
    RoleSecurityPolicy.objects.create(role=Role.BUREAU, require_2fa=False)
    fresh_install()  # the administrator's row for a role is kept as it is
    assert not RoleSecurityPolicy.requires_2fa(Role.BUREAU) and RoleSecurityPolicy.requires_2fa(Role.ADMIN)


def test_reversing_the_migration_removes_only_its_own_rows():
    fresh_install()
    RoleSecurityPolicy.objects.filter(role=Role.BUREAU).update(require_2fa=False)
    MIGRATION.remove_defaults(apps, None)
    assert list(RoleSecurityPolicy.objects.values_list("role", "require_2fa")) == [(Role.BUREAU, False)]


def test_the_demo_database_switches_two_factor_off_and_says_so(townships):
    fresh_install()
    lines = demo.load(password="Demo-pass-2020x")
    assert not RoleSecurityPolicy.objects.filter(require_2fa=True).exists()
    assert any("Two-factor login is OFF for bureau and admin" in line for line in lines)
    assert any("角色安全策略" in line for line in lines)
