"""The shape every policy number takes: the clause it comes from and the period it holds for.

The plan's standards, targets, minimums and amounts change with the next plan
(2023-2025); they are rows, never literals in code (DOMAIN.md, "Rules are data").
"""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate

# THE OVERLAP RULE, stated once: where several rules for one key (one facility type, one
# target, one tier ...) are in force on the same day, the one with the latest ``valid_from``
# wins; a rule without ``valid_from`` counts as the earliest, and of two rules starting on the
# same day the one entered later (higher pk) wins. A newer document thus replaces an older one
# from its first day without anyone editing the old rows. ``winning_rules`` applies it to rows
# already read, ``RuleQuerySet.in_force_by`` / ``in_force_latest`` in the database.


def precedence(rule):
    """Sort key of the overlap rule: later ``valid_from`` (no date = earliest), then later pk, wins."""
    return (rule.valid_from is not None, rule.valid_from or date.min, rule.pk or 0)


def winning_rules(rules, on, key):
    """{key(rule): the winning rule in force on ``on``} over rows already read."""
    winners = {}
    for rule in sorted((rule for rule in rules if rule.in_force_on(on)), key=precedence):
        winners[key(rule)] = rule
    return winners


def particular_or_general(particular, general):
    """Of the winning rule for a particular case (a facility serving meals) and the winning rule for every case, both
    in force on a day: the particular one, unless the general one started later. A newer document's rule for every
    case thus replaces an older document's particular rules from its first day, as the overlap rule above asks; within
    one document (the same start), the particular rule holds."""
    if particular is None or general is None:
        return particular or general
    return general if precedence(general)[:2] > precedence(particular)[:2] else particular


def winning_rule(rules, on):
    """The one winning rule among ``rules`` (all for the same key) on ``on``, or None."""
    return winning_rules(rules, on, key=lambda rule: None).get(None)


class RuleQuerySet(models.QuerySet):
    def in_force(self, on):
        """Rules whose period covers the given day (overlapping ones included: see ``in_force_by``)."""
        return self.filter(Q(valid_from__lte=on) | Q(valid_from__isnull=True)).filter(
            Q(valid_to__gte=on) | Q(valid_to__isnull=True)
        )

    def in_order_of_precedence(self):
        """Loser first, winner last (the overlap rule above)."""
        return self.order_by(F("valid_from").asc(nulls_first=True), "pk")

    def in_force_by(self, on, *fields):
        """{value of ``fields`` (one value, or a tuple for several): the winning rule in force on ``on``}."""
        winners = {}
        for rule in self.in_force(on).in_order_of_precedence():
            values = tuple(getattr(rule, name) for name in fields)
            winners[values[0] if len(values) == 1 else values] = rule
        return winners

    def in_force_latest(self, on):
        """The winning rule in force on ``on`` among these rows (filter them to one key first), or None."""
        return self.in_force(on).order_by(F("valid_from").desc(nulls_last=True), "-pk").first()


class PolicyRule(models.Model):
    document = models.ForeignKey(
        "facilities.PolicyDocument",
        verbose_name=_("policy document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    clause = models.CharField(_("clause"), max_length=64, help_text=_("Where in the document the rule comes from, e.g. §2.2."))
    valid_from = models.DateField(_("valid from"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.PLANNED)])
    valid_to = models.DateField(_("valid to"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.PLANNED)])

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
