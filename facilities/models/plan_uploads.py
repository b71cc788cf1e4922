"""A plan's task table uploaded by the bureau: checked before it is accepted, and the acceptance recorded."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.models.places import County
from facilities.models.plan import PolicyDocument
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate


class PlanUploadStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, not accepted")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class PlanUpload(models.Model):
    """One upload of a task table (Attachment 3 layout) for a new plan of a county.

    ``table`` holds the rows as read; ``findings`` what the reading and the plan checks found (row, column,
    expected, found). A refused upload (a cell that is not a number, a row naming no township of the county)
    can never be accepted; one with findings only with the bureau's confirmation, which is recorded.
    """

    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="plan_uploads")
    code = models.CharField(_("document number"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"), validators=[PlausibleDate(DateMeaning.PLANNED)])
    period_end = models.DateField(_("period end"), validators=[PlausibleDate(DateMeaning.PLANNED)])
    file_name = models.CharField(_("file name"), max_length=200)
    table = models.JSONField(_("task table as read"), default=list, blank=True)  # none when refused at its headers
    findings = models.JSONField(_("findings"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=PlanUploadStatus.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_with_findings = models.BooleanField(
        _("accepted with findings"), default=False, help_text=_("The bureau confirmed accepting the table despite its findings.")
    )
    document = models.OneToOneField(
        PolicyDocument, verbose_name=_("plan"), on_delete=models.SET_NULL, null=True, blank=True, related_name="upload"
    )

    county_lookup = "county"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task table upload")
        verbose_name_plural = _("task table uploads")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_upload_period_in_order"),
            models.CheckConstraint(
                condition=Q(status=PlanUploadStatus.ACCEPTED, accepted_by__isnull=False, accepted_at__isnull=False)
                | (~Q(status=PlanUploadStatus.ACCEPTED) & Q(accepted_at__isnull=True)),
                name="plan_upload_accepted_has_who_and_when",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.code}）· {self.file_name}"

    @property
    def failed_findings(self):
        return [finding for finding in self.findings if not finding.get("passed")]

    @property
    def is_refused(self):
        return self.status == PlanUploadStatus.REFUSED

    @property
    def needs_confirmation(self):
        return bool(self.failed_findings)


auditlog.register(PlanUpload, exclude_fields=["table"])
