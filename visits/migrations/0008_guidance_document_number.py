"""The ten departments' 2022 visiting guidance: the document number entered earlier from memory (民发〔2022〕37号) could
not be checked against the published text; the document is recorded by issuer and month of issue, and its monthly tier
holds from its issue (October 2022). ``load_policy`` then updates the rows in place instead of adding a second document."""

import datetime

from django.db import migrations

OLD, NEW = "民发〔2022〕37号", "民政部等十部门〔2022年10月〕"
ISSUED = datetime.date(2022, 10, 1)


def rename(apps, schema_editor):
    PolicyDocument = apps.get_model("facilities", "PolicyDocument")
    VisitTier = apps.get_model("visits", "VisitTier")
    if PolicyDocument.objects.filter(code=NEW).exists():
        return
    document = PolicyDocument.objects.filter(code=OLD).first()
    if document is None:
        return
    document.code = NEW
    document.period_start = max(document.period_start, ISSUED)
    document.save(update_fields=["code", "period_start"])
    VisitTier.objects.filter(document=document, valid_from__lt=ISSUED).update(valid_from=ISSUED)


def restore(apps, schema_editor):
    PolicyDocument = apps.get_model("facilities", "PolicyDocument")
    PolicyDocument.objects.filter(code=NEW).update(code=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0007_plausible_entered_dates"),
        ("facilities", "0009_sec_plausible_dates_versions"),
    ]

    operations = [migrations.RunPython(rename, restore)]
