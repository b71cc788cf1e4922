"""The visiting rules as data (§2.7): who is a priority target, how often each tier is visited, the bureau's settings."""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.rules import PolicyRule, winning_rule


class Criterion(models.TextChoices):
    OLD_AND_ALONE = "old_alone", _("Aged %(age)s or over and living alone")
    NO_CHILDREN_IN_COUNTY = "no_children_in_county", _("No children, or no children in the county")
    SPECIAL_FAMILY_LEFT_BEHIND = "special_family_left_behind", _("Left-behind elder of a special family-planning family")


class PriorityRule(PolicyRule):
    """One criterion that makes an archived elder a priority visiting target (§2.7)."""

    criterion = models.CharField(_("criterion"), max_length=32, choices=Criterion.choices)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("Only for the age criterion, e.g. 80.")
    )
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("priority visiting rule")
        verbose_name_plural = _("priority visiting rules")
        ordering = ["criterion", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "criterion"], name="unique_priority_rule_per_document"),
            models.CheckConstraint(
                condition=~Q(criterion="old_alone") | Q(min_age__isnull=False),
                name="priority_age_rule_has_age",
                violation_error_message=_("The age criterion needs a minimum age."),
            ),
        ]

    def __str__(self):
        return self.label()

    def label(self):
        return str(Criterion(self.criterion).label) % {"age": self.min_age}


class Tier(models.TextChoices):
    PRIORITY = "priority", _("Priority visiting targets")
    OTHER = "other", _("Other archived elders")


class Period(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")


class VisitFrequency(PolicyRule):
    """How often a tier of elders must be visited: ``visits`` per ``period``."""

    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    visits = models.PositiveSmallIntegerField(_("visits at least"), default=1)
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("visit frequency")
        verbose_name_plural = _("visit frequencies")
        ordering = ["tier", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "tier"], name="unique_visit_frequency_per_document"),
            models.CheckConstraint(condition=Q(visits__gte=1), name="visit_frequency_at_least_one"),
        ]

    def __str__(self):
        return f"{self.get_tier_display()}: ≥ {self.visits} / {self.get_period_display()}"

    def clean(self):
        if self.tier == Tier.PRIORITY and self.period != Period.WEEK:
            raise ValidationError({"period": _("Priority targets are visited by the week (§2.7): give their visits per week.")})


def priority_frequencies():
    """The priority tier's frequencies, every period; pass them to ``weekly_visits_required`` (one query)."""
    return list(VisitFrequency.objects.filter(tier=Tier.PRIORITY).order_by("valid_from"))


def weekly_visits_required(day, frequencies):
    """How many visits a priority elder needs in the ISO week of ``day`` (§2.7: at least one); 1 when no rule is in force."""
    rule = winning_rule(frequencies, day)
    return rule.visits if rule else 1


def weekly_visits_required_in_db(day):
    """``weekly_visits_required`` as an expression the database computes (no query of its own): the visits of
    the winning priority frequency in force on ``day`` (the kernel's overlap rule, winner first), 1 without one."""
    winner = VisitFrequency.objects.filter(tier=Tier.PRIORITY).in_force(day).in_order_of_precedence().reverse()
    return Coalesce(Subquery(winner.values("visits")[:1]), Value(1))


class SettingCode(models.TextChoices):
    LATE_ENTRY_DAYS = "late_entry_days", _("Days after the visit before an entry counts as late")
    FOLLOW_UP_DAYS = "follow_up_days", _("Days to resolve a follow-up opened by a visit")


class VisitSetting(PolicyRule):
    """A number the bureau sets for the visit log, such as when an entry counts as late."""

    code = models.CharField(_("setting"), max_length=32, choices=SettingCode.choices)
    value = models.PositiveIntegerField(_("value"))
    quote = models.TextField(_("note"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("visit setting")
        verbose_name_plural = _("visit settings")
        ordering = ["code", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code"], name="unique_visit_setting_per_document"),
        ]

    def __str__(self):
        return f"{self.get_code_display()}: {self.value}"

    @classmethod
    def value_on(cls, code, day):
        rule = cls.objects.filter(code=code).in_force_latest(day)
        return rule.value if rule else None


auditlog.register(PriorityRule)
auditlog.register(VisitFrequency)
auditlog.register(VisitSetting)
