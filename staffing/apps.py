from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self):
        from facilities.compliance import register_check
        from facilities.sections import register_section
        from staffing import checks, sections

        register_check(checks.check)  # a staffing gap is a shortfall of the facility (§2.5)
        register_section(sections.section)  # the facility page lists its posts
