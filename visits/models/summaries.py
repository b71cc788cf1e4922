"""Summary data for weekly compliance (issue 14): per township and ISO week, the priority targets and how
many of them were visited, as ``visits.compliance`` computes them. See ``visits/summaries.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WeekCompliance(models.Model):
    """One township's compliance figures for one ISO week, as last computed.

    Internal, derived data: no page lists it (``weekly_compliance`` reads it for townships its caller
    scoped), so it has no ``for_user``. A row holds for the day it was assessed on
    (``assessed_on``: the week's Sunday, or the day it was
    computed while the week ran) under the rules it was computed with (``rules``, a fingerprint of the
    priority rules and visit frequencies) and for the township's figures version it was computed at
    (``version``): every write that changes a township's figures moves its ``FiguresVersion`` on in
    its own transaction, so older rows no longer hold. Approved weeks are kept as approved (``is_final``). Derived data:
    not in the audit log, rebuilt by ``manage.py rebuild_visit_summaries``.
    """

    township = models.ForeignKey("facilities.Township", verbose_name=_("township"), on_delete=models.CASCADE, related_name="+")
    monday = models.DateField(_("week (Monday)"), editable=False)  # computed, never entered
    assessed_on = models.DateField(_("assessed on"), editable=False)
    rules = models.CharField(_("rules fingerprint"), max_length=64)
    targets = models.PositiveIntegerField(_("priority targets"))
    visited = models.PositiveIntegerField(_("visited"))
    is_final = models.BooleanField(_("approved (final)"), default=False)

    version = models.PositiveBigIntegerField(_("township's figures version"), default=0)

    class Meta:
        verbose_name = _("weekly compliance summary")
        verbose_name_plural = _("weekly compliance summaries")
        ordering = ["township", "monday"]
        constraints = [models.UniqueConstraint(fields=["township", "monday"], name="unique_week_compliance")]

    def __str__(self):
        return f"{self.township_id} {self.monday}: {self.visited}/{self.targets}"

    def holds(self, *, rules, assessed_on, version):
        """The stored figures may be served: approved (final), or computed under these rules, for this assessed day
        and at the township's current figures version."""
        return self.is_final or (self.rules == rules and self.assessed_on == assessed_on and self.version == version)


class FiguresVersion(models.Model):
    """A township's figures version: moved on, in the same transaction, by every write that changes its
    compliance figures (a visit, an elder, a status change, an import)."""

    township = models.OneToOneField(
        "facilities.Township", verbose_name=_("township"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")

    def __str__(self):
        return f"{self.township_id}: {self.version}"


class WeekActivity(models.Model):
    """One township's visit counts for one ISO week (the weekly summary's visit columns), as last computed.

    Internal, derived data like ``WeekCompliance``: a row holds while the township's figures version is the one it
    was computed at (``version``; every write of a visit or an elder moves it on in its own transaction), so a read
    never serves a count a committed write has changed. Not in the audit log; ``manage.py rebuild_visit_summaries``
    recomputes the rows and reports any difference from the full computation.
    """

    township = models.ForeignKey("facilities.Township", verbose_name=_("township"), on_delete=models.CASCADE, related_name="+")
    monday = models.DateField(_("week (Monday)"), editable=False)
    version = models.PositiveBigIntegerField(_("township's figures version"), default=0)
    visits = models.PositiveIntegerField(_("visits"), default=0)
    home_visits = models.PositiveIntegerField(_("home visits"), default=0)
    issues_found = models.PositiveIntegerField(_("visits that found issues"), default=0)
    urgent_visits = models.PositiveIntegerField(_("urgent visits"), default=0)
    late_entries = models.PositiveIntegerField(_("late entries"), default=0)

    COUNTS = ("visits", "home_visits", "issues_found", "urgent_visits", "late_entries")

    class Meta:
        verbose_name = _("weekly visit summary")
        verbose_name_plural = _("weekly visit summaries")
        ordering = ["township", "monday"]
        constraints = [models.UniqueConstraint(fields=["township", "monday"], name="unique_week_activity")]

    def __str__(self):
        return f"{self.township_id} {self.monday}: {self.visits}"

    @property
    def counts(self):
        return {name: getattr(self, name) for name in self.COUNTS}
