"""Evaluations of a facility (§3(四)): annual and stage evaluations by the bureau, self-checks by the township."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from subsidies.models.rules import EvaluationIndicator, Grade
from zhongyang_eldercare.accounts.scoping import ScopedManager, ScopedQuerySet
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate


class EvaluationKind(models.TextChoices):
    ANNUAL = "annual", _("Annual evaluation")
    STAGE = "stage", _("Stage evaluation")
    SELF_CHECK = "self_check", _("Township self-check")


# The evaluations the bureau records; only these decide grades and awards (a self-check never does).
COUNTING_KINDS = (EvaluationKind.ANNUAL, EvaluationKind.STAGE)


class EvaluationQuerySet(ScopedQuerySet):
    def counting(self):
        """Evaluations that count for money: the bureau's annual and stage evaluations."""
        return self.filter(kind__in=COUNTING_KINDS)

    def in_year(self, year):
        return self.filter(evaluated_on__year=year)


class Evaluation(models.Model):
    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("facility"), on_delete=models.PROTECT, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvaluationKind.choices)
    evaluated_on = models.DateField(_("date of evaluation"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    evaluators = models.CharField(_("evaluators"), max_length=200)
    total = models.DecimalField(
        _("total score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    township_lookup = "facility__township"
    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]
        indexes = [models.Index(fields=["facility", "evaluated_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100),
                name="evaluation_total_in_range",
                violation_error_message=_("The total score lies between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.facility} {self.get_kind_display()} {self.evaluated_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("subsidies:evaluation", args=[self.pk])

    @property
    def counts_for_money(self):
        return self.kind in COUNTING_KINDS


class IndicatorScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(
        EvaluationIndicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])

    township_lookup = "evaluation__facility__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["evaluation", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="one_score_per_indicator"),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="indicator_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name}：{self.score}"


class RectificationItem(models.Model):
    """Something the evaluation found that must be put right by a deadline."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="rectifications"
    )
    description = models.CharField(_("rectification item"), max_length=200)
    deadline = models.DateField(_("deadline"), validators=[PlausibleDate(DateMeaning.DUE)])
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.HAPPENED)])

    township_lookup = "evaluation__facility__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["evaluation", "deadline", "pk"]

    def __str__(self):
        return f"{self.description}（{self.deadline:%Y-%m-%d}）"


auditlog.register(Evaluation)
auditlog.register(IndicatorScore)
auditlog.register(RectificationItem)
