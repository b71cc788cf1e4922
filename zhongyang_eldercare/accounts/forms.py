from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.models import User


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


class AccountCreationForm(UserCreationForm):
    """The administrator creates an account with a first password; its owner must replace it at first login."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "role", "township"]

    def save(self, commit=True):
        self.instance.must_change_password = True
        return super().save(commit=commit)


class AccountPasswordResetForm(AdminPasswordChangeForm):
    """A password the administrator sets is known to two people: its owner must replace it at next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)
