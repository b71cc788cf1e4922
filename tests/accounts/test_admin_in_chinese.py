"""The admin pages of the libraries (django-axes, django-otp) speak Chinese too."""

import re

import pytest
from django.apps import apps
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongyang_eldercare.accounts.apps import AccountsConfig

pytestmark = pytest.mark.django_db
DEVICES = "/admin/accounts/authenticatordevice/"


def test_the_apps_keep_their_own_configs():
    # two AppConfig classes in accounts/apps.py would silently drop AccountsConfig (and its signals)
    assert isinstance(apps.get_app_config("accounts"), AccountsConfig)
    assert str(apps.get_app_config("axes").verbose_name) == "登录锁定"


def test_the_admin_index_names_lockout_and_two_factor_devices_in_chinese(client, users):
    client.force_login(users["admin"])
    html = client.get("/admin/").content.decode()
    headings = re.findall(r"<caption>\s*<a[^>]*>([^<]+)</a>", html)
    assert "登录锁定" in headings and "账户与角色" in headings
    assert not [heading for heading in headings if re.search(r"[A-Za-z]", heading)]
    for name in ("登录尝试", "登录失败", "登录日志", "身份验证器应用"):
        assert f">{name}</a>" in html
    assert "Otp_Totp" not in html and "TOTP devices" not in html


def test_the_administrator_sees_and_deletes_a_device_but_cannot_add_or_edit_one(client, users):
    device = TOTPDevice.objects.create(user=users["bureau"], name="手机", confirmed=True)
    client.force_login(users["admin"])
    listing = client.get(DEVICES).content.decode()
    for title in ("账户", "设备名称", "已确认", "创建时间", "最近使用"):
        assert title in listing
    assert users["bureau"].username in listing and device.key not in listing
    view = client.get(f"{DEVICES}{device.pk}/change/")
    assert view.status_code == 200 and device.key not in view.content.decode()
    assert client.get(f"{DEVICES}add/").status_code == 403
    assert client.post(f"{DEVICES}{device.pk}/change/", {"name": "改名"}).status_code == 403
    assert client.post(f"{DEVICES}{device.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_bureau_cannot_reach_the_devices(client, users):
    client.force_login(users["bureau"])
    assert client.get(DEVICES).status_code == 403
