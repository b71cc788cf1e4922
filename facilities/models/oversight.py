"""Oversight: the leading group (Attachment 1), its office and the responsibility table (Attachment 2)."""

from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models.places import Township
from facilities.models.plan import PolicyDocument


class Department(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GroupRole(models.TextChoices):
    LEADER = "leader", _("Group leader")
    DEPUTY = "deputy", _("Deputy group leader")
    MEMBER = "member", _("Member")


class LeadingGroupMember(models.Model):
    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("policy document"), on_delete=models.CASCADE, related_name="group_members"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=32)
    group_role = models.CharField(_("role in the group"), max_length=16, choices=GroupRole.choices)
    title = models.CharField(_("post"), max_length=64)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True)
    township = models.ForeignKey(Township, verbose_name=_("township"), on_delete=models.PROTECT, null=True, blank=True)
    is_office_director = models.BooleanField(_("director of the group's office"), default=False)

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="unique_member_position")]

    def __str__(self):
        return f"{self.name}（{self.title}）"


class LeadingGroupOffice(models.Model):
    document = models.OneToOneField(
        PolicyDocument, verbose_name=_("policy document"), on_delete=models.CASCADE, related_name="group_office"
    )
    department = models.ForeignKey(Department, verbose_name=_("hosted by"), on_delete=models.PROTECT)
    remit = models.TextField(_("remit"))

    class Meta:
        verbose_name = _("leading group office")
        verbose_name_plural = _("leading group offices")

    def __str__(self):
        return str(self.department)


class Duty(models.Model):
    """One line of Attachment 2: a task and the departments responsible for it."""

    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("policy document"), on_delete=models.CASCADE, related_name="duties"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    task = models.TextField(_("task"))
    responsible_as_published = models.CharField(_("responsible units as published"), max_length=200)
    departments = models.ManyToManyField(Department, verbose_name=_("responsible departments"), related_name="duties")

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_duty_number")]

    def __str__(self):
        return f"{self.number}. {self.task[:30]}"


auditlog.register(Department)
auditlog.register(LeadingGroupMember)
auditlog.register(LeadingGroupOffice)
auditlog.register(Duty)
