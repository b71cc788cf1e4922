from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django_otp import user_has_device

from zhongyang_eldercare.accounts.middleware import OTP_REQUIRED_SESSION_KEY
from zhongyang_eldercare.accounts.models import RoleSecurityPolicy


def record_login(sender, request, user, **kwargs):
    """Keep the previous login time (shown on the home page) and decide whether this session needs a second factor.

    Replaces Django's own ``update_last_login`` receiver, which would overwrite
    ``last_login`` before we could keep it.
    """
    user.previous_login, user.last_login = user.last_login, timezone.now()
    user.save(update_fields=["previous_login", "last_login"])
    if request is not None and hasattr(request, "session"):
        required = user_has_device(user) or RoleSecurityPolicy.requires_2fa(user.role)
        request.session[OTP_REQUIRED_SESSION_KEY] = required


def connect():
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_login, dispatch_uid="zhongyang_record_login")
