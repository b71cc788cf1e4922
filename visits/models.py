"""The elder archive, the three networks and the weekly visits (一档案三网络, 巡视探访; §2.6, §2.7)."""

from datetime import timedelta
from functools import reduce
from operator import or_

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.scoping import ScopedManager, ScopedQuerySet
from zhongyang_eldercare.kernel.dates import iso_week_start, week_start, years_before
from zhongyang_eldercare.kernel.identity import (
    Gender,
    IdNumberValidator,
    id_number_birth_date,
    id_number_gender,
    normalize_id_number,
    validate_id_number,
)
from zhongyang_eldercare.kernel.periods import PeriodQuerySet as DatedPeriodQuerySet
from zhongyang_eldercare.kernel.periods import PeriodRecord
from zhongyang_eldercare.kernel.rules import PolicyRule, winning_rule


def latest_birth_date_for_age(age, on):
    """Anyone born on or before this day is at least ``age`` years old on ``on``.

    Born 29 February: in a common year the birthday counts from 1 March, as in ``Elder.age_on``.
    """
    return years_before(on, age)


# --- Policy rules (data, §2.7) ---------------------------------------------------------


class Criterion(models.TextChoices):
    OLD_AND_ALONE = "old_alone", _("Aged %(age)s or over and living alone")
    NO_CHILDREN_IN_COUNTY = "no_children_in_county", _("No children, or no children in the county")
    SPECIAL_FAMILY_LEFT_BEHIND = "special_family_left_behind", _("Left-behind elder of a special family-planning family")


class PriorityRule(PolicyRule):
    """One criterion that makes an archived elder a priority visiting target (§2.7)."""

    criterion = models.CharField(_("criterion"), max_length=32, choices=Criterion.choices)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("Only for the age criterion, e.g. 80.")
    )
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("priority visiting rule")
        verbose_name_plural = _("priority visiting rules")
        ordering = ["criterion", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "criterion"], name="unique_priority_rule_per_document"),
            models.CheckConstraint(
                condition=~Q(criterion="old_alone") | Q(min_age__isnull=False),
                name="priority_age_rule_has_age",
                violation_error_message=_("The age criterion needs a minimum age."),
            ),
        ]

    def __str__(self):
        return self.label()

    def label(self):
        return str(Criterion(self.criterion).label) % {"age": self.min_age}


class Tier(models.TextChoices):
    PRIORITY = "priority", _("Priority visiting targets")
    OTHER = "other", _("Other archived elders")


class Period(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")


class VisitFrequency(PolicyRule):
    """How often a tier of elders must be visited: ``visits`` per ``period``."""

    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    visits = models.PositiveSmallIntegerField(_("visits at least"), default=1)
    quote = models.TextField(_("quoted text"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("visit frequency")
        verbose_name_plural = _("visit frequencies")
        ordering = ["tier", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "tier"], name="unique_visit_frequency_per_document"),
            models.CheckConstraint(condition=Q(visits__gte=1), name="visit_frequency_at_least_one"),
        ]

    def __str__(self):
        return f"{self.get_tier_display()}: ≥ {self.visits} / {self.get_period_display()}"

    def clean(self):
        if self.tier == Tier.PRIORITY and self.period != Period.WEEK:
            raise ValidationError({"period": _("Priority targets are visited by the week (§2.7): give their visits per week.")})


def priority_frequencies():
    """The priority tier's frequencies, every period; pass them to ``weekly_visits_required`` (one query)."""
    return list(VisitFrequency.objects.filter(tier=Tier.PRIORITY).order_by("valid_from"))


def weekly_visits_required(day, frequencies):
    """How many visits a priority elder needs in the ISO week of ``day`` (§2.7: at least one); 1 when no rule is in force."""
    rule = winning_rule(frequencies, day)
    return rule.visits if rule else 1


class SettingCode(models.TextChoices):
    LATE_ENTRY_DAYS = "late_entry_days", _("Days after the visit before an entry counts as late")
    FOLLOW_UP_DAYS = "follow_up_days", _("Days to resolve a follow-up opened by a visit")


class VisitSetting(PolicyRule):
    """A number the bureau sets for the visit log, such as when an entry counts as late."""

    code = models.CharField(_("setting"), max_length=32, choices=SettingCode.choices)
    value = models.PositiveIntegerField(_("value"))
    quote = models.TextField(_("note"), blank=True)

    class Meta(PolicyRule.Meta):
        verbose_name = _("visit setting")
        verbose_name_plural = _("visit settings")
        ordering = ["code", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "code"], name="unique_visit_setting_per_document"),
        ]

    def __str__(self):
        return f"{self.get_code_display()}: {self.value}"

    @classmethod
    def value_on(cls, code, day):
        rule = cls.objects.filter(code=code).in_force_latest(day)
        return rule.value if rule else None


# --- The archive (一档案) --------------------------------------------------------------


class LivingArrangement(models.TextChoices):
    ALONE = "alone", _("Alone")
    SPOUSE = "spouse", _("With spouse only")
    OTHERS = "others", _("With others")


class SelfCare(models.TextChoices):
    INDEPENDENT = "independent", _("Self-caring (自理)")
    PARTIAL = "partial", _("Partly disabled (半失能)")
    DISABLED = "disabled", _("Disabled (失能)")
    DEMENTIA = "dementia", _("Dementia (失智)")


class ElderStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MOVED_AWAY = "moved_away", _("Moved away")
    DECEASED = "deceased", _("Deceased")


class Category(models.TextChoices):
    """The archive's categories; VERY_OLD is computed from the birth date."""

    LEFT_BEHIND = "left_behind", _("Left-behind (留守)")
    EMPTY_NEST = "empty_nest", _("Empty-nest (空巢)")
    VERY_OLD = "very_old", _("Very old (80+)")
    SPECIAL_FAMILY = "special_family", _("Special family-planning family (计生特殊家庭)")
    DIBAO = "dibao", _("Minimum living allowance (低保)")
    TEKUN = "tekun", _("Extreme poverty support (特困)")


VERY_OLD_AGE = 80  # the meaning of the word 高龄 (§2.6); the visiting rule's age is data (PriorityRule)
CATEGORY_FLAGS = {
    Category.LEFT_BEHIND: "is_left_behind",
    Category.EMPTY_NEST: "is_empty_nest",
    Category.SPECIAL_FAMILY: "is_special_family",
    Category.DIBAO: "is_dibao",
    Category.TEKUN: "is_tekun",
}


def priority_conditions(on, rules=None):
    """[(label, Q)] for every priority rule in force on ``on``; one query, none if ``rules`` (all rows) is given."""
    if rules is None:
        rules = PriorityRule.objects.in_force(on).order_by("criterion")
    else:
        rules = [rule for rule in rules if rule.in_force_on(on)]
    conditions = []
    for rule in rules:
        if rule.criterion == Criterion.OLD_AND_ALONE:
            q = Q(birth_date__lte=latest_birth_date_for_age(rule.min_age, on), living_arrangement=LivingArrangement.ALONE)
        elif rule.criterion == Criterion.NO_CHILDREN_IN_COUNTY:
            q = Q(children_count=0) | Q(children_in_county=False)
        else:
            q = Q(is_special_family=True, is_left_behind=True)
        conditions.append((rule.label(), q))
    return conditions


def active_on_q(on):
    """Archived by ``on`` and neither moved away nor deceased before it."""
    return Q(archived_on__lte=on) & (Q(status=ElderStatus.ACTIVE) | Q(status_since__gt=on))


def visits_per_elder(monday):
    """The visits of the ISO week starting ``monday``, one row per elder: ``elder`` and ``n``."""
    return Visit.objects.filter(week_start=monday).order_by().values("elder").annotate(n=Count("pk"))


def visits_in_week(monday):
    """An expression for an elder queryset: the elder's visits in the ISO week starting ``monday``."""
    return Coalesce(Subquery(visits_per_elder(monday).filter(elder=OuterRef("pk")).values("n")[:1]), 0)


def _holds(condition):
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def priority_q(on, conditions):
    """A priority elder on ``on``: active then, and meeting a rule of ``priority_conditions(on)`` or marked by hand."""
    return reduce(or_, [q for _label, q in conditions], ~Q(manual_priority_reason="")) & active_on_q(on)


class ElderQuerySet(ScopedQuerySet):
    def active_on(self, on):
        return self.filter(active_on_q(on))

    def with_priority(self, on, conditions=None):
        """Annotate ``is_priority`` and one ``why_<n>`` flag per rule (see ``Elder.priority_reasons``)."""
        conditions = priority_conditions(on) if conditions is None else conditions
        flags = {
            f"why_{index}": Case(When(q, then=Value(True)), default=Value(False)) for index, (_label, q) in enumerate(conditions)
        }
        queryset = self.annotate(
            **flags, is_priority=Case(When(priority_q(on, conditions), then=Value(True)), default=Value(False))
        )
        queryset._priority_labels = [label for label, _q in conditions]
        return queryset

    def priority_on(self, on, conditions=None):
        return self.with_priority(on, conditions).filter(is_priority=True)

    def _clone(self):
        clone = super()._clone()
        clone._priority_labels = getattr(self, "_priority_labels", None)
        return clone

    def _fetch_all(self):
        super()._fetch_all()
        labels = getattr(self, "_priority_labels", None)
        if labels is not None and self._result_cache and isinstance(self._result_cache[0], Elder):
            for elder in self._result_cache:
                elder.priority_labels = labels

    def with_visit_facts(self, on, frequencies=None):
        """Annotate the visits of ``on``'s ISO week and the week before, ``visited_this_week`` (enough visits
        this week, ``weekly_visits_required``), ``missed_last_week`` (too few last week), ``last_visit_on``
        and ``last_risk`` (the latest visit's overall risk). One query for the frequencies unless given."""
        frequencies = priority_frequencies() if frequencies is None else frequencies
        this_week = week_start(on)
        latest = Visit.objects.filter(elder=OuterRef("pk"), visited_on__lte=on).order_by("-visited_on", "-pk")
        return self.annotate(
            visits_this_week=visits_in_week(this_week),
            visits_last_week=visits_in_week(this_week - timedelta(days=7)),
            last_visit_on=Subquery(latest.values("visited_on")[:1]),
            last_risk=Subquery(latest.values("overall_risk")[:1]),
        ).annotate(
            visited_this_week=_holds(Q(visits_this_week__gte=weekly_visits_required(on, frequencies))),
            missed_last_week=_holds(Q(visits_last_week__lt=weekly_visits_required(this_week - timedelta(days=1), frequencies))),
        )


class Elder(models.Model):
    """One archived rural elder. Never deleted: people move away or die, and their history stays."""

    name = models.CharField(_("full name"), max_length=32)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[IdNumberValidator()],
        error_messages={"unique": _("An elder with this ID number is already in the archive.")},
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    village = models.ForeignKey("facilities.Village", verbose_name=_("village"), on_delete=models.PROTECT, related_name="elders")
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    living_arrangement = models.CharField(_("living arrangement"), max_length=16, choices=LivingArrangement.choices)
    children_count = models.PositiveSmallIntegerField(_("number of children"), default=0)
    children_in_county = models.BooleanField(
        _("a child lives in the county"), default=False, help_text=_("Tick if at least one child lives in Zhongyang County.")
    )
    is_left_behind = models.BooleanField(_("left-behind (留守)"), default=False)
    is_empty_nest = models.BooleanField(_("empty-nest (空巢)"), default=False)
    is_special_family = models.BooleanField(_("special family-planning family (计生特殊家庭)"), default=False)
    is_dibao = models.BooleanField(_("minimum living allowance (低保)"), default=False)
    is_tekun = models.BooleanField(_("extreme poverty support (特困)"), default=False)
    self_care = models.CharField(_("self-care ability"), max_length=16, choices=SelfCare.choices, default=SelfCare.INDEPENDENT)
    health_notes = models.TextField(_("health notes"), blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=32, blank=True)
    emergency_phone = models.CharField(_("emergency contact phone"), max_length=32, blank=True)
    manual_priority_reason = models.CharField(
        _("added to the priority targets because"),
        max_length=200,
        blank=True,
        help_text=_("Fill in to make the elder a priority visiting target by hand; leave empty otherwise."),
    )
    status = models.CharField(_("status"), max_length=16, choices=ElderStatus.choices, default=ElderStatus.ACTIVE, editable=False)
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    archived_on = models.DateField(_("archived on"), default=timezone.localdate)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    township_lookup = "village__township"
    objects = ElderQuerySet.as_manager()

    class Meta:
        verbose_name = _("elder")
        verbose_name_plural = _("elders")
        ordering = ["village", "name", "pk"]
        indexes = [models.Index(fields=["village", "status"]), models.Index(fields=["birth_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_since__isnull=False),
                name="elder_status_change_has_date",
                violation_error_message=_("A moved-away or deceased elder needs the date."),
            ),
            models.CheckConstraint(
                condition=Q(children_in_county=False) | Q(children_count__gt=0),
                name="elder_children_in_county_needs_children",
                violation_error_message=_("An elder without children cannot have a child in the county."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("visits:elder", args=[self.pk])

    @property
    def township_id(self):
        return self.village.township_id

    def age_on(self, day):
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def categories_on(self, day):
        found = [category for category, flag in CATEGORY_FLAGS.items() if getattr(self, flag)]
        if self.age_on(day) >= VERY_OLD_AGE:
            found.append(Category.VERY_OLD)
        return [category for category in Category if category in found]

    def category_labels_on(self, day):
        return [category.label for category in self.categories_on(day)]

    @property
    def priority_reasons(self):
        """Why the elder is a priority target; needs a queryset from ``with_priority``."""
        reasons = [label for index, label in enumerate(self.priority_labels) if getattr(self, f"why_{index}")]
        if self.manual_priority_reason:
            reasons.append(_("Added by hand: %(reason)s") % {"reason": self.manual_priority_reason})
        return reasons

    def is_active_on(self, day):
        return self.archived_on <= day and (self.status == ElderStatus.ACTIVE or self.status_since > day)

    @property
    def died_on(self):
        return self.status_since if self.status == ElderStatus.DECEASED else None

    def clean_fields(self, exclude=None):
        self.derive_from_id_number()
        super().clean_fields(exclude=exclude)

    def derive_from_id_number(self):
        """Gender and birth date are what the ID number says (GB 11643); an invalid number sets nothing."""
        self.id_number = normalize_id_number(self.id_number)
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            return
        self.birth_date = id_number_birth_date(self.id_number)
        self.gender = id_number_gender(self.id_number)

    def clean(self):
        if self.children_count == 0:
            self.children_in_county = False


class ElderStatusChange(models.Model):
    """The archive's history of an elder's status: one row per change, with the date it happened."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=ElderStatus.choices)
    changed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    township_lookup = "elder__village__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("elder status change")
        verbose_name_plural = _("elder status changes")
        ordering = ["elder", "changed_on", "pk"]

    def __str__(self):
        return f"{self.elder} {self.get_status_display()} {self.changed_on}"


# --- Three networks (三网络) --------------------------------------------------------------


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


# --- Visits (巡视探访) -------------------------------------------------------------------


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


def assessment_field(label):
    return models.CharField(label, max_length=16, choices=Assessment.choices, default=Assessment.NORMAL)


def found_concerns_q():
    """A visit that assessed anything as not normal."""
    return reduce(or_, (~Q(**{name: Assessment.NORMAL}) for name in ASSESSED))


def found_urgent_q():
    return reduce(or_, (Q(**{name: Assessment.URGENT}) for name in ASSESSED))


class VisitQuerySet(ScopedQuerySet):
    def in_week(self, monday):
        return self.filter(week_start=monday)

    def with_concerns(self):
        return self.filter(found_concerns_q())


class Visit(models.Model):
    """One call or home visit (§2.7): the five assessments, the reminders given and the overall risk."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visit date"))
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
    objects = VisitQuerySet.as_manager()

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
        if errors:
            raise ValidationError(errors)

    @property
    def iso_week(self):
        return self.visited_on.isocalendar()[:2]

    def assessments(self):
        return [
            (label, getattr(self, name), getattr(self, f"get_{name}_display")(), getattr(self, f"{name}_note"))
            for name, label in ASSESSED.items()
        ]

    def urgent_findings(self):
        return [
            (label, getattr(self, f"{name}_note")) for name, label in ASSESSED.items() if getattr(self, name) == Assessment.URGENT
        ]

    def concerns(self):
        return [label for name, label in ASSESSED.items() if getattr(self, name) != Assessment.NORMAL]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class FollowUp(models.Model):
    """A problem a visit found that someone must act on, tracked by the township and the bureau until closed."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="follow_ups")
    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="follow_ups")
    problem = models.TextField(_("problem"))
    assignee = models.CharField(_("assignee"), max_length=32)
    due_on = models.DateField(_("due by"))
    actions = models.TextField(_("actions taken"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    opened_on = models.DateField(_("opened on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
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
        return f"{self.elder}: {self.problem[:30]}"

    def is_overdue_on(self, day):
        return self.status != FollowUpStatus.RESOLVED and self.due_on < day


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

    @property
    def monday(self):
        return iso_week_start(self.iso_year, self.iso_week)


auditlog.register(
    Elder, mask_fields=["id_number", "health_notes"], mask_callable="zhongyang_eldercare.personal_data.mask_for_audit_log"
)
auditlog.register(ElderStatusChange)
auditlog.register(VisitorAssignment)
auditlog.register(MutualHelpPair)
auditlog.register(Placement)
auditlog.register(Visit)
auditlog.register(FollowUp)
auditlog.register(WeekApproval)
auditlog.register(PriorityRule)
auditlog.register(VisitFrequency)
auditlog.register(VisitSetting)
