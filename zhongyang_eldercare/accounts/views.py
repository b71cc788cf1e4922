from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongyang_eldercare.accounts.forms import TokenForm
from zhongyang_eldercare.accounts.middleware import OTP_REQUIRED_SESSION_KEY
from zhongyang_eldercare.accounts.navigation import items_for
from zhongyang_eldercare.accounts.totp import qr_svg, secret_for_display


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot log anyone out."""


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@never_cache
@login_required
def home(request):
    context = {"menu": items_for(request.user)[1:], "can_enrol_2fa": request.user.may_enrol_2fa}
    return render(request, "accounts/home.html", context)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@never_cache
@login_required
def otp_enrol(request):
    """Show a new secret as a QR code; the device counts once the user types a code it produced."""
    user = request.user
    if not user.may_enrol_2fa:
        raise PermissionDenied
    if user_has_device(user):
        messages.info(request, _("Two-factor login is already set up for your account."))
        return redirect(_next_url(request))
    # The secret has to exist before the QR code can show it; an unconfirmed device does not count for login.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[OTP_REQUIRED_SESSION_KEY] = True
            messages.success(request, _("Two-factor login is set up. From now on, every login asks for a code."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Check the time on your phone and try again."))
    context = {"form": form, "qr_svg": qr_svg(device), "secret": secret_for_display(device), "next": _next_url(request)}
    return render(request, "accounts/otp_enrol.html", context)


@never_cache
@login_required
def otp_verify(request):
    """The second step of the login: a code from the user's authenticator app."""
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["token"])), None)
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Check the time on your phone and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})
