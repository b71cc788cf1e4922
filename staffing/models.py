"""Staffing (§2.5): public-welfare posts (公益性岗位) at the facilities, the workers who hold them, their training.

* Reference data, rows the bureau edits: ``PostKind`` (照料护理员, 炊事员 …), ``FundingSource`` (光伏扶贫收益,
  就业基金 …), ``TrainingProgramme`` (吕梁山护工 …) and ``StaffingRule`` (a ``PolicyRule``: the minimum posts for a
  facility type with or without meals, its document, clause and period; the kernel's one overlap rule).
* Records a township keeps: ``Worker`` (a person, ID number through the one GB 11643 validator), ``Post`` (a
  position at a facility, from ``since`` to ``until``), ``Holding`` (a worker in a post, from ``since`` to
  ``until``: a change of worker ends one holding and starts another) and ``Training``.

A worker holds at most one full-time post on any day: ``Holding.clean`` says so in Chinese on every
database, and on PostgreSQL an exclusion constraint holds it against races (``staffing.constraints``).
"""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import FacilityKind
from staffing.constraints import PeriodExclusion
from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.dates import NOT_IN_FUTURE_MESSAGE, DateMeaning, PlausibleDate, is_in_future
from zhongyang_eldercare.kernel.identity import (
    Gender,
    IdNumberValidator,
    derive_from_id_number,
)
from zhongyang_eldercare.kernel.periods import PeriodQuerySet, PeriodRecord, holds_on_q, overlaps_q
from zhongyang_eldercare.kernel.rules import PolicyRule, RuleQuerySet, particular_or_general
from zhongyang_eldercare.personal_data import register_personal

# --- Reference data ------------------------------------------------------------------------------


class ReferenceRow(models.Model):
    """A named row of reference data, loaded by ``load_policy`` and editable by the bureau."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PostKind(ReferenceRow):
    is_caregiver = models.BooleanField(
        _("caregiver post"),
        default=False,
        help_text=_("§2.5: caregivers join the caregiver training and are counted in its share."),
    )

    class Meta(ReferenceRow.Meta):
        verbose_name = _("post kind")
        verbose_name_plural = _("post kinds")


class FundingSource(ReferenceRow):
    class Meta(ReferenceRow.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")


class TrainingProgramme(ReferenceRow):
    for_caregivers = models.BooleanField(
        _("the caregivers' training"),
        default=False,
        help_text=_("§2.5: caregivers join this training (吕梁山护工); the overview shows the share who completed it."),
    )

    class Meta(ReferenceRow.Meta):
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")


class MealCondition(models.TextChoices):
    ANY = "any", _("With or without meals")
    WITH = "with", _("Serves meals")
    WITHOUT = "without", _("Serves no meals")


class StaffingRuleQuerySet(RuleQuerySet):
    def by_key(self, on):
        """{(facility kind, meal condition): the rule in force on ``on``}, by the kernel's overlap rule. One query."""
        return self.in_force_by(on, "facility_kind", "meals")


def rule_for(rules, kind, serves_meals):
    """The rule for a facility of ``kind`` that does (not) serve meals, among ``StaffingRule.objects.by_key(on)``:
    the rule naming the meal condition wins over the rule for any condition, unless that one started later
    (``kernel.rules.particular_or_general``: a newer plan's rule for every case replaces an older plan's)."""
    condition = MealCondition.WITH if serves_meals else MealCondition.WITHOUT
    return particular_or_general(rules.get((kind, condition)), rules.get((kind, MealCondition.ANY)))


class StaffingRule(PolicyRule):
    """The fewest public-welfare posts a facility of a type must have (§2.5)."""

    facility_kind = models.CharField(_("facility type"), max_length=32, choices=FacilityKind.choices)
    meals = models.CharField(_("meal service"), max_length=8, choices=MealCondition.choices, default=MealCondition.ANY)
    min_posts = models.PositiveSmallIntegerField(_("minimum posts"))
    quote = models.TextField(_("quoted text"), blank=True)

    objects = StaffingRuleQuerySet.as_manager()

    class Meta(PolicyRule.Meta):
        verbose_name = _("staffing minimum")
        verbose_name_plural = _("staffing minimums")
        ordering = ["facility_kind", "meals", "valid_from"]
        constraints = [
            *PolicyRule.Meta.constraints,
            models.UniqueConstraint(fields=["document", "facility_kind", "meals"], name="unique_staffing_rule_per_document"),
        ]

    def __str__(self):
        return f"{self.get_facility_kind_display()} {self.get_meals_display()} ≥ {self.min_posts}（{self.clause}）"


# --- Workers -------------------------------------------------------------------------------------


class WorkerQuerySet(ScopedQuerySet):
    def employed_on(self, on):
        return self.filter(holds_on_q(on, start="hired_on", end="left_on"))


class Worker(models.Model):
    """A person who holds (or held) a public-welfare post. Never deleted: their posts and training stay."""

    name = models.CharField(_("full name"), max_length=32)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[IdNumberValidator()],
        error_messages={"unique": _("A worker with this ID number is already recorded.")},
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False, validators=[PlausibleDate(DateMeaning.BIRTH)])
    township = models.ForeignKey(
        "facilities.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="workers"
    )
    home_village = models.ForeignKey(
        "facilities.Village",
        verbose_name=_("home village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_registered_poor = models.BooleanField(
        _("from a registered poor household (建档立卡贫困户)"),
        default=False,
        help_text=_("§2.5: caregivers are hired first from registered poor households."),
    )
    hired_on = models.DateField(_("hired on"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.HAPPENED)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    township_lookup = "township"
    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["township__position", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("hired_on")),
                name="worker_leaves_after_hire",
                violation_error_message=_("The leaving date is before the hiring date."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staffing:worker", args=[self.pk])

    def clean_fields(self, exclude=None):
        self.derive_from_id_number()
        super().clean_fields(exclude=exclude)

    def derive_from_id_number(self):
        """Gender and birth date are what the ID number says (GB 11643); an invalid number sets nothing."""
        derive_from_id_number(self)

    def clean(self):
        errors = {}
        if self.home_village_id and self.township_id and self.home_village.township_id != self.township_id:
            errors["home_village"] = _("This village belongs to another township.")
        if is_in_future(self.hired_on):
            errors["hired_on"] = NOT_IN_FUTURE_MESSAGE
        if self.left_on and self.hired_on and self.left_on < self.hired_on:
            errors["left_on"] = _("The leaving date is before the hiring date.")
        elif self.pk and self.hired_on:
            errors.update(self._holding_errors())
        if errors:
            raise ValidationError(errors)

    def _holding_errors(self):
        """The worker's holdings must lie within the hiring and leaving dates, and the posts held now (or later) must
        be in the worker's township: a worker moved to another township would take them into it."""
        holdings = list(self.holdings.select_related("post__facility"))
        today = timezone.localdate()
        elsewhere = [
            holding
            for holding in holdings
            if holding.post.facility.township_id != self.township_id and (holding.until is None or holding.until >= today)
        ]
        if elsewhere:
            message = _("The worker holds a post at %(facility)s in another township; end the holding first.")
            return {"township": message % {"facility": elsewhere[0].post.facility.name}}
        if any(holding.since < self.hired_on for holding in holdings):
            return {"hired_on": _("The worker holds a post before this date; correct the post first.")}
        if self.left_on and any(holding.until is None or holding.until > self.left_on for holding in holdings):
            return {"left_on": _("The worker still holds a post after this date; end the holding first.")}
        return {}


# --- Posts and who holds them -----------------------------------------------------------------------


class PostQuerySet(ScopedQuerySet, PeriodQuerySet):
    def with_holder_on(self, on):
        """Annotate ``is_filled``: someone holds the post on ``on``."""
        return self.annotate(is_filled=Exists(Holding.objects.filter(post=OuterRef("pk")).current(on)))

    def open_during(self, first, last):
        """Posts that existed on at least one day of ``first``–``last``."""
        return self.filter(overlaps_q(first, last))


class Post(PeriodRecord):
    """A public-welfare post (公益性岗位) at a facility, from ``since`` (its start) until ``until`` (its end)."""

    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("facility"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.ForeignKey(PostKind, verbose_name=_("post kind"), on_delete=models.PROTECT, related_name="+")
    full_time = models.BooleanField(_("full-time"), default=True)
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    monthly_pay = models.DecimalField(
        _("monthly pay (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("The monthly pay cannot be negative."))],
    )

    township_lookup = "facility__township"
    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("public-welfare post")
        verbose_name_plural = _("public-welfare posts")
        ordering = ["facility", "since", "pk"]
        indexes = [models.Index(fields=["facility", "since"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_pay__gte=0),
                name="post_pay_not_negative",
                violation_error_message=_("The monthly pay cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="post_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.facility} · {self.kind}"

    def get_absolute_url(self):
        return reverse("staffing:post", args=[self.pk])

    def clean(self):
        super().clean()
        if self.pk and self.facility_id:
            before = Post.objects.filter(pk=self.pk).values_list("facility__township_id", flat=True).first()
            if before is not None and before != self.facility.township_id and self.holdings.exists():
                message = _("The post has been held: it stays in its township. End it and create a post there instead.")
                raise ValidationError({"facility": message})
        if self.pk and self.since:
            held = list(self.holdings.all())
            if any(holding.since < self.since for holding in held):
                raise ValidationError({"since": _("The post is held before this date; correct the holding first.")})
            if self.until and any(holding.until is None or holding.until > self.until for holding in held):
                raise ValidationError({"until": _("The post is held after this date; end the holding first.")})


class HoldingQuerySet(ScopedQuerySet, PeriodQuerySet):
    pass


class Holding(PeriodRecord):
    """A worker in a post from ``since`` until ``until`` (open while still held)."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="holdings")
    worker = models.ForeignKey(Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="holdings")
    # The post's own flag, copied by ``clean`` (and by the service when the post changes): the
    # exclusion constraint can only read the holding's own columns.
    full_time = models.BooleanField(_("full-time"), default=True, editable=False)

    township_lookup = "post__facility__township"
    objects = HoldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("post holding")
        verbose_name_plural = _("post holdings")
        ordering = ["post", "-since", "pk"]
        indexes = [models.Index(fields=["worker", "since"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="holding_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            PeriodExclusion(name="holding_one_full_time_post_at_a_time", key="worker", condition=Q(full_time=True)),
            PeriodExclusion(name="holding_one_worker_per_post_at_a_time", key="post"),
        ]

    def __str__(self):
        return f"{self.worker} · {self.post}"

    def clean(self):
        super().clean()
        if not (self.post_id and self.worker_id and self.since):
            return
        self.full_time = self.post.full_time
        errors = {}
        for field, message in self._errors():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _errors(self):
        post, worker = self.post, self.worker
        if worker.township_id != post.facility.township_id:
            yield "worker", _("This worker belongs to another township.")
            return
        if self.since < post.since or (post.until and (self.until is None or self.until > post.until)):
            yield "since", _("A post is held within its own dates (%(period)s).") % {"period": _period(post)}
        if self.since < worker.hired_on or (worker.left_on and (self.until is None or self.until > worker.left_on)):
            yield "since", _("%(name)s is employed from %(period)s only.") % {"name": worker.name, "period": _period(worker)}
        others = Holding.objects.exclude(pk=self.pk).filter(overlaps_q(self.since, self.until)).select_related("worker")
        holder = others.filter(post=post).first()
        if holder:
            message = _("%(name)s holds this post from %(since)s; end that holding first.")
            yield "since", message % {"name": holder.worker.name, "since": holder.since.isoformat()}
        if self.full_time:
            other = others.filter(worker=worker, full_time=True).select_related("post__facility", "post__kind").first()
            if other:
                yield (
                    "worker",
                    _(
                        "%(name)s already holds a full-time post over these dates (%(post)s, %(period)s); "
                        "a worker holds one full-time post at a time."
                    )
                    % {"name": worker.name, "post": other.post, "period": _period(other)},
                )


def _period(record, start="since", end="until"):
    if isinstance(record, Worker):
        start, end = "hired_on", "left_on"
    first, last = getattr(record, start), getattr(record, end)
    return f"{first.isoformat()} – {last.isoformat() if last else _('now')}"


# --- Training -----------------------------------------------------------------------------------------


class TrainingResult(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class TrainingQuerySet(ScopedQuerySet):
    def completed_by(self, on):
        """Training passed and ended by ``on``."""
        return self.filter(result=TrainingResult.PASSED, ended_on__lte=on)


class Training(models.Model):
    worker = models.ForeignKey(Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="trainings")
    programme = models.ForeignKey(
        TrainingProgramme, verbose_name=_("training programme"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("start date"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    ended_on = models.DateField(_("end date"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.PLANNED)])
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0, message=_("The hours cannot be negative."))]
    )
    result = models.CharField(_("result"), max_length=16, choices=TrainingResult.choices, default=TrainingResult.IN_PROGRESS)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    township_lookup = "worker__township"
    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["worker", "-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="training_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="training_hours_not_negative",
                violation_error_message=_("The hours cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.worker} · {self.programme}"

    def clean(self):
        errors = {}
        if is_in_future(self.started_on):
            errors["started_on"] = NOT_IN_FUTURE_MESSAGE
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date is before the start date.")
        elif self.result == TrainingResult.PASSED and not self.ended_on:
            errors["ended_on"] = _("A passed training needs its end date.")
        if errors:
            raise ValidationError(errors)


auditlog.register(PostKind)
auditlog.register(FundingSource)
auditlog.register(TrainingProgramme)
auditlog.register(StaffingRule)
register_personal(Worker, id_numbers=["id_number"], texts=["phone", "birth_date"])
auditlog.register(Post)
auditlog.register(Holding)
auditlog.register(Training)
