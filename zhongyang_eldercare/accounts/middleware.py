"""What every request of a logged-in user passes after the password.

In order: the second factor (when the role or the user's own device asks for it),
then the forced password change of a new account, then the leading group's
read-only rule. The few account pages a user needs to get through these steps
stay open. The decision about the second factor is taken once at login and kept
in the session (see signals.py), so pages pay no extra query for it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

OTP_REQUIRED_SESSION_KEY = "zy_otp_required"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The login steps themselves; only these stay open before the second factor.
OTP_STEP_VIEWS = frozenset({"accounts:login", "accounts:logout", "accounts:otp_verify", "accounts:otp_enrol"})
# A user's own account: also open to the leading group for POST, and during a forced password change.
SELF_SERVICE_VIEWS = OTP_STEP_VIEWS | {"accounts:password_change"}


def _with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if request.session.get(OTP_REQUIRED_SESSION_KEY) and not user.is_verified():
            if view_name in OTP_STEP_VIEWS:
                return None
            return redirect(_with_next("accounts:otp_verify", request))
        if user.must_change_password and view_name not in SELF_SERVICE_VIEWS:
            return redirect(_with_next("accounts:password_change", request))
        if user.is_read_only and request.method not in SAFE_METHODS and view_name not in SELF_SERVICE_VIEWS:
            raise PermissionDenied
        return None
