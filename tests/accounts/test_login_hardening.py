from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.accounts.conftest import log_in
from tests.conftest import PASSWORD
from zhongyang_eldercare.accounts.models import Role, User
from zhongyang_eldercare.accounts.validators import CharacterClassValidator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["abcdefgh12", "ABCDEFGH12", "abcdefghXY", "abcd!@#$xy"])
def test_character_class_validator_refuses_two_classes(password):
    with pytest.raises(ValidationError) as error:
        CharacterClassValidator().validate(password)
    assert error.value.code == "password_too_simple"


@pytest.mark.parametrize("password", ["Abcdefg12", "abcdefg1!", "ABCDEF1!", "中阳养老abc1"])
def test_character_class_validator_accepts_three_classes(password):
    CharacterClassValidator().validate(password)


@pytest.mark.parametrize("password", ["Ab1!", "Password1", "12345678", "abcdefgh"])
def test_configured_validators_refuse_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_password_change_shows_chinese_error_next_to_field(client, users):
    client.force_login(users["jinluo"])
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "abcdefgh12", "new_password2": "abcdefgh12"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "小写字母" in html and 'class="field has-error"' in html


def fail(client, username, address="10.0.0.1", times=1):
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong-Pass-1"}, REMOTE_ADDR=address)
    return response


def test_five_failures_lock_the_account_from_that_address_in_chinese(client, users):
    assert fail(client, users["jinluo"].username, times=4).status_code == 200
    locked = fail(client, users["jinluo"].username)
    assert locked.status_code == 429
    assert "账户已锁定" in locked.content.decode()
    # Even the right password is refused while locked.
    response = log_in(client, users["jinluo"], REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, users):
    fail(client, users["jinluo"].username, times=5)
    # Same office address, another account: not locked (one person cannot lock out a whole NAT).
    assert log_in(client, users["zhike"], REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    # Same account from another address: not locked.
    assert log_in(client, users["jinluo"], REMOTE_ADDR="10.0.0.2").status_code == 302


def test_lockout_is_released_after_fifteen_minutes(client, users):
    fail(client, users["jinluo"].username, times=5)
    attempts = AccessAttempt.objects.filter(username=users["jinluo"].username)
    attempts.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert log_in(client, users["jinluo"], REMOTE_ADDR="10.0.0.1").status_code == 429
    attempts.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in(client, users["jinluo"], REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["jinluo"].pk)


def test_session_expires_after_thirty_idle_minutes(client, users):
    log_in(client, users["jinluo"])
    assert client.get("/").status_code == 200
    later = timezone.now() + timedelta(minutes=29)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get("/").status_code == 200  # activity 29 minutes later keeps the session alive…
    with mock.patch("django.utils.timezone.now", return_value=later + timedelta(minutes=29)):
        assert client.get("/").status_code == 200  # …so 58 minutes after login it still works,
    with mock.patch("django.utils.timezone.now", return_value=later + timedelta(minutes=29 + 31)):
        response = client.get("/")  # but 31 idle minutes end it.
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_page_shows_the_previous_login_time(client, users):
    user = users["jinluo"]
    log_in(client, user)
    assert "这是您第一次登录" in client.get("/").content.decode()
    first = User.objects.get(pk=user.pk).last_login
    client.logout()
    log_in(client, user)
    user.refresh_from_db()
    assert user.previous_login == first
    html = client.get("/").content.decode()
    assert f"上次登录时间：{timezone.localtime(first):%Y-%m-%d %H:%M}" in html


def test_account_that_must_change_password_is_sent_to_the_change_page_until_it_does(client, users):
    user = users["zhike"]
    user.must_change_password = True
    user.save()
    log_in(client, user)
    for path in ["/", "/plan/", "/audit/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/password/")
    new = "Neu-Passwort-2021"
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(new)
    assert client.get("/").status_code == 200


def test_account_created_in_the_admin_must_change_password(client, users, townships):
    client.force_login(users["admin"])
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "nuanquan2",
            "first_name": "暖泉镇新同事",
            "role": Role.TOWNSHIP,
            "township": townships["nuanquan"].pk,
            "password1": "Erst-Passwort-9",
            "password2": "Erst-Passwort-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="nuanquan2")
    assert created.must_change_password
    assert not created.is_staff


def test_password_set_by_the_admin_must_be_changed_again(client, users):
    client.force_login(users["admin"])
    target = users["jinluo"]
    response = client.post(
        f"/admin/accounts/user/{target.pk}/password/", {"password1": "Zweites-Pw-77", "password2": "Zweites-Pw-77"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.must_change_password and target.check_password("Zweites-Pw-77")


def test_login_next_to_another_site_is_ignored(client, users):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": users["jinluo"].username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
