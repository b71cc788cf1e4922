"""Every URL as every role: a new URL cannot escape the access rules or crash on a missing id."""

import pytest

from tests.accounts.urlwalk import all_urls
from zhongyang_eldercare.accounts.middleware import SELF_SERVICE_VIEWS

pytestmark = pytest.mark.django_db

OPEN_TO_ANONYMOUS = {"accounts:login", "accounts:logout", "admin:login", "admin:logout"}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")


@pytest.fixture
def quiet_client(client):
    """Return 500 responses instead of raising, so the assertion names the URL."""
    client.raise_request_exception = False
    return client


def test_the_walk_covers_the_portal_and_the_admin():
    names = {name for _path, name in all_urls()}
    assert {"home", "accounts:login", "audit:log", "admin:index", "admin:accounts_user_change"} <= names


def test_anonymous_users_are_sent_to_login_everywhere(quiet_client):
    for path, name in all_urls():
        response = quiet_client.get(path)
        if name in OPEN_TO_ANONYMOUS:
            assert response.status_code < 500, path
        elif response.status_code != 405:  # a POST-only view refuses the GET before anything else
            assert response.status_code == 302, (path, response.status_code)
            assert response["Location"].startswith(LOGIN_PAGES), path


@pytest.mark.parametrize("role", ["bureau", "leader", "admin", "jinluo"])
def test_no_url_fails_with_a_server_error_for_any_role(quiet_client, users, role):
    quiet_client.force_login(users[role])
    for path, _name in all_urls():
        response = quiet_client.get(path)
        assert response.status_code != 500, (role, path)
        if path.startswith("/admin/") and role in {"leader", "jinluo"}:
            # Not staff: the admin sends them to its login page, which refuses a logged-in user (403).
            if response.status_code == 302:
                response = quiet_client.get(path, follow=True)
            assert response.status_code in {403, 405}, (role, path, response.status_code)


def test_the_leading_group_gets_403_on_every_post(quiet_client, users):
    quiet_client.force_login(users["leader"])
    for path, name in all_urls():
        if name in SELF_SERVICE_VIEWS:
            continue
        response = quiet_client.post(path, {"name": "x"})
        assert response.status_code == 403, (path, response.status_code)


def test_the_leading_group_may_still_log_out(client, users):
    client.force_login(users["leader"])
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
