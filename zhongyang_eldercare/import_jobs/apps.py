from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportJobsConfig(AppConfig):
    name = "zhongyang_eldercare.import_jobs"
    label = "import_jobs"
    verbose_name = _("Spreadsheet imports")
