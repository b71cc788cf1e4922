"""Key projects the plan names (§2.1, §2.4) and their milestones."""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models.places import Township
from facilities.models.registry import Facility, FacilityKind
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.rules import PolicyRule, RuleQuerySet


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class KeyProjectQuerySet(ScopedQuerySet, RuleQuerySet):
    """Scoped by the project's township (a county project, without one, is for county roles) and dated as a rule."""

    def late(self, on=None):
        """Projects with a milestone past its deadline and not done by ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Exists(Milestone.objects.filter(project=OuterRef("pk")).overdue(on)))


class KeyProject(PolicyRule):
    """A project the plan names (the central nursing home, the 下枣林乡 regional home …)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("facility type"), max_length=32, choices=FacilityKind.choices)
    township = models.ForeignKey(
        Township, verbose_name=_("township"), on_delete=models.PROTECT, null=True, blank=True, related_name="key_projects"
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_projects",
    )
    target_beds = models.PositiveIntegerField(_("target beds"), null=True, blank=True)
    quote = models.TextField(_("quoted text"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    township_lookup = "township"
    county_lookup = "document__county"  # a county project has no township: it belongs to its plan's county
    objects = KeyProjectQuerySet.as_manager()

    class Meta(PolicyRule.Meta):
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class MilestoneQuerySet(ScopedQuerySet):
    def overdue(self, on):
        """Past the deadline on ``on`` and not done by then (a milestone done later was still late that day)."""
        return self.filter(deadline__lt=on).filter(Q(done_on__isnull=True) | Q(done_on__gt=on))


class Milestone(models.Model):
    project = models.ForeignKey(KeyProject, verbose_name=_("key project"), on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("milestone"), max_length=100)
    deadline = models.DateField(_("deadline"), validators=[PlausibleDate(DateMeaning.PLANNED)])
    clause = models.CharField(_("clause"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED)
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.HAPPENED)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    township_lookup = "project__township"
    county_lookup = "project__document__county"
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="unique_milestone_position"),
            models.CheckConstraint(
                condition=Q(status=MilestoneStatus.DONE, done_on__isnull=False)
                | (~Q(status=MilestoneStatus.DONE) & Q(done_on__isnull=True)),
                name="milestone_done_has_date",
                violation_error_message=_("A milestone is done exactly when it has a done date."),
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.name}"


auditlog.register(KeyProject)
auditlog.register(Milestone)
