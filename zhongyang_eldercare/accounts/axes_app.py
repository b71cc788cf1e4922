"""django-axes's app config under a Chinese heading (kept apart from apps.py, where Django
expects the accounts app's own config to be the only one)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese heading in the admin; its own names are translated in our catalogue
    (it ships none for Chinese; see third_party_messages.py)."""

    verbose_name = _("Login lockout")
