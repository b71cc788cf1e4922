from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.models import Role, User


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits shown in the app."))
        return token


class ManagedAccountMixin:
    """An administrator of one county keeps the accounts of that county: no account of another county, of the
    city, or of the whole installation (``manager`` is set by the admin, accounts.admin.UserAdmin.get_form)."""

    manager = None

    def clean(self):
        cleaned = super().clean()
        manager = self.manager
        if manager is None or manager.county_id is None or self.errors:
            return cleaned
        role, county, township = cleaned.get("role"), cleaned.get("county"), cleaned.get("township")
        if role == Role.CITY or (role == Role.ADMIN and county is None):
            raise forms.ValidationError(_("An administrator of one county makes accounts of that county only."))
        if county is not None and county.pk != manager.county_id:
            self.add_error("county", _("An administrator of one county makes accounts of that county only."))
        if township is not None and township.county_id != manager.county_id:
            self.add_error("township", _("An administrator of one county makes accounts of that county only."))
        return cleaned


class AccountCreationForm(ManagedAccountMixin, UserCreationForm):
    """The administrator creates an account with a first password; its owner must replace it at first login."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "role", "county", "township", "city"]

    def save(self, commit=True):
        self.instance.must_change_password = True
        return super().save(commit=commit)


class AccountChangeForm(ManagedAccountMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class AccountPasswordResetForm(AdminPasswordChangeForm):
    """A password the administrator sets is known to two people: its owner must replace it at next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)
