from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zhongyang_eldercare.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from zhongyang_eldercare.accounts import signals

        signals.connect()
