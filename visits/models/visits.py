"""The weekly visits (巡视探访, §2.7), the follow-ups they open, and the weeks a township's report has approved."""

from functools import reduce
from operator import or_

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.scoping import ScopedManager
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.versions import VersionedModel
from zhongyang_eldercare.personal_data import register_personal


class Assessment(models.TextChoices):
    NORMAL = "normal", _("Normal")
    ATTENTION = "attention", _("Needs attention")
    URGENT = "urgent", _("Urgent")


class Risk(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    HOME = "home", _("Home visit")


ASSESSED = {
    "health": _("health"),
    "mental": _("mental state"),
    "safety": _("safety"),
    "hygiene": _("hygiene"),
    "environment": _("living environment"),
}


# The overall risk a visit's assessments call for: the worst one's level (§2.7: urgent means urgent).
# The visitor may raise the overall risk above it, never lower it.
RISK_OF_ASSESSMENT = {Assessment.NORMAL: Risk.LOW, Assessment.ATTENTION: Risk.MEDIUM, Assessment.URGENT: Risk.HIGH}


def risk_for(assessments):
    """The lowest overall risk allowed for ``assessments`` (values of the five assessments; unset ones ignored)."""
    return max((RISK_OF_ASSESSMENT[value] for value in assessments if value in RISK_OF_ASSESSMENT), default=Risk.LOW)


def assessment_field(label):
    return models.CharField(label, max_length=16, choices=Assessment.choices, default=Assessment.NORMAL)


def found_concerns_q():
    """A visit that assessed anything as not normal."""
    return reduce(or_, (~Q(**{name: Assessment.NORMAL}) for name in ASSESSED))


def found_urgent_q():
    return reduce(or_, (Q(**{name: Assessment.URGENT}) for name in ASSESSED))


class Visit(models.Model):
    """One call or home visit (§2.7): the five assessments, the reminders given and the overall risk."""

    elder = models.ForeignKey("Elder", verbose_name=_("elder"), on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(
        _("visit date"),
        validators=[PlausibleDate(DateMeaning.HAPPENED)],
        error_messages={"future": _("A visit cannot be dated in the future.")},
    )
    week_start = models.DateField(_("week (Monday)"), editable=False)
    visitor = models.CharField(_("visitor"), max_length=32)
    method = models.CharField(_("method"), max_length=8, choices=VisitMethod.choices, default=VisitMethod.HOME)
    health = assessment_field(_("health"))
    health_note = models.CharField(_("health note"), max_length=200, blank=True)
    mental = assessment_field(_("mental state"))
    mental_note = models.CharField(_("mental state note"), max_length=200, blank=True)
    safety = assessment_field(_("safety"))
    safety_note = models.CharField(_("safety note"), max_length=200, blank=True)
    hygiene = assessment_field(_("hygiene"))
    hygiene_note = models.CharField(_("hygiene note"), max_length=200, blank=True)
    environment = assessment_field(_("living environment"))
    environment_note = models.CharField(_("living environment note"), max_length=200, blank=True)
    reminders = models.TextField(_("reminders given"), blank=True)
    overall_risk = models.PositiveSmallIntegerField(_("overall risk"), choices=Risk.choices, default=Risk.LOW)
    is_late_entry = models.BooleanField(_("late entry"), default=False, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    # One key per visit form handed out: a form sent twice (a double tap, a resend on a weak
    # phone signal) saves one visit. Two real visits the same day each come from their own form.
    submission_key = models.UUIDField(_("form submission"), null=True, blank=True, unique=True, editable=False)

    township_lookup = "elder__village__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["elder", "week_start"], name="visit_elder_week"),
            models.Index(fields=["elder", "visited_on"], name="visit_elder_day"),
            models.Index(fields=["week_start"], name="visit_week"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(week_start__lte=F("visited_on")), name="visit_week_start_not_after_visit"),
        ]

    def __str__(self):
        return f"{self.elder} {self.visited_on}"

    def get_absolute_url(self):
        return reverse("visits:visit_edit", args=[self.pk])

    def clean(self):
        """An urgent finding is recorded with what was found (§2.7: 对重点情况进行记录), which the follow-up quotes."""
        errors = {
            f"{name}_note": _("Say what is urgent: the follow-up opened for it quotes this note.")
            for name in ASSESSED
            if getattr(self, name) == Assessment.URGENT and not getattr(self, f"{name}_note").strip()
        }
        floor = self.risk_floor()
        if self.overall_risk is not None and self.overall_risk < floor:
            errors["overall_risk"] = _(
                "The assessments call for an overall risk of at least %(level)s: the worst assessment sets it, "
                "and you may only raise it."
            ) % {"level": Risk(floor).label}
        if errors:
            raise ValidationError(errors)

    def risk_floor(self):
        return risk_for(getattr(self, name) for name in ASSESSED)

    def assessments(self):
        return [
            (label, getattr(self, name), getattr(self, f"get_{name}_display")(), getattr(self, f"{name}_note"))
            for name, label in ASSESSED.items()
        ]

    def urgent_findings(self):
        return [
            (label, getattr(self, f"{name}_note")) for name, label in ASSESSED.items() if getattr(self, name) == Assessment.URGENT
        ]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class FollowUp(VersionedModel):
    """A problem a visit found that someone must act on, tracked by the township and the bureau until closed."""

    elder = models.ForeignKey("Elder", verbose_name=_("elder"), on_delete=models.PROTECT, related_name="follow_ups")
    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="follow_ups")
    problem = models.TextField(_("problem"))
    assignee = models.CharField(_("assignee"), max_length=32)
    due_on = models.DateField(_("due by"), validators=[PlausibleDate(DateMeaning.DUE)])
    actions = models.TextField(_("actions taken"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    opened_on = models.DateField(_("opened on"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.HAPPENED)])
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    township_lookup = "elder__village__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["status", "due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["opened_on"]),
            models.Index(fields=["resolved_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved") | (Q(resolved_on__isnull=False) & ~Q(resolution="")),
                name="follow_up_resolved_has_resolution",
                violation_error_message=_("A resolved follow-up needs its resolution and date."),
            ),
        ]

    def __str__(self):
        return f"{self.elder} {self.opened_on:%Y-%m-%d}"  # not the problem: the audit log keeps this text


class WeekApproval(models.Model):
    """A township's visit compliance for one ISO week, approved in its report: the week's visits are locked."""

    township = models.ForeignKey("facilities.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+")
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("ISO week"))
    approved_by = models.ForeignKey(
        "accounts.User", verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    township_lookup = "township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("approved week")
        verbose_name_plural = _("approved weeks")
        ordering = ["township", "iso_year", "iso_week"]
        constraints = [
            models.UniqueConstraint(fields=["township", "iso_year", "iso_week"], name="unique_week_approval"),
            models.CheckConstraint(condition=Q(iso_week__gte=1, iso_week__lte=53), name="week_approval_week_in_range"),
        ]

    def __str__(self):
        return f"{self.township} {self.iso_year}-W{self.iso_week:02d}"


def visits_per_elder(monday):
    """The visits of the ISO week starting ``monday``, one row per elder: ``elder`` and ``n``."""
    return Visit.objects.filter(week_start=monday).order_by().values("elder").annotate(n=Count("pk"))


def visits_in_week(monday):
    """An expression for an elder queryset: the elder's visits in the ISO week starting ``monday``."""
    return Coalesce(Subquery(visits_per_elder(monday).filter(elder=OuterRef("pk")).values("n")[:1]), 0)


# what a visit found and the follow-up it opened are health information: masked in the audit log and on
# every page for all but the elder's township and the bureau (zhongyang_eldercare.personal_data)
register_personal(Visit, texts=[*(f"{name}_note" for name in ASSESSED), "reminders"])
register_personal(FollowUp, texts=["problem", "actions", "resolution"])
auditlog.register(WeekApproval)
