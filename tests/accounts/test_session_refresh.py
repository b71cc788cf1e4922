"""A page load writes the session only when its last save is a minute old (the idle timeout still holds)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db


def session_writes(client, when):
    with mock.patch("django.utils.timezone.now", return_value=when), CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_pages_within_a_minute_write_no_session_and_a_later_one_moves_the_expiry(client, users):
    log_in(client, users["jinluo"])
    start = timezone.now()
    assert session_writes(client, start + timedelta(seconds=61))  # the first page after the login's save
    saved = Session.objects.get().expire_date
    assert session_writes(client, start + timedelta(seconds=80)) == []
    assert session_writes(client, start + timedelta(seconds=100)) == []
    assert Session.objects.get().expire_date == saved
    assert session_writes(client, start + timedelta(seconds=125))
    assert Session.objects.get().expire_date > saved
