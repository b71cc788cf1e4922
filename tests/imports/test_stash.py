"""Uploaded spreadsheets kept for the confirm step: readable by the portal's user only, deleted after the
confirm, refused and deleted when expired, and purged by the cron command when never confirmed."""

import os
import stat
import time
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import client_for
from zhongyang_eldercare.import_jobs.models import ImportJob
from zhongyang_eldercare.kernel.spreadsheets import stashed_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def stash(settings, tmp_path):
    settings.IMPORT_STASH_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


def stashed_files(stash):
    return sorted(stash.glob("*.xlsx")) if stash.exists() else []


def checked(client, user, upload):
    client_for(client, user).post("/visits/elders/import/", {"file": upload})
    return ImportJob.objects.latest("pk")


@pytest.fixture
def upload(village, users):
    from tests.imports.conftest import elder_row, elder_workbook

    return elder_workbook([elder_row(village)], users["jinluo"])


def test_a_stashed_upload_is_readable_by_the_portal_user_only(client, users, stash, upload):
    job = checked(client, users["jinluo"], upload)
    assert job.awaiting_confirmation
    (path,) = stashed_files(stash)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(stash.stat().st_mode) & 0o077 == 0


def test_the_stash_is_deleted_after_the_confirm(client, users, stash, upload):
    job = checked(client, users["jinluo"], upload)
    client.post("/visits/elders/import/", {"token": job.token})
    job.refresh_from_db()
    assert job.imported and stashed_files(stash) == []


def test_an_expired_stash_is_not_confirmed_and_is_deleted(client, users, stash, upload, settings):
    job = checked(client, users["jinluo"], upload)
    (path,) = stashed_files(stash)
    old = time.time() - settings.IMPORT_STASH_HOURS * 3600 - 60
    os.utime(path, (old, old))
    response = client.post("/visits/elders/import/", {"token": job.token}, follow=True)
    assert "已过期" in response.content.decode() or not ImportJob.objects.get(pk=job.pk).imported
    assert stashed_path(job.token, users["jinluo"]) is None and stashed_files(stash) == []


def test_the_cron_command_purges_expired_and_orphaned_uploads_but_keeps_those_awaiting_confirmation(
    client, users, stash, upload, settings
):
    waiting = checked(client, users["jinluo"], upload)
    orphan = stash / "1-0123456789abcdef.xlsx"  # a check whose job is gone
    orphan.write_bytes(b"x")
    call_command("purge_import_stash", stdout=StringIO())
    assert stashed_files(stash) == [stash / f"{waiting.token}.xlsx"]
    old = time.time() - settings.IMPORT_STASH_HOURS * 3600 - 60
    os.utime(stash / f"{waiting.token}.xlsx", (old, old))
    call_command("purge_import_stash", stdout=StringIO())
    assert stashed_files(stash) == []
