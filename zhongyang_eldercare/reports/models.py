from datetime import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.scoping import ScopedManager
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate, month_end
from zhongyang_eldercare.kernel.rules import PolicyRule
from zhongyang_eldercare.kernel.versions import VersionedModel


class ReportDeadline(PolicyRule):
    """When a township's monthly progress report is due (§3.4): a day of the following month."""

    day_of_next_month = models.PositiveSmallIntegerField(
        _("day of the following month"), validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("monthly report deadline")
        verbose_name_plural = _("monthly report deadlines")
        ordering = ["-valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "clause", "valid_from"], name="unique_report_deadline"),
        ]

    def __str__(self):
        return _("Day %(day)d of the following month (%(source)s)") % {"day": self.day_of_next_month, "source": self.source}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class MonthlyReport(VersionedModel):
    """A township's progress report for one month (§3.4).

    The figures are computed from the township's records at the month's end and
    stored when the township submits (again on each resubmission); once the
    bureau approves, nothing changes them.
    """

    township = models.ForeignKey(
        "facilities.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    month = models.DateField(
        _("month"), help_text=_("The first day of the month reported on."), validators=[PlausibleDate(DateMeaning.HAPPENED)]
    )
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField(_("figures at the month's end"), null=True, blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    due_on = models.DateField(_("due by"), validators=[PlausibleDate(DateMeaning.DUE)])
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Created by load_demo."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    township_lookup = "township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("monthly progress report")
        verbose_name_plural = _("monthly progress reports")
        ordering = ["-month", "township__position"]
        constraints = [
            models.UniqueConstraint(fields=["township", "month"], name="one_report_per_township_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_is_first_day"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="returned_report_has_reason",
                violation_error_message=_("A returned report needs a reason."),
            ),
        ]

    def __str__(self):
        return _("%(township)s progress report %(month)s") % {"township": self.township, "month": self.month.strftime("%Y-%m")}

    def get_absolute_url(self):
        return reverse("reports:monthly_detail", args=[self.pk])

    @property
    def month_end(self):
        return month_end(self.month)

    @property
    def is_late(self):
        """Submitted for the first time after the due date, or still not submitted once it has passed."""
        if self.first_submitted_at:
            return timezone.localdate(self.first_submitted_at) > self.due_on
        return timezone.localdate() > self.due_on

    @property
    def figures_stored_at(self):
        """When the figures were stored (kept in the JSON as an ISO string), as a datetime to format."""
        stamp = (self.figures or {}).get("computed_at")
        return datetime.fromisoformat(stamp) if stamp else None

    @property
    def is_editable(self):
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


auditlog.register(MonthlyReport)
auditlog.register(ReportDeadline)
