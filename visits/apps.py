from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Elder archive and visits")

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from facilities.models import Village
        from visits import summaries

        # a village moved to another township takes its elders along: both townships' figures change
        pre_save.connect(summaries.remember_township, sender=Village, dispatch_uid="visits.village_township_before")
        post_save.connect(summaries.village_saved, sender=Village, dispatch_uid="visits.village_moved")
