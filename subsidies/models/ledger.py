"""The funding ledger (§2.8): where each facility's or village's money came from, by source and year."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from subsidies.models.awards import Disbursement
from subsidies.models.rules import FundingSource
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.dates import NOT_IN_FUTURE_MESSAGE, DateMeaning, PlausibleDate, is_in_future


class LedgerQuerySet(ScopedQuerySet):
    def with_township(self):
        """Annotate ``township_id_of``: the facility's township, or the village's."""
        return self.annotate(township_id_of=Coalesce(F("facility__township"), F("village__township")))

    def summary(self, *by):
        """[{*by, source, total}]: exact sums by ``by`` (e.g. "year", "township_id_of", "facility") and source, one query."""
        rows = self.with_township().order_by().values(*by, "source").annotate(total=Sum("amount"))
        return list(rows)


class LedgerEntry(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    village = models.ForeignKey(
        "facilities.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        help_text=_("For money spent on the village's elderly care as a whole, not one facility."),
    )
    source = models.ForeignKey(FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="entries")
    received_on = models.DateField(_("date"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    donor = models.CharField(_("donor"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    disbursement = models.OneToOneField(
        Disbursement,
        verbose_name=_("award paid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="ledger_entry",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    township_lookup = ("facility__township", "village__township")
    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("funding ledger")
        ordering = ["-year", "-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(facility__isnull=False, village__isnull=True) | Q(facility__isnull=True, village__isnull=False),
                name="ledger_entry_for_facility_or_village",
                violation_error_message=_("An entry is for one facility or one village."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="ledger_amount_positive",
                violation_error_message=_("The amount must be greater than 0."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.facility or self.village} {self.source}"

    def clean(self):
        errors = {}
        if bool(self.facility_id) == bool(self.village_id):
            errors["facility"] = _("Choose one facility or one village.")
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be greater than 0.")
        if is_in_future(self.received_on):
            errors["received_on"] = NOT_IN_FUTURE_MESSAGE
        if self.source_id and self.source.needs_donor and not self.donor.strip():
            errors["donor"] = _("Name the donor of a social donation.")
        if errors:
            raise ValidationError(errors)

    @property
    def township(self):
        return (self.facility or self.village).township


auditlog.register(LedgerEntry)
