"""Password rules refuse common patterns (Passw0rd!, <place name><year>, Chinese weak passwords) and cap
the length, every message in Chinese."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

COMMON = [
    "Passw0rd!",
    "P@ssword123",
    "Admin@2021",
    "Qwerty123!",
    "Woaini1314!",
    "Zhongyang2021!",
    "Jinluo@2020",
    "ZHIKE#2022a",
    "中阳县2021abc!",
    "Minzheng@123",
    "Yanglao2020!",
    "Abc12345!",
]
STRONG = ["Lüliang-Hof-7q", "Kx9#mTq2vL", "青山绿水Tq7!", "Neu-Passwort-2021"]


@pytest.mark.parametrize("password", COMMON)
def test_common_patterns_are_refused(password, policy):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", STRONG)
def test_other_passwords_pass(password, policy):
    validate_password(password)


def test_the_length_is_capped(policy):
    with pytest.raises(ValidationError):
        validate_password("Kx9#mTq2vL" * 13)


def test_the_messages_are_chinese(client, users):
    with translation.override("zh-hans"):
        response = client_for(client, users["jinluo"]).post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "Jinluo@2020", "new_password2": "Jinluo@2020"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "常见单词或地名" in html and "Passw0rd" in html
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "Kx9#mTq2vL" * 13, "new_password2": "Kx9#mTq2vL" * 13}
    )
    assert "密码最多" in response.content.decode()
