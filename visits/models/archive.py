"""The elder archive (一档案, §2.6): the elders, who among them is a priority visiting target, their status history."""

from datetime import timedelta
from functools import reduce
from operator import or_

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Case, ExpressionWrapper, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits.models.rules import Criterion, PriorityRule, weekly_visits_required_in_db
from visits.models.visits import Visit, visits_in_week
from zhongyang_eldercare.accounts.scoping import ScopedManager, ScopedQuerySet
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate, week_start, years_before
from zhongyang_eldercare.kernel.history import DatedChange
from zhongyang_eldercare.kernel.identity import (
    Gender,
    IdNumberValidator,
    derive_from_id_number,
)
from zhongyang_eldercare.kernel.versions import VersionedModel
from zhongyang_eldercare.personal_data import register_personal


def latest_birth_date_for_age(age, on):
    """Anyone born on or before this day is at least ``age`` years old on ``on``.

    Born 29 February: in a common year the birthday counts from 1 March, as in ``Elder.age_on``.
    """
    return years_before(on, age)


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


def _holds(condition):
    return ExpressionWrapper(condition, output_field=models.BooleanField())


RULE_LABEL_END = "\n"  # ends each label in ``priority_rules_met`` (no rule label holds a line break)


def _labels_met(conditions):
    """An expression: the labels of the conditions an elder meets, in their order, each ended by RULE_LABEL_END."""
    labels = [Case(When(q, then=Value(f"{label}{RULE_LABEL_END}")), default=Value("")) for label, q in conditions]
    if len(labels) < 2:
        return labels[0] if labels else Value("")
    return Concat(*labels, output_field=models.TextField())


def priority_q(on, conditions):
    """A priority elder on ``on``: active then, and meeting a rule of ``priority_conditions(on)`` or marked by hand."""
    return reduce(or_, [q for _label, q in conditions], ~Q(manual_priority_reason="")) & active_on_q(on)


class ElderQuerySet(ScopedQuerySet):
    def with_priority(self, on, conditions=None):
        """Annotate ``is_priority`` and ``priority_rules_met``: the labels of the rules of
        ``priority_conditions(on)`` the elder meets, each ended by ``RULE_LABEL_END`` (``Elder.priority_reasons``)."""
        conditions = priority_conditions(on) if conditions is None else conditions
        return self.annotate(
            priority_rules_met=_labels_met(conditions),
            is_priority=Case(When(priority_q(on, conditions), then=Value(True)), default=Value(False)),
        )

    def priority_on(self, on, conditions=None):
        return self.with_priority(on, conditions).filter(is_priority=True)

    def with_visit_facts(self, on):
        """Annotate the visits of ``on``'s ISO week and the week before, ``visited_this_week`` (enough visits
        this week, ``weekly_visits_required``), ``missed_last_week`` (too few last week), ``last_visit_on``
        and ``last_risk`` (the latest visit's overall risk). No query of its own: the visits a week asks
        for are read by the database in the same query (``weekly_visits_required_in_db``)."""
        this_week = week_start(on)
        latest = Visit.objects.filter(elder=OuterRef("pk"), visited_on__lte=on).order_by("-visited_on", "-pk")
        return self.annotate(
            visits_this_week=visits_in_week(this_week),
            visits_last_week=visits_in_week(this_week - timedelta(days=7)),
            last_visit_on=Subquery(latest.values("visited_on")[:1]),
            last_risk=Subquery(latest.values("overall_risk")[:1]),
        ).annotate(
            visited_this_week=_holds(Q(visits_this_week__gte=weekly_visits_required_in_db(on))),
            missed_last_week=_holds(Q(visits_last_week__lt=weekly_visits_required_in_db(this_week - timedelta(days=1)))),
        )


class Elder(VersionedModel):
    """One archived rural elder. Never deleted: people move away or die, and their history stays."""

    name = models.CharField(_("full name"), max_length=32)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[IdNumberValidator()],
        # not "already in the archive": a township must not learn that another township archives this person
        error_messages={
            "unique": _("The record cannot be created with this ID number; please contact the county civil affairs bureau.")
        },
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False, validators=[PlausibleDate(DateMeaning.BIRTH)])
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
    archived_on = models.DateField(_("archived on"), default=timezone.localdate, validators=[PlausibleDate(DateMeaning.HAPPENED)])
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    township_lookup = "village__township"
    objects = ElderQuerySet.as_manager()

    class Meta:
        verbose_name = _("elder")
        verbose_name_plural = _("elders")
        ordering = ["village", "name", "pk"]
        indexes = [
            models.Index(fields=["village", "status"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["village", "name", "id"], name="elder_archive_order"),
        ]
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
        reasons = [label for label in self.priority_rules_met.split(RULE_LABEL_END) if label]
        if self.manual_priority_reason:
            reasons.append(_("Added by hand: %(reason)s") % {"reason": self.manual_priority_reason})
        return reasons

    @property
    def died_on(self):
        return self.status_since if self.status == ElderStatus.DECEASED else None

    def clean_fields(self, exclude=None):
        self.derive_from_id_number()
        super().clean_fields(exclude=exclude)

    def derive_from_id_number(self):
        """Gender and birth date are what the ID number says (GB 11643); an invalid number sets nothing."""
        derive_from_id_number(self)

    def clean(self):
        if self.children_count == 0:
            self.children_in_county = False


class ElderStatusChange(DatedChange):
    """The archive's history of an elder's status: one row per change, with the date it happened."""

    elder = models.ForeignKey(Elder, verbose_name=_("elder"), on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=ElderStatus.choices)

    township_lookup = "elder__village__township"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("elder status change")
        verbose_name_plural = _("elder status changes")
        ordering = ["elder", "changed_on", "pk"]

    def __str__(self):
        return f"{self.elder} {self.get_status_display()} {self.changed_on}"


register_personal(Elder, id_numbers=["id_number"], texts=["health_notes", "birth_date"])
auditlog.register(ElderStatusChange)
