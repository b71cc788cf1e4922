import pytest
from django_otp.oath import TOTP

from tests.conftest import PASSWORD


def totp_token(device, steps_ahead=0):
    """The code an authenticator app would show now (or ``steps_ahead`` periods later, within tolerance)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = clock.time + steps_ahead * device.step
    return f"{clock.token():0{device.digits}d}"


def log_in(client, user, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": user.username, "password": password}, **extra)


@pytest.fixture
def login():
    return log_in
