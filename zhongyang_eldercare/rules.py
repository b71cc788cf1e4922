"""The shape every policy number takes: the clause it comes from and the period it holds for.

The plan's standards, targets, minimums and amounts change with the next plan
(2023-2025); they are rows, never literals in code (DOMAIN.md, "Rules are data").
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RuleQuerySet(models.QuerySet):
    def in_force(self, on):
        """Rules whose period covers the given day."""
        return self.filter(Q(valid_from__lte=on) | Q(valid_from__isnull=True)).filter(
            Q(valid_to__gte=on) | Q(valid_to__isnull=True)
        )


class PolicyRule(models.Model):
    document = models.ForeignKey(
        "facilities.PolicyDocument",
        verbose_name=_("policy document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    clause = models.CharField(_("clause"), max_length=64, help_text=_("Where in the document the rule comes from, e.g. §2.2."))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_period_in_order",
            ),
        ]

    @property
    def source(self):
        return f"{self.document.code} {self.clause}"

    def in_force_on(self, day):
        """The rule's period covers ``day`` (``RuleQuerySet.in_force`` for rows already read)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
