"""The plan: its document, the task table (Attachment 3) and the targets it sets."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.models.places import Township
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.rules import PolicyRule


class PolicyDocument(models.Model):
    county = models.ForeignKey(
        "facilities.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("The county whose plan this is; empty for a document that holds for every county."),
    )
    code = models.CharField(_("document number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"), validators=[PlausibleDate(DateMeaning.PLANNED)])
    period_end = models.DateField(_("period end"), validators=[PlausibleDate(DateMeaning.PLANNED)])

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="document_period_in_order"),
        ]

    def __str__(self):
        return f"{self.title}（{self.code}）"


class TaskKind(models.TextChoices):
    DAY_CARE = "day_care", _("Day care centers")
    HAPPINESS = "happiness", _("Happiness courtyards")
    RELOCATION_DAY_CARE = "relocation_day_care", _("Relocation-site day care centers")


class PlanTableRow(models.Model):
    """One row of Attachment 3, exactly as published, the totals row included."""

    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("policy document"), on_delete=models.CASCADE, related_name="plan_rows"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label as published"), max_length=32)
    township = models.ForeignKey(
        Township, verbose_name=_("township"), on_delete=models.PROTECT, null=True, blank=True, related_name="plan_rows"
    )
    is_total = models.BooleanField(_("published totals row"), default=False)
    villages_total = models.PositiveIntegerField(_("villages in total"))
    villages_built = models.PositiveIntegerField(_("villages already built"))
    villages_to_build = models.PositiveIntegerField(_("villages still to build"))

    class Meta:
        verbose_name = _("task table row")
        verbose_name_plural = _("task table rows")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="unique_plan_row_position"),
            models.UniqueConstraint(fields=["document", "label"], name="unique_plan_row_label"),
            models.CheckConstraint(
                condition=Q(is_total=True, township__isnull=True) | Q(is_total=False, township__isnull=False),
                name="plan_row_total_has_no_township",
            ),
        ]

    def __str__(self):
        return self.label

    def cell(self, year, kind):
        """The published count for a year and kind; 0 where the table has no such column."""
        for cell in self.cells.all():
            if cell.year == year and cell.kind == kind:
                return cell.count
        return 0

    def village_tasks_through(self, year):
        """Village facilities the row plans to build up to the end of ``year`` (relocation sites excluded)."""
        return sum(c.count for c in self.cells.all() if c.year <= year and c.kind != TaskKind.RELOCATION_DAY_CARE)

    def planned_covered(self, year):
        return self.villages_built + self.village_tasks_through(year)


class PlanTableCell(models.Model):
    row = models.ForeignKey(PlanTableRow, verbose_name=_("row"), on_delete=models.CASCADE, related_name="cells")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=32, choices=TaskKind.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("task table cell")
        verbose_name_plural = _("task table cells")
        ordering = ["row", "year", "kind"]
        constraints = [models.UniqueConstraint(fields=["row", "year", "kind"], name="unique_plan_cell")]

    def __str__(self):
        return f"{self.row} {self.year} {self.get_kind_display()}: {self.count}"


class TargetCode(models.TextChoices):
    VILLAGE_COVERAGE = "village_coverage", _("Share of villages with a facility (%)")
    RELOCATION_COVERAGE = "relocation_coverage", _("Share of relocation sites with a day care center (%)")
    BEDS_PER_THOUSAND = "beds_per_thousand", _("Elderly-care beds per 1,000 elderly")
    RELOCATION_SITES = "relocation_sites", _("Relocation sites named in the plan")


class Target(PolicyRule):
    """A number the plan sets: a coverage share by a date, a bed ratio, a stated count."""

    code = models.CharField(_("target"), max_length=32, choices=TargetCode.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    due_on = models.DateField(_("due by"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.PLANNED)])
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["code", "due_on"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code", "due_on"], name="unique_target_per_due_date"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self):
        due = f" ({self.due_on:%Y-%m-%d})" if self.due_on else ""
        return f"{self.get_code_display()} ≥ {Decimal(self.value).normalize():f}{due}"  # also before it is read back


# policy data is audited like every record: who changed the plan, when, before and after
auditlog.register(PolicyDocument)
auditlog.register(PlanTableRow)
auditlog.register(PlanTableCell)
auditlog.register(Target)
