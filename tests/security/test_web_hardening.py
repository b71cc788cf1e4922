import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50)[:50],
        ALLOWED_HOSTS="x",
        DJANGO_SETTINGS_MODULE="zhongyang_eldercare.settings",
    )
    env.pop("SECURE_HSTS_SECONDS", None)
    env.update(extra)
    return env


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production_env(**env), capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_without_secrets_the_server_commands_refuse_but_makemigrations_runs():
    env = {key: value for key, value in production_env().items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    refused = run("check")
    assert refused.returncode != 0 and "Set SECRET_KEY" in refused.stderr
    code_only = run("makemigrations", "--check", "--dry-run")
    assert code_only.returncode == 0, code_only.stderr
    assert "No changes detected" in code_only.stdout


def test_settings_refuse_an_audit_retention_under_six_months():
    result = manage("check", AUDIT_RETENTION_DAYS="179")
    assert result.returncode != 0
    assert "AUDIT_RETENTION_DAYS must be at least 180" in result.stderr


def test_pages_carry_the_security_headers(client, users):
    client.force_login(users["jinluo"])
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_and_secure_cookies_are_on_in_production():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "DENY"], result.stderr


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_hold_no_inline_script_or_style():
    offences = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        offences += [f"{template.relative_to(ROOT)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not offences


def test_pages_with_personal_data_are_not_stored_by_browsers(client, users):
    client.force_login(users["admin"])
    for path in ["/", "/audit/", f"/admin/accounts/user/{users['jinluo'].pk}/change/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def test_missing_page_is_chinese(client, users):
    client.force_login(users["jinluo"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面或记录不存在" in response.content.decode()


def test_forbidden_page_is_chinese(client, users):
    client.force_login(users["jinluo"])
    response = client.get("/plan/checks/")
    assert response.status_code == 403
    assert "您的账户无权" in response.content.decode()


def test_bad_host_gets_a_chinese_400(client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_oversized_request_body_gets_a_clean_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 400


@pytest.mark.urls("tests.security.urls_boom")
def test_server_error_page_is_chinese_and_reveals_nothing(client, users):
    client.raise_request_exception = False
    client.force_login(users["bureau"])
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html
    for leak in ["Traceback", "RuntimeError", "hunter2", "boom", ".py"]:
        assert leak not in html


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/abc/change/",
        "/admin/accounts/user/1%00/change/",
        "/audit/?page=x",
        "/audit/?since=not-a-date&action=99",
    ],
)
def test_malformed_urls_and_parameters_get_a_clean_answer(client, users, path):
    client.raise_request_exception = False
    client.force_login(users["admin"])
    assert client.get(path).status_code in {200, 302, 400, 404}
