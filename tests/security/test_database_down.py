"""Faults: with the database unreachable every page answers the Chinese "service unavailable" page (503)."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.accounts.urlwalk import all_urls

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError('could not connect to server: Connection refused\n\tIs the server running on host "127.0.0.1"?')


def database_down():
    return mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=unreachable)


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


def assert_unavailable(response, path):
    assert response.status_code == 503, (path, response.status_code)
    html = response.content.decode()
    assert "服务暂不可用" in html and "Server Error" not in html, path
    assert response["Retry-After"]


def test_every_page_with_a_session_answers_503(quiet_client, users):
    quiet_client.force_login(users["bureau"])
    with database_down():
        for path, _name in all_urls():
            assert_unavailable(quiet_client.get(path), path)
        assert_unavailable(quiet_client.post("/visits/elders/new/", {"name": "x"}), "POST")


def test_pages_without_a_session_answer_503_unless_they_need_no_database(quiet_client):
    with database_down():
        for path, _name in all_urls():
            response = quiet_client.get(path, follow=True)
            if response.status_code not in (200, 405):  # a page that needs no database (the login form) still works
                assert_unavailable(response, path)
        assert_unavailable(quiet_client.post("/accounts/login/", {"username": "bureau", "password": "x"}), "login")


def test_a_dropped_connection_is_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
