"""Awards (§3(三)): what a facility is due for a year, with its reasons, approved by a second bureau user, then paid."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from subsidies.models.rules import FundingSource, SubsidyKind
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate

ZERO = models.Value(0, output_field=models.DecimalField(max_digits=14, decimal_places=2))


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class AwardQuerySet(ScopedQuerySet):
    def with_disbursed(self):
        """Annotate ``disbursed``: the sum paid out so far (0 when nothing was paid), in the same query."""
        paid = Disbursement.objects.filter(award=models.OuterRef("pk")).order_by().values("award")
        paid = paid.annotate(total=Sum("amount")).values("total")[:1]
        return self.annotate(disbursed=Coalesce(models.Subquery(paid), ZERO))

    def totals(self):
        """{proposed, approved, disbursed, count}: exact sums to the fen, in one query."""
        totals = self.order_by().aggregate(
            proposed=Coalesce(Sum("amount", filter=Q(status=AwardStatus.PROPOSED)), ZERO),
            approved=Coalesce(Sum("amount", filter=Q(status=AwardStatus.APPROVED)), ZERO),
            count=models.Count("pk"),
        )
        paid = Disbursement.objects.filter(award__in=self.order_by().values("pk")).aggregate(total=Coalesce(Sum("amount"), ZERO))
        return {**totals, "disbursed": paid["total"]}

    def totals_by_township(self):
        """{township id: {proposed, approved}} in one query (disbursed: ``Disbursement.objects.by_township``)."""
        rows = (
            self.order_by()
            .values("facility__township")
            .annotate(
                proposed=Coalesce(Sum("amount", filter=Q(status=AwardStatus.PROPOSED)), ZERO),
                approved=Coalesce(Sum("amount", filter=Q(status=AwardStatus.APPROVED)), ZERO),
            )
        )
        return {row["facility__township"]: row for row in rows}


class Award(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("facility"), on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SubsidyKind.choices)
    payer = models.ForeignKey(FundingSource, verbose_name=_("paid by"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.PROPOSED)
    reasons = models.JSONField(
        _("reasons"), default=list, blank=True, help_text=_("Line by line: rule, clause, facts, arithmetic.")
    )
    facts = models.JSONField(_("facts"), default=dict, blank=True, help_text=_("The facts the amount was computed from."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    township_lookup = "facility__township"
    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "facility__township__position", "facility__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "facility", "kind"],
                name="one_award_per_facility_year_and_kind",
                violation_error_message=_("This facility already has an award of this kind for this year."),
            ),
            models.UniqueConstraint(
                fields=["facility"],
                condition=Q(kind=SubsidyKind.CONSTRUCTION),
                name="one_construction_award_per_facility",
                violation_error_message=_("This facility already has its one-off construction award."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="award_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="award_approved_by_another_user",
                violation_error_message=_("The user who proposed an award cannot approve it."),
            ),
            models.CheckConstraint(
                condition=Q(status=AwardStatus.PROPOSED, approved_by__isnull=True)
                | Q(status=AwardStatus.APPROVED, approved_by__isnull=False, approved_at__isnull=False),
                name="award_approval_complete",
                violation_error_message=_("An approved award names who approved it and when."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.facility} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("subsidies:award", args=[self.pk])

    @property
    def is_approved(self):
        return self.status == AwardStatus.APPROVED


class DisbursementQuerySet(ScopedQuerySet):
    def by_township(self):
        """{township id: sum paid} in one query."""
        rows = self.order_by().values("award__facility__township").annotate(total=Sum("amount"))
        return {row["award__facility__township"]: row["total"] for row in rows}


class Disbursement(models.Model):
    """A payment of an approved award: date, amount, voucher number (the finance bureau's record)."""

    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="disbursements")
    paid_on = models.DateField(_("date paid"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    voucher = models.CharField(_("voucher number"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    township_lookup = "award__facility__township"
    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["award", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="disbursement_amount_positive",
                violation_error_message=_("The amount must be greater than 0."),
            ),
        ]

    def __str__(self):
        return f"{self.award} {self.voucher}"


auditlog.register(Award)
auditlog.register(Disbursement)
