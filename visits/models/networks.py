"""The three networks (三网络, §2.6): visitors, mutual-help pairs, and placements in centralized care.

Each link holds for a period (``PeriodRecord``: ``since`` … ``until``); ``objects.current(on)`` gives the
links that hold on a day, and an ended link stays as the elder's history.
"""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from visits.models.archive import Elder, ElderStatus, SelfCare
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.periods import PeriodQuerySet as DatedPeriodQuerySet
from zhongyang_eldercare.kernel.periods import PeriodRecord


class VisitorKind(models.TextChoices):
    CADRE = "cadre", _("Village cadre")
    GRID = "grid", _("Grid worker")
    VOLUNTEER = "volunteer", _("Volunteer")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    NEIGHBOUR = "neighbour", _("Neighbour")


class PeriodQuerySet(ScopedQuerySet, DatedPeriodQuerySet):
    pass


class VisitorAssignment(PeriodRecord):
    """The contact and visiting network: who looks in on an elder (§2.6)."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="visitors")
    kind = models.CharField(_("visitor kind"), max_length=16, choices=VisitorKind.choices)
    name = models.CharField(_("visitor"), max_length=32)
    phone = models.CharField(_("phone"), max_length=32)

    township_lookup = "elder__village__township"
    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("visitor assignment")
        verbose_name_plural = _("visitor assignments")
        ordering = ["elder", "-since"]
        indexes = [models.Index(fields=["elder", "since"])]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class MutualHelpPair(PeriodRecord):
    """The home-based self-help and mutual-help network: two elders who look after each other."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="help_pairs")
    partner = models.ForeignKey(Elder, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="help_pairs_as_partner")

    township_lookup = "elder__village__township"
    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("mutual-help pair")
        verbose_name_plural = _("mutual-help pairs")
        ordering = ["elder", "-since"]
        constraints = [
            models.CheckConstraint(condition=~Q(elder=F("partner")), name="help_pair_two_different_elders"),
        ]

    def __str__(self):
        return f"{self.elder} ↔ {self.partner}"

    def clean(self):
        super().clean()
        if self.elder_id and self.partner_id:
            if self.elder_id == self.partner_id:
                raise ValidationError({"partner": _("Choose another elder.")})
            if self.partner.village.township_id != self.elder.village.township_id:
                raise ValidationError({"partner": _("The partner must live in the same township.")})
            self._check_partner_still_here()

    def _check_partner_still_here(self):
        """A partner who moved away or died looks after nobody from then on: the pair ends by that day."""
        left_on = self.partner.status_since if self.partner.status != ElderStatus.ACTIVE else None
        if left_on is not None and (self.until is None or self.until > left_on):
            message = _("%(name)s is no longer in the archive since %(day)s; a pair with them must end by then.")
            raise ValidationError({"partner": message % {"name": self.partner.name, "day": left_on.isoformat()}})


class Placement(PeriodRecord):
    """The centralized-care network: an elder who cannot look after themselves, placed in a facility."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="placements")
    facility = models.ForeignKey("facilities.Facility", verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+")

    township_lookup = "elder__village__township"
    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement in a facility")
        verbose_name_plural = _("placements in facilities")
        ordering = ["elder", "-since"]

    def __str__(self):
        return f"{self.elder} → {self.facility}"

    def clean(self):
        super().clean()
        if self.elder_id and self.facility_id:
            if self.facility.township_id != self.elder.village.township_id:
                raise ValidationError({"facility": _("Choose a facility in the elder's own township.")})
            if self.elder.self_care == SelfCare.INDEPENDENT:
                raise ValidationError(_("Centralized care is for elders who cannot look after themselves (§2.6)."))


auditlog.register(VisitorAssignment)
auditlog.register(MutualHelpPair)
auditlog.register(Placement)
