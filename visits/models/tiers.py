"""The 2022 visiting tiers as data (issue 15, item 5).

The national guidance on visiting elders in special difficulty (特殊困难老年人探访关爱, ten departments,
2022) asks for visits to elders living alone, empty-nest, left-behind, disabled or very old and to
special family-planning families, a monthly visit rate, and 100 % by the end of 2025; provinces set
tiers (high-risk weekly, key elders monthly, others quarterly). The county plan's own rule (§2.7:
priority elders at least weekly) is the strictest tier. Each tier is a row with its document,
clause and period: which elders it takes (``group``), how many visits per which period, and for a
tier the guidance measures, the visit rate it sets and by when. An elder is in the first tier (by
``rank``) whose group takes them; ``visits.tiers`` counts every tier over its own period.
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.rules import PolicyRule


class TierGroup(models.TextChoices):
    PRIORITY = "priority", _("Priority visiting targets of the county plan (§2.7)")
    SPECIAL_DIFFICULTY = "special_difficulty", _("Elders in special difficulty (living alone, empty-nest, left-behind, "
                                                 "disabled, very old, special family-planning family)")  # fmt: skip
    ARCHIVED = "archived", _("Every archived elder")


class TierPeriod(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")


class VisitTier(PolicyRule):
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=64)
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("An elder is in the first tier (lowest rank) that takes them.")
    )
    group = models.CharField(_("elders"), max_length=32, choices=TierGroup.choices)
    period = models.CharField(_("period"), max_length=8, choices=TierPeriod.choices)
    visits = models.PositiveSmallIntegerField(_("visits at least"), default=1)
    in_visit_rate = models.BooleanField(
        _("counts in the monthly visit rate"),
        default=False,
        help_text=_("Elders of this tier are the ones the monthly visit rate of the 2022 guidance is counted over."),
    )
    target_rate = models.DecimalField(_("target visit rate (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    target_due = models.DateField(_("target due by"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.PLANNED)])
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("visiting tier")
        verbose_name_plural = _("visiting tiers")
        ordering = ["rank", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code"], name="unique_visit_tier_per_document"),
            models.CheckConstraint(condition=Q(visits__gte=1), name="visit_tier_at_least_one"),
            models.CheckConstraint(
                condition=Q(target_rate__isnull=True) | Q(target_rate__gte=0, target_rate__lte=100),
                name="visit_tier_target_is_a_share",
            ),
        ]

    def __str__(self):
        return f"{self.name}: ≥ {self.visits} / {self.get_period_display()}"


auditlog.register(VisitTier)
