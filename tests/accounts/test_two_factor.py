import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import log_in, totp_token
from zhongyang_eldercare.accounts.models import Role, RoleSecurityPolicy

pytestmark = pytest.mark.django_db


def enrol(client):
    page = client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    return page, device


def test_bureau_enrols_a_device_from_an_inline_qr_code(client, users):
    log_in(client, users["bureau"])
    page, device = enrol(client)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<script" not in html
    assert "no-store" in page["Cache-Control"]
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    response = client.post("/accounts/two-factor/enrol/", {"token": totp_token(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_enrolment_refuses_a_wrong_code_next_to_the_field(client, users):
    log_in(client, users["bureau"])
    _page, device = enrol(client)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/enrol/", {"token": wrong})
    assert response.status_code == 200
    assert "验证码错误" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_township_staff_cannot_enrol_unless_required(client, users):
    client.force_login(users["jinluo"])
    assert client.get("/accounts/two-factor/enrol/").status_code == 403


def test_role_policy_sends_users_without_a_device_to_enrolment_then_asks_for_a_code_at_each_login(client, users):
    RoleSecurityPolicy.objects.create(role=Role.BUREAU, require_2fa=True)
    log_in(client, users["bureau"])
    response = client.get("/plan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    response = client.get(response["Location"])
    assert response["Location"].startswith("/accounts/two-factor/enrol/")
    _page, device = enrol(client)
    client.post("/accounts/two-factor/enrol/", {"token": totp_token(device)})
    assert client.get("/plan/").status_code == 200
    client.logout()

    log_in(client, users["bureau"])
    assert client.get("/plan/")["Location"].startswith("/accounts/two-factor/")
    assert client.post("/accounts/two-factor/", {"token": "000000"}).status_code == 200
    assert client.get("/").status_code == 302
    # django-otp now throttles this device for a second after the wrong code; don't wait for it.
    device.refresh_from_db()
    device.throttle_reset()
    # The code of the next period (the app's clock may run ahead); the one used at enrolment cannot be replayed.
    response = client.post("/accounts/two-factor/", {"token": totp_token(device, steps_ahead=1), "next": "/plan/"})
    assert response["Location"] == "/plan/"
    assert client.get("/plan/").status_code == 200


def test_a_user_with_a_device_is_asked_for_a_code_even_without_a_policy(client, users):
    TOTPDevice.objects.create(user=users["admin"], name="phone", confirmed=True)
    log_in(client, users["admin"])
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/")


def test_an_unverified_user_cannot_enrol_a_second_device_to_skip_the_code(client, users):
    TOTPDevice.objects.create(user=users["admin"], name="phone", confirmed=True)
    log_in(client, users["admin"])
    response = client.get("/accounts/two-factor/enrol/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=users["admin"], confirmed=False).exists()


def test_other_roles_are_not_asked_when_only_the_bureau_must(client, users):
    RoleSecurityPolicy.objects.create(role=Role.BUREAU, require_2fa=True)
    log_in(client, users["jinluo"])
    assert client.get("/plan/").status_code == 200


def test_administrator_edits_the_role_policy_in_the_admin(client, users):
    policy = RoleSecurityPolicy.objects.create(role=Role.LEADER, require_2fa=False)
    client.force_login(users["admin"])
    response = client.post(f"/admin/accounts/rolesecuritypolicy/{policy.pk}/change/", {"role": Role.LEADER, "require_2fa": "on"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.require_2fa
    client.force_login(users["bureau"])
    assert client.get(f"/admin/accounts/rolesecuritypolicy/{policy.pk}/change/").status_code == 403
