from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zhongyang_eldercare.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self):
        from zhongyang_eldercare.reports.dashboard import SECTIONS
        from zhongyang_eldercare.reports.visit_tiers import visit_tiers_section

        SECTIONS["visit_tiers"] = visit_tiers_section  # the 2022 visiting tiers (issue 15)
        from zhongyang_eldercare.reports import city_columns

        city_columns.register()  # the city view's staffing column (issue 15)
