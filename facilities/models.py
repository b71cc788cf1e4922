from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.scoping import ScopedManager, ScopedQuerySet
from zhongyang_eldercare.rules import PolicyRule

# --- Places -----------------------------------------------------------------


class County(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class TownshipKind(models.TextChoices):
    TOWN = "town", _("Town (镇)")
    XIANG = "xiang", _("Township (乡)")


class Township(models.Model):
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="townships")
    name = models.CharField(_("name"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=TownshipKind.choices)
    pinyin = models.SlugField(_("pinyin"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position in the plan table"), default=0)
    elderly_population = models.PositiveIntegerField(
        _("elderly population"),
        null=True,
        blank=True,
        help_text=_("People aged 60 and over; used when villages do not give their own figure."),
    )

    township_lookup = "pk"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class VillageQuerySet(ScopedQuerySet):
    def coverage_by_township(self, on):
        """Per township id: (villages covered on ``on``, villages in total), in one query."""
        covered_ids = Facility.objects.covering(on).values("village_id")
        rows = (
            self.order_by().values("township_id").annotate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered_ids)))
        )
        return {row["township_id"]: (row["covered"], row["total"]) for row in rows}


class Village(models.Model):
    """An administrative village (行政村)."""

    township = models.ForeignKey(Township, verbose_name=_("township"), on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=64)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    elderly_population = models.PositiveIntegerField(
        _("elderly population"), null=True, blank=True, help_text=_("People aged 60 and over.")
    )
    is_township_seat = models.BooleanField(
        _("township seat"), default=False, help_text=_("Township seats are served first (§2.2).")
    )
    has_clinic = models.BooleanField(_("has a village clinic"), default=False)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Created by load_demo; not a real village."))

    township_lookup = "township"
    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative village")
        verbose_name_plural = _("administrative villages")
        ordering = ["township__position", "name"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="unique_village_name_per_township")]

    def __str__(self):
        return self.name


class RelocationSiteQuerySet(ScopedQuerySet):
    def coverage_by_township(self, on):
        """Per township id: (sites with a day care center in service on ``on``, sites in total)."""
        covered_ids = Facility.objects.covering_sites(on).values("relocation_site_id")
        rows = (
            self.order_by().values("township_id").annotate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered_ids)))
        )
        return {row["township_id"]: (row["covered"], row["total"]) for row in rows}


class RelocationSite(models.Model):
    """A relocation site (易地移民搬迁集中安置点); every one gets a day care center (§2.2)."""

    township = models.ForeignKey(Township, verbose_name=_("township"), on_delete=models.PROTECT, related_name="relocation_sites")
    name = models.CharField(_("name"), max_length=64)
    elderly_population = models.PositiveIntegerField(_("elderly population"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    township_lookup = "township"
    objects = RelocationSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("relocation site")
        verbose_name_plural = _("relocation sites")
        ordering = ["township__position", "name"]
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="unique_site_name_per_township")]

    def __str__(self):
        return self.name


# --- The plan -----------------------------------------------------------------


class PolicyDocument(models.Model):
    code = models.CharField(_("document number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="document_period_in_order"),
        ]

    def __str__(self):
        return f"{self.title}（{self.code}）"


class TaskKind(models.TextChoices):
    DAY_CARE = "day_care", _("Day care centers")
    HAPPINESS = "happiness", _("Happiness courtyards")
    RELOCATION_DAY_CARE = "relocation_day_care", _("Relocation-site day care centers")


class PlanTableRow(models.Model):
    """One row of Attachment 3, exactly as published, the totals row included."""

    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("policy document"), on_delete=models.CASCADE, related_name="plan_rows"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label as published"), max_length=32)
    township = models.ForeignKey(
        Township, verbose_name=_("township"), on_delete=models.PROTECT, null=True, blank=True, related_name="plan_rows"
    )
    is_total = models.BooleanField(_("published totals row"), default=False)
    villages_total = models.PositiveIntegerField(_("villages in total"))
    villages_built = models.PositiveIntegerField(_("villages already built"))
    villages_to_build = models.PositiveIntegerField(_("villages still to build"))

    class Meta:
        verbose_name = _("task table row")
        verbose_name_plural = _("task table rows")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="unique_plan_row_position"),
            models.UniqueConstraint(fields=["document", "label"], name="unique_plan_row_label"),
            models.CheckConstraint(
                condition=Q(is_total=True, township__isnull=True) | Q(is_total=False, township__isnull=False),
                name="plan_row_total_has_no_township",
            ),
        ]

    def __str__(self):
        return self.label

    def cell(self, year, kind):
        """The published count for a year and kind; 0 where the table has no such column."""
        for cell in self.cells.all():
            if cell.year == year and cell.kind == kind:
                return cell.count
        return 0

    def village_tasks_through(self, year):
        """Village facilities the row plans to build up to the end of ``year`` (relocation sites excluded)."""
        return sum(c.count for c in self.cells.all() if c.year <= year and c.kind != TaskKind.RELOCATION_DAY_CARE)

    def planned_covered(self, year):
        return self.villages_built + self.village_tasks_through(year)


class PlanTableCell(models.Model):
    row = models.ForeignKey(PlanTableRow, verbose_name=_("row"), on_delete=models.CASCADE, related_name="cells")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=32, choices=TaskKind.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("task table cell")
        verbose_name_plural = _("task table cells")
        ordering = ["row", "year", "kind"]
        constraints = [models.UniqueConstraint(fields=["row", "year", "kind"], name="unique_plan_cell")]

    def __str__(self):
        return f"{self.row} {self.year} {self.get_kind_display()}: {self.count}"


class TargetCode(models.TextChoices):
    VILLAGE_COVERAGE = "village_coverage", _("Share of villages with a facility (%)")
    RELOCATION_COVERAGE = "relocation_coverage", _("Share of relocation sites with a day care center (%)")
    BEDS_PER_THOUSAND = "beds_per_thousand", _("Elderly-care beds per 1,000 elderly")
    RELOCATION_SITES = "relocation_sites", _("Relocation sites named in the plan")


class Target(PolicyRule):
    """A number the plan sets: a coverage share by a date, a bed ratio, a stated count."""

    code = models.CharField(_("target"), max_length=32, choices=TargetCode.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    due_on = models.DateField(_("due by"), null=True, blank=True)
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["code", "due_on"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code", "due_on"], name="unique_target_per_due_date"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self):
        due = f" ({self.due_on:%Y-%m-%d})" if self.due_on else ""
        return f"{self.get_code_display()} ≥ {self.value.normalize():f}{due}"


# --- Oversight (Attachments 1 and 2) -------------------------------------------


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


# --- Facilities -------------------------------------------------------------------


class FacilityKind(models.TextChoices):
    DAY_CARE = "day_care", _("Rural elderly day care center")
    HAPPINESS = "happiness", _("Rural happiness courtyard")
    MUTUAL_AID = "mutual_aid", _("Rural mutual-aid courtyard")
    CENTRAL_NURSING = "central_nursing", _("Central nursing home")
    REGIONAL_NURSING = "regional_nursing", _("Regional nursing home")
    NURSING_HOME = "nursing_home", _("Nursing home")


# The village-level facilities of §2.2-§2.3 are what "a village has a rural
# elderly-care facility" means; nursing homes serve a whole township or the
# county, so they do not make one village covered.
COVERAGE_KINDS = (FacilityKind.DAY_CARE, FacilityKind.HAPPINESS, FacilityKind.MUTUAL_AID)


class FacilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    BUILT = "built", _("Built")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


IN_SERVICE = (FacilityStatus.BUILT, FacilityStatus.OPERATING)


class FacilityQuerySet(ScopedQuerySet):
    def with_status_on(self, day):
        """Annotate ``status_on``: the status the facility had at the end of ``day``."""
        latest = FacilityStatusChange.objects.filter(facility=OuterRef("pk"), changed_on__lte=day).order_by("-changed_on", "-pk")
        return self.annotate(status_on=Subquery(latest.values("status")[:1]))

    def in_service_on(self, day):
        return self.with_status_on(day).filter(status_on__in=IN_SERVICE)

    def covering(self, on):
        """Village-level facilities that make their village covered on ``on``."""
        return self.filter(kind__in=COVERAGE_KINDS, village__isnull=False).in_service_on(on)

    def covering_sites(self, on):
        return self.filter(kind=FacilityKind.DAY_CARE, relocation_site__isnull=False).in_service_on(on)


class Facility(models.Model):
    kind = models.CharField(_("type"), max_length=32, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=100)
    township = models.ForeignKey(Township, verbose_name=_("township"), on_delete=models.PROTECT, related_name="facilities")
    village = models.ForeignKey(
        Village, verbose_name=_("village served"), on_delete=models.PROTECT, null=True, blank=True, related_name="facilities"
    )
    relocation_site = models.ForeignKey(
        RelocationSite,
        verbose_name=_("relocation site served"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
    )
    status = models.CharField(_("status"), max_length=32, choices=FacilityStatus.choices, default=FacilityStatus.PLANNED)
    planned_year = models.PositiveSmallIntegerField(_("planned year"), null=True, blank=True)
    beds = models.PositiveIntegerField(_("beds"), default=0)
    nursing_beds = models.PositiveIntegerField(_("nursing beds"), default=0)
    serves_meals = models.BooleanField(_("serves meals"), default=False)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    township_lookup = "township"
    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["township__position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(village__isnull=False, relocation_site__isnull=False),
                name="facility_serves_village_or_site",
                violation_error_message=_("A facility serves a village or a relocation site, not both."),
            ),
            models.CheckConstraint(
                condition=Q(nursing_beds__lte=models.F("beds")),
                name="facility_nursing_beds_within_beds",
                violation_error_message=_("Nursing beds cannot exceed beds."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.pk])


class FacilityStatusChange(models.Model):
    """The facility's life: one row per status it entered, with the day it did."""

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=32, choices=FacilityStatus.choices)
    changed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    township_lookup = "facility__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["facility", "changed_on", "pk"]
        indexes = [models.Index(fields=["facility", "changed_on"])]

    def __str__(self):
        return f"{self.facility} {self.get_status_display()} {self.changed_on}"
