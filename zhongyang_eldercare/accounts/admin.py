from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongyang_eldercare.accounts.admin_scoping import ScopedRowsMixin
from zhongyang_eldercare.accounts.forms import AccountChangeForm, AccountCreationForm, AccountPasswordResetForm
from zhongyang_eldercare.accounts.models import AuthenticatorDevice, RoleSecurityPolicy, User


def admin_login(request, extra_context=None):
    """One login page for the whole portal, so lockout and two-factor cannot be side-stepped through /admin/.

    A logged-in user who is not staff (township staff, the leading group) gets 403
    rather than a redirect back to the login page, which would loop.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


admin.site.login = admin_login
# Permissions follow the role (backends.py); groups of permissions would be a second, hidden way.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ScopedRowsMixin, DjangoUserAdmin):
    """Accounts: the administrator's, per county. An administrator with a county sees and makes the accounts of
    that county only (``User.objects.managed_by``); one without a county manages the whole installation.
    Admin rights and permissions follow the role (User.save, backends.py)."""

    add_form = AccountCreationForm
    form = AccountChangeForm
    change_password_form = AccountPasswordResetForm
    list_display = [
        "username", "first_name", "role", "account_county", "township", "is_active", "must_change_password", "last_login",
    ]  # fmt: skip
    list_filter = ["role", "county", "township", "city", "is_active", "must_change_password"]
    list_select_related = ["township__county", "county", "city"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["last_login", "previous_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role"), {"fields": ["role", "county", "township", "city", "is_active", "must_change_password"]}),
        (_("Important dates"), {"fields": ["last_login", "previous_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "first_name", "role", "county", "township", "city", "password1", "password2"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"manager": request.user})

    @admin.display(description=_("county"), ordering="county__name")
    def account_county(self, user):
        return user.county or (user.township.county if user.township else "")


@admin.register(RoleSecurityPolicy)
class RoleSecurityPolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "require_2fa"]
    list_editable = ["require_2fa"]


# django-otp's TOTP devices under Chinese names. The administrator sees who has an authenticator
# app and resets a lost one by deleting its device; users enrol their own (accounts/views.py),
# so devices are neither added nor edited here, and the secret is never shown.
admin.site.unregister(TOTPDevice)


@admin.register(AuthenticatorDevice)
class AuthenticatorDeviceAdmin(admin.ModelAdmin):
    list_display = ["account", "device_name", "is_confirmed", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "name"]
    fields = readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Account"), ordering="user__username")
    def account(self, device):
        return device.user

    @admin.display(description=_("Device name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("Confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("Created"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("Last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at
