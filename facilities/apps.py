from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Places, plan and facilities")

    def ready(self):
        from facilities import standards
        from facilities.compliance import register_check

        register_check(standards.check)  # the plan's standard for each type; other apps add theirs from their ready()
