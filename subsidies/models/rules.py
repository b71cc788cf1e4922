"""The money rules as data (§2.8, §3(三), §3(四)): evaluation indicators and grades, subsidy rules, grade factors.

Every row is a ``PolicyRule`` (document, clause, period); where several rows for one key are in
force on a day, the kernel's one overlap rule picks the winner. A row for next year (a later
``valid_from``) therefore changes nothing before its first day.
"""

from decimal import Decimal

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from facilities.models import FacilityKind
from zhongyang_eldercare.kernel.rules import PolicyRule, RuleQuerySet


class Grade(models.TextChoices):
    """Evaluation grades, best first (DOMAIN.md: 优秀 / 良好 / 合格 / 不合格)."""

    EXCELLENT = "excellent", pgettext_lazy("grade", "Excellent")
    GOOD = "good", pgettext_lazy("grade", "Good")
    PASS = "pass", pgettext_lazy("grade", "Pass")
    FAIL = "fail", pgettext_lazy("grade", "Fail")


# Rank of each grade: higher is better ("latest grade at least X" compares ranks).
GRADE_RANK = {Grade.FAIL: 0, Grade.PASS: 1, Grade.GOOD: 2, Grade.EXCELLENT: 3}


def grade_at_least(grade, minimum):
    return GRADE_RANK[Grade(grade)] >= GRADE_RANK[Grade(minimum)]


class EvaluationIndicator(PolicyRule):
    """One line of the evaluation checklist with its maximum score (its weight out of 100)."""

    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("indicator"), max_length=64)
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(100)],
        help_text=_("The indicator's weight: the points it gives out of 100."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    guidance = models.CharField(_("what is checked"), max_length=200, blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")
        ordering = ["position", "code", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code"], name="unique_indicator_per_document"),
            models.CheckConstraint(
                condition=Q(max_score__gt=0) & Q(max_score__lte=100),
                name="indicator_max_score_in_range",
                violation_error_message=_("The maximum score lies between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.max_score.normalize():f}）"


def indicators_on(on):
    """The checklist in force on ``on``: the winning row for each code, in position order."""
    winners = EvaluationIndicator.objects.select_related("document").in_force_by(on, "code")
    return sorted(winners.values(), key=lambda indicator: (indicator.position, indicator.code))


class GradeThreshold(PolicyRule):
    """The lowest total score that earns a grade."""

    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    min_score = models.DecimalField(
        _("minimum total score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta(PolicyRule.Meta):
        verbose_name = _("grade threshold")
        verbose_name_plural = _("grade thresholds")
        ordering = ["-min_score", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "grade"], name="unique_grade_threshold_per_document"),
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=100),
                name="grade_threshold_in_range",
                violation_error_message=_("A total score lies between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_grade_display()} ≥ {self.min_score.normalize():f}"


def grade_for(total, on):
    """(grade, threshold row) for a total score on ``on``: the best grade whose minimum the total reaches."""
    thresholds = GradeThreshold.objects.select_related("document").in_force_by(on, "grade").values()
    reached = [row for row in thresholds if total >= row.min_score]
    if not reached:
        return None, None
    best = max(reached, key=lambda row: (row.min_score, GRADE_RANK[Grade(row.grade)]))
    return best.grade, best


class SubsidyKind(models.TextChoices):
    OPERATING = "operating", _("County operating subsidy (annual)")
    CONSTRUCTION = "construction", _("City construction award (one-off)")
    PER_PERSON = "per_person", _("Operating subsidy per person served (pilot)")


class MealCondition(models.TextChoices):
    ANY = "any", _("With or without meals")
    WITH_MEALS = "with_meals", _("Serving meals")
    WITHOUT_MEALS = "without_meals", _("Not serving meals")


class FundingGroup(models.TextChoices):
    """The five sources of §2.8: 政府投一点、集体补一点、社会捐一点、个人出一点、子女交一点."""

    GOVERNMENT = "government", _("Government")
    COLLECTIVE = "collective", _("Village collective")
    SOCIAL = "social", _("Social donations")
    ELDER = "elder", _("The elder")
    CHILDREN = "children", _("The children")


class FundingSource(PolicyRule):
    """One source money comes from (county finance, city finance, 福彩公益金, photovoltaic income …), in its group."""

    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("source"), max_length=32)
    group = models.CharField(_("group"), max_length=16, choices=FundingGroup.choices)
    needs_donor = models.BooleanField(_("the donor is named"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["position", "code"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code"], name="unique_funding_source_per_document"),
        ]

    def __str__(self):
        return self.name


class SubsidyRuleQuerySet(RuleQuerySet):
    def by_key(self, on):
        """{(kind, facility type, meal condition): the winning rule in force on ``on``} (the overlap rule)."""
        return (
            self.select_related("document", "payer")
            .prefetch_related("townships")
            .in_force_by(on, "kind", "facility_kind", "meals")
        )


class SubsidyRule(PolicyRule):
    """How much a facility of one type is paid, when, and on which conditions (§3(三), §2.8).

    Operating rules are annual amounts, pro-rated by the days they apply (docs/subsidies.md);
    construction rules are one-off amounts; per-person rules (the pilot of §2.8) pay ``amount``
    per elderly person the facility serves a year, in the pilot townships only, and never less
    than the flat operating rule (the plan's amounts are minimums: 不低于).
    """

    kind = models.CharField(_("kind"), max_length=16, choices=SubsidyKind.choices)
    facility_kind = models.CharField(_("facility type"), max_length=32, choices=FacilityKind.choices)
    meals = models.CharField(_("meal condition"), max_length=16, choices=MealCondition.choices, default=MealCondition.ANY)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("A year's amount, a one-off award, or the amount per person served a year."),
    )
    payer = models.ForeignKey(
        FundingSource,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The ledger source the award is entered under once paid."),
    )
    requires_standard = models.BooleanField(
        _("meets the building standard on the evaluation day"),
        default=False,
        help_text=_("No shortfall from any check on the day of the evaluation that counts."),
    )
    requires_operation = models.BooleanField(
        _("in operation"), default=True, help_text=_("Only days with the status 'operating' count (otherwise built days too).")
    )
    min_grade = models.CharField(
        _("latest grade at least"),
        max_length=16,
        choices=Grade.choices,
        blank=True,
        help_text=_("Empty: no grade required."),
    )
    townships = models.ManyToManyField(
        "facilities.Township",
        verbose_name=_("pilot townships"),
        blank=True,
        related_name="+",
        help_text=_("Per-person pilot only: the townships in the pilot."),
    )
    quote = models.TextField(_("quoted text"), blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SubsidyRuleQuerySet.as_manager()

    class Meta(PolicyRule.Meta):
        verbose_name = _("subsidy rule")
        verbose_name_plural = _("subsidy rules")
        ordering = ["kind", "facility_kind", "meals", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(
                fields=["document", "kind", "facility_kind", "meals", "valid_from"], name="unique_subsidy_rule_per_document"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="subsidy_rule_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.label()}（{self.clause}）"

    def label(self):
        """Kind, facility type and meal condition, e.g. 县级运营补贴（每年）：农村老年人日间照料中心，提供用餐."""
        meals = "" if self.meals == MealCondition.ANY else f"，{self.get_meals_display()}"
        return f"{self.get_kind_display()}：{self.get_facility_kind_display()}{meals}"

    def clean(self):
        errors = {}
        document = self.document if self.document_id else None
        for name in ("valid_from", "valid_to"):
            day = getattr(self, name)
            if day and document and not _within_document(day, document):
                errors[name] = _("The date lies outside the document's period (%(start)s – %(end)s).") % {
                    "start": document.period_start or "…",
                    "end": document.period_end or "…",
                }
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date is before the start date.")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("An amount cannot be negative.")
        if errors:
            raise ValidationError(errors)


def _within_document(day, document):
    """A rule's dates lie in its document's period (a rule without ``valid_to`` holds until a newer row wins)."""
    return (document.period_start is None or day >= document.period_start) and (
        document.period_end is None or day <= document.period_end
    )


class GradeFactor(PolicyRule):
    """How an evaluation grade scales a subsidy (§3(三): 补助标准与评估结果相衔接), e.g. 优秀 × 1.2, 不合格 × 0."""

    subsidy_kind = models.CharField(_("subsidy kind"), max_length=16, choices=SubsidyKind.choices)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    factor = models.DecimalField(
        _("factor"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("grade factor")
        verbose_name_plural = _("grade factors")
        ordering = ["subsidy_kind", "grade", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "subsidy_kind", "grade", "valid_from"], name="unique_grade_factor"),
            models.CheckConstraint(
                condition=Q(factor__gte=0),
                name="grade_factor_not_negative",
                violation_error_message=_("A factor cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.get_subsidy_kind_display()}：{self.get_grade_display()} × {self.factor.normalize():f}"


auditlog.register(FundingSource)
auditlog.register(EvaluationIndicator)
auditlog.register(GradeThreshold)
auditlog.register(SubsidyRule, m2m_fields={"townships"})
auditlog.register(GradeFactor)
