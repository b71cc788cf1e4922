from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Places, plan and facilities")

    def ready(self):
        from facilities import standards
        from facilities.compliance import register_check

        register_check(standards.check)  # the plan's standard for each type; other apps add theirs from their ready()
        from facilities.models import County, Township
        from zhongyang_eldercare.accounts.validators import register_place_names

        def county_place_names():
            """The county and its townships, in pinyin and in Chinese with and without 县/镇/乡: a password's
            guessable part."""
            names = [*County.objects.values_list("code", "name"), *Township.objects.values_list("pinyin", "name")]
            flat = [name for pair in names for name in pair]
            return flat + [name.rstrip("县镇乡") for name in flat if not name.isascii() and len(name) > 2]

        register_place_names(county_place_names)
