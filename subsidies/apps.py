from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        from facilities.sections import register_section
        from subsidies.sections import SECTION

        register_section(SECTION)  # the money block on the facility page
