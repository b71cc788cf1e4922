"""The registry: facility types and standards, facilities and their dated histories (status, beds, meals)."""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from facilities.compliance import assess_queryset
from facilities.models.places import RelocationSite, Township, Village
from facilities.models.plan import TaskKind
from zhongyang_eldercare.accounts.scoping import ScopedManager, ScopedQuerySet
from zhongyang_eldercare.kernel.dates import NOT_IN_FUTURE_MESSAGE, DateMeaning, PlausibleDate, is_in_future
from zhongyang_eldercare.kernel.history import DatedChange, first_on, value_in_rows_on, value_on
from zhongyang_eldercare.kernel.rules import PolicyRule, RuleQuerySet
from zhongyang_eldercare.kernel.versions import VersionedModel


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
NURSING_KINDS = (FacilityKind.CENTRAL_NURSING, FacilityKind.REGIONAL_NURSING, FacilityKind.NURSING_HOME)


class FacilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    BUILT = "built", _("Built")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


# In service: what makes a village covered, puts beds in the count and holds a facility to its standard.
IN_SERVICE = (FacilityStatus.BUILT, FacilityStatus.OPERATING)
# The order of a facility's life; suspended and closed can follow any stage.
LIFE_ORDER = (FacilityStatus.PLANNED, FacilityStatus.UNDER_CONSTRUCTION, FacilityStatus.BUILT, FacilityStatus.OPERATING)


# The facilities Attachment 3 counts as tasks, and the column each counts in.
TASK_FACILITY_KINDS = (FacilityKind.DAY_CARE, FacilityKind.HAPPINESS)
TASK_KIND = Case(
    When(kind=FacilityKind.HAPPINESS, then=Value(TaskKind.HAPPINESS)),
    When(relocation_site__isnull=False, then=Value(TaskKind.RELOCATION_DAY_CARE)),
    default=Value(TaskKind.DAY_CARE),
)


class BuildingSource(models.TextChoices):
    IDLE_SCHOOL = "idle_school", _("Idle school")
    IDLE_HOSPITAL = "idle_hospital", _("Idle hospital")
    VILLAGE_COMMITTEE = "village_committee", _("Village committee building")
    PRIVATE_HOUSE = "private_house", _("Villager's idle house")
    OTHER_REUSE = "other_reuse", _("Other reused building")
    NEW_BUILD = "new_build", _("New build")


class ApprovalKind(models.TextChoices):
    """Who approved the facility (§2.2: 经村民委员会或村民代表会议讨论通过; §2.3: 个人申报、村民议定)."""

    VILLAGERS_COMMITTEE = "villagers_committee", _("Villagers' committee")
    REPRESENTATIVES_MEETING = "representatives_meeting", _("Villagers' representative meeting")
    VILLAGE_DELIBERATION = "village_deliberation", _("Personal application and village deliberation")


class OperatingModel(models.TextChoices):
    """§3.2: operating models beside the single publicly built and run one."""

    PUBLIC_PUBLIC = "public_public", _("Publicly built, publicly run (公建公营)")
    PUBLIC_PRIVATE = "public_private", _("Publicly built, privately run (公建民营)")
    PRIVATE_SUBSIDIZED = "private_subsidized", _("Privately run with public subsidy (民办公助)")
    SOCIAL = "social", _("Social participation (社会参与)")
    VILLAGE_COLLECTIVE = "village_collective", _("Village collective (村集体)")
    INDIVIDUAL = "individual", _("Individual (个人)")


class FeatureCategory(models.TextChoices):
    ROOM = "room", _("Room")
    EQUIPMENT = "equipment", _("Equipment")
    SERVICE = "service", _("Basic service")


class Feature(models.Model):
    """A room, a kind of equipment or a basic service the standards name (四室一厅, 就餐设备 …).

    Rows, not choices: the next plan can name a new room without a code change,
    and standards and facilities point at the same rows, so "missing room" is a
    set difference.
    """

    category = models.CharField(_("category"), max_length=16, choices=FeatureCategory.choices)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=32)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room, equipment or service")
        verbose_name_plural = _("rooms, equipment and services")
        ordering = ["category", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="unique_feature_name_per_category")]

    def __str__(self):
        return self.name


class FacilityStandardQuerySet(RuleQuerySet):
    def by_kind(self, on):
        """{kind: the standard in force on ``on``} by the one overlap rule (``RuleQuerySet``), with the rooms and
        equipment it requires (what the checks and the form's help text read). Three queries."""
        return self.prefetch_related("required_rooms", "required_equipment").in_force_by(on, "kind")


class FacilityStandard(PolicyRule):
    """What a facility of one type must have (§2.1-§2.4): floor area, rooms, equipment, beds."""

    kind = models.CharField(_("facility type"), max_length=32, choices=FacilityKind.choices)
    min_area = models.DecimalField(_("minimum floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    max_area = models.DecimalField(_("maximum floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    required_rooms = models.ManyToManyField(
        Feature,
        verbose_name=_("required rooms"),
        blank=True,
        related_name="+",
        limit_choices_to={"category": FeatureCategory.ROOM},
    )
    required_equipment = models.ManyToManyField(
        Feature,
        verbose_name=_("required equipment"),
        blank=True,
        related_name="+",
        limit_choices_to={"category": FeatureCategory.EQUIPMENT},
    )
    basic_services = models.ManyToManyField(
        Feature,
        verbose_name=_("basic services"),
        blank=True,
        related_name="+",
        limit_choices_to={"category": FeatureCategory.SERVICE},
    )
    min_beds = models.PositiveIntegerField(_("minimum beds"), null=True, blank=True)
    reuse_expected = models.BooleanField(
        _("reuse of an idle building expected"), default=False, help_text=_("§2.2: new building is not encouraged.")
    )
    approval_required = models.BooleanField(_("villagers' approval required"), default=False)
    quote = models.TextField(_("quoted text"), blank=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("How the bureau reads the text, where it is vague.")
    )

    objects = FacilityStandardQuerySet.as_manager()

    class Meta(PolicyRule.Meta):
        verbose_name = _("facility standard")
        verbose_name_plural = _("facility standards")
        ordering = ["kind", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "kind"], name="unique_standard_per_document_and_kind"),
            models.CheckConstraint(
                condition=Q(min_area__isnull=True) | Q(max_area__isnull=True) | Q(max_area__gte=models.F("min_area")),
                name="standard_area_range_in_order",
                violation_error_message=_("The maximum floor area cannot be below the minimum."),
            ),
            models.CheckConstraint(condition=Q(min_area__isnull=True) | Q(min_area__gt=0), name="standard_min_area_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.clause}）"

    @property
    def area_range(self):
        low, high = self.min_area, self.max_area
        if low is not None and high is not None:
            return f"{low.normalize():f}–{high.normalize():f} m²"
        if low is not None:
            return f"≥ {low.normalize():f} m²"
        if high is not None:
            return f"≤ {high.normalize():f} m²"
        return ""


class FacilityQuerySet(ScopedQuerySet):
    """Facilities, and what they were on a day: every as-of figure is read from a dated history."""

    def with_status_on(self, on):
        """Annotate ``status_on``, the status at the end of ``on`` (None before the first), and ``in_service``."""
        return self.annotate(status_on=value_on(FacilityStatusChange.objects, on, "status")).annotate(
            in_service=Case(When(status_on__in=IN_SERVICE, then=Value(True)), default=Value(False))
        )

    def in_service_on(self, on):
        """Built or operating at the end of ``on`` (``IN_SERVICE``)."""
        return self.with_status_on(on).filter(status_on__in=IN_SERVICE)

    def with_first_in_service(self):
        """Annotate ``first_in_service``: the first day the facility was built or operating (None if it never was)."""
        return self.annotate(first_in_service=first_on(FacilityStatusChange.objects, "changed_on", status__in=IN_SERVICE))

    def with_beds_on(self, on):
        """Annotate ``beds_on`` and ``nursing_beds_on``: the counts in force on ``on`` (see ``BedCount``)."""
        return self.annotate(
            beds_on=_in_force(BedCount, on, "beds", date_field="since"),
            nursing_beds_on=_in_force(BedCount, on, "nursing_beds", date_field="since"),
        )

    def with_meals_on(self, on):
        """Annotate ``meals_on``: whether the facility served meals on ``on`` (see ``MealService``)."""
        return self.annotate(meals_on=_in_force(MealService, on, "serves_meals", date_field="changed_on"))

    def as_of(self, on):
        """Everything a facility was on ``on``, as annotations: ``status_on``, ``in_service``, ``first_in_service``,
        ``beds_on``, ``nursing_beds_on`` and ``meals_on``. Still one query for a list, however long."""
        return self.with_status_on(on).with_first_in_service().with_beds_on(on).with_meals_on(on)

    def count_by_status(self, on):
        """{status at the end of ``on`` (None: none recorded yet): facilities}, in one query."""
        statuses = self.annotate(status_then=value_on(FacilityStatusChange.objects, on, "status"))
        return dict(statuses.order_by().values_list("status_then").annotate(count=Count("pk")))

    def tasks_done(self, on):
        """{(township id, year, TaskKind): facilities of that task that first entered service that year, up to ``on``}.

        Attachment 3's columns: a facility counts in the year it was first built or operating (a task
        finished late counts in the next year), day care centers serving a relocation site in the
        relocation-site column. One query; facilities of other types are no task.
        """
        done = (
            self.filter(kind__in=TASK_FACILITY_KINDS)
            .with_first_in_service()
            .filter(first_in_service__lte=on)
            .annotate(year=ExtractYear("first_in_service"), task=TASK_KIND)
            .order_by()
            .values_list("township_id", "year", "task")
            .annotate(count=Count("pk"))
        )
        return {(township_id, year, task): count for township_id, year, task, count in done}

    def covering(self, on):
        """Village-level facilities that make their village covered on ``on``."""
        return self.filter(kind__in=COVERAGE_KINDS, village__isnull=False).in_service_on(on)

    def covering_sites(self, on):
        return self.filter(kind=FacilityKind.DAY_CARE, relocation_site__isnull=False).in_service_on(on)

    def for_compliance(self):
        """Rooms and equipment fetched up front, for pages that show them: the standard check then reads them too."""
        return self.prefetch_related("rooms", "equipment")

    def not_meeting_standard(self, on=None):
        """Facilities with at least one shortfall on ``on`` (today by default) from any registered check."""
        return self.filter(pk__in=assess_queryset(self, on=on).failing_pks())

    def meeting_standard(self, on=None):
        """Facilities without a shortfall on ``on`` from any registered check (facilities.compliance)."""
        return self.filter(pk__in=assess_queryset(self, on=on).passing_pks())


def _in_force(history, on, field, *, date_field):
    """The value of ``field`` in force on ``on`` in a dated history of the facility (``BedCount``, ``MealService``).

    Before the history's first row, the first row's value holds (the facility had it before it was
    recorded here); without any row, the facility's own current value.
    """
    return Coalesce(
        value_on(history.objects, on, field, date_field=date_field),
        first_on(history.objects, field, date_field=date_field),
        F(field),
    )


class Facility(VersionedModel):
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
    building_source = models.CharField(_("building"), max_length=32, choices=BuildingSource.choices, blank=True)
    approval_kind = models.CharField(_("approving body"), max_length=32, choices=ApprovalKind.choices, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.HAPPENED)])
    approval_number = models.CharField(_("approval document number"), max_length=64, blank=True)
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    rooms = models.ManyToManyField(
        Feature, verbose_name=_("rooms"), blank=True, related_name="+", limit_choices_to={"category": FeatureCategory.ROOM}
    )
    equipment = models.ManyToManyField(
        Feature,
        verbose_name=_("equipment"),
        blank=True,
        related_name="+",
        limit_choices_to={"category": FeatureCategory.EQUIPMENT},
    )
    beds = models.PositiveIntegerField(_("beds"), default=0)
    nursing_beds = models.PositiveIntegerField(_("nursing beds"), default=0)
    serves_meals = models.BooleanField(_("serves meals"), default=False)
    merged_with_clinic = models.BooleanField(_("merged with the village clinic"), default=False)
    operating_model = models.CharField(_("operating model"), max_length=32, choices=OperatingModel.choices, blank=True)
    has_medical_unit = models.BooleanField(_("has its own medical unit"), default=False)
    medical_partner = models.CharField(
        _("medical institution with a signed agreement"),
        max_length=100,
        blank=True,
        help_text=_("§2.9: name the medical institution the facility has signed an agreement with, if any."),
    )
    in_insurance_network = models.BooleanField(_("inside the medical-insurance network"), default=False)
    open_to_public = models.BooleanField(
        _("open to the public"),
        default=False,
        help_text=_("§2.4: nursing homes also give low-cost service to 低保, left-behind and empty-nest elders."),
    )
    contact_person = models.CharField(_("contact person"), max_length=32, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
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
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="facility_floor_area_positive",
                violation_error_message=_("The floor area must be greater than 0."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.pk])

    def clean(self):
        errors = {}
        for field, message in self._place_errors():
            errors.setdefault(field, []).append(message)
        if self.floor_area is not None and self.floor_area <= 0:
            errors.setdefault("floor_area", []).append(_("The floor area must be greater than 0."))
        if self.nursing_beds > self.beds:
            errors.setdefault("nursing_beds", []).append(_("Nursing beds cannot exceed beds."))
        if is_in_future(self.approval_date):
            errors.setdefault("approval_date", []).append(NOT_IN_FUTURE_MESSAGE)
        if errors:
            raise ValidationError(errors)

    def _place_errors(self):
        """The village or site must lie in the facility's township; only day care centers serve relocation sites."""
        if self.village_id and self.village.township_id != self.township_id:
            yield "village", _("This village belongs to another township.")
        if self.relocation_site_id and self.relocation_site.township_id != self.township_id:
            yield "relocation_site", _("This relocation site belongs to another township.")
        if self.relocation_site_id and self.kind != FacilityKind.DAY_CARE:
            yield "relocation_site", _("Only day care centers serve relocation sites (§2.2).")
        if self.kind in NURSING_KINDS and (self.village_id or self.relocation_site_id):
            yield "village", _("Nursing homes serve a whole township or the county, not one village.")
        if self.kind in (FacilityKind.HAPPINESS, FacilityKind.MUTUAL_AID) and not self.village_id:
            yield "village", _("Choose the village this facility serves.")
        if self.kind == FacilityKind.DAY_CARE and not (self.village_id or self.relocation_site_id):
            yield "village", _("Choose the village or the relocation site this day care center serves.")

    def serves_meals_on(self, on):
        """Whether the facility served meals on ``on`` (``MealService``; prefetch ``meal_services`` for a list)."""
        rows = list(self.meal_services.all())
        if not rows:
            return self.serves_meals
        served = value_in_rows_on(rows, on, "serves_meals")
        return rows[0].serves_meals if served is None else served


class FacilityStatusChange(DatedChange):
    """The facility's life: one row per status it entered, with the day it did."""

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=32, choices=FacilityStatus.choices)

    township_lookup = "facility__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["facility", "changed_on", "pk"]
        indexes = [models.Index(fields=["facility", "changed_on"])]

    def __str__(self):
        return f"{self.facility} {self.get_status_display()} {self.changed_on}"


class BedCount(models.Model):
    """The facility's beds from a day on, so that beds per 1,000 elderly can be read at any date.

    ``Facility.beds`` and ``nursing_beds`` are the current counts; the facility service
    (``facilities.services.save_facility``) adds a row whenever they change. On a day before the
    first row the first row's counts hold (the facility had beds before they were recorded here).
    """

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="bed_counts")
    since = models.DateField(_("since"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    beds = models.PositiveIntegerField(_("beds"))
    nursing_beds = models.PositiveIntegerField(_("nursing beds"), default=0)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    township_lookup = "facility__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("bed count")
        verbose_name_plural = _("bed counts")
        ordering = ["facility", "since"]
        constraints = [models.UniqueConstraint(fields=["facility", "since"], name="bed_count_once_a_day")]

    def __str__(self):
        return f"{self.facility} {self.beds} ({self.since})"


class MealService(DatedChange):
    """Whether the facility serves meals from a day on (§2.2 names meals a basic service; §2.5's staff
    minimums and §3.3's operating subsidies depend on it), so that it can be read for any past day.

    ``Facility.serves_meals`` is the current value; the facility service adds a row whenever it
    changes. Before the first row the first row's value holds; without any row, the current value.
    """

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="meal_services")
    serves_meals = models.BooleanField(_("serves meals"))

    township_lookup = "facility__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("meal service")
        verbose_name_plural = _("meal service history")
        ordering = ["facility", "changed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["facility", "changed_on"], name="meal_service_once_a_day")]

    def __str__(self):
        served = _("serves meals") if self.serves_meals else _("no meals")
        return f"{self.facility} {served} ({self.changed_on})"


auditlog.register(Feature)
auditlog.register(FacilityStandard, m2m_fields={"required_rooms", "required_equipment", "basic_services"})
auditlog.register(Facility, m2m_fields={"rooms", "equipment"}, mask_fields=["contact_phone"])
auditlog.register(FacilityStatusChange)
auditlog.register(BedCount)
auditlog.register(MealService)
