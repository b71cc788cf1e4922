"""Places: the county, its townships, administrative villages and relocation sites."""

from dataclasses import dataclass
from decimal import Decimal

from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.scoping import ScopedQuerySet
from zhongyang_eldercare.kernel.versions import VersionedModel


def _facilities():
    """The Facility model: the registry imports the places, so the places look it up in the app registry."""
    return apps.get_model("facilities", "Facility")


class CityQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """The cities of the counties ``user`` may read (``County.objects.for_user``): a county's staff their
        county's city, the city bureau its own, the administrator of the installation every city."""
        return self.filter(pk__in=County.objects.for_user(user).values("city"))


class City(models.Model):
    """A prefecture-level city (e.g. 吕梁市): its civil affairs bureau reads the counties side by side."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self):
        return self.name


class County(models.Model):
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True, related_name="counties"
    )
    name = models.CharField(_("name"), max_length=64, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    is_synthetic = models.BooleanField(
        _("synthetic data"),
        default=False,
        editable=False,
        help_text=_("Built by make_synthetic for measurements; every place and record under it is made up."),
    )

    county_lookup = "pk"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class TownshipKind(models.TextChoices):
    TOWN = "town", _("Town (镇)")
    XIANG = "xiang", _("Township (乡)")


class TownshipQuerySet(ScopedQuerySet):
    def with_elderly(self):
        """Annotate ``elderly``: the villages' elderly population, or the township's own figure where
        its villages give none (0 without either)."""
        villages = (
            Village.objects.filter(township=OuterRef("pk"), elderly_population__isnull=False)
            .order_by()
            .values("township")
            .annotate(total=Sum("elderly_population"))
            .values("total")
        )
        return self.annotate(elderly=Coalesce(NullIf(Subquery(villages), 0), "elderly_population", 0))

    def with_beds_on(self, on):
        """Annotate ``elderly`` and ``beds_in_service``: the beds on ``on`` (``BedCount``) of every facility
        in service that day, nursing homes included (§1). Still one query; ``Township.bed_ratio`` reads both."""
        beds = (
            _facilities()
            .objects.in_service_on(on)
            .filter(township=OuterRef("pk"))
            .with_beds_on(on)
            .order_by()
            .values("township")
            .annotate(total=Sum("beds_on"))
            .values("total")
        )
        return self.with_elderly().annotate(beds_in_service=Coalesce(Subquery(beds), 0))


@dataclass(frozen=True)
class BedRatio:
    """Beds in service and the elderly population they are counted against (§1: at least 35 per 1,000)."""

    beds: int
    elderly: int  # 0 when no population figure is recorded

    @property
    def per_thousand(self):
        """Beds per 1,000 elderly, to one decimal, or None without a population figure."""
        if not self.elderly:
            return None
        return (Decimal(self.beds) * 1000 / self.elderly).quantize(Decimal("0.1"))

    def __add__(self, other):
        return BedRatio(self.beds + other.beds, self.elderly + other.elderly)


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
    objects = TownshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def bed_ratio(self):
        """Beds per 1,000 elderly on the day the township was read for (``Township.objects.with_beds_on``)."""
        return BedRatio(self.beds_in_service, self.elderly)


def _coverage_by_township(places, covered_on):
    """{day: {township id: (places covered that day, places in total)}} in one grouped query.

    ``covered_on``: {day: a subquery of the pks of the places covered that day}.
    """
    days = list(covered_on)
    counts = {f"covered_{index}": Count("pk", filter=Q(pk__in=covered_on[day])) for index, day in enumerate(days)}
    rows = list(places.order_by().values("township_id").annotate(total=Count("pk"), **counts))
    return {day: {row["township_id"]: (row[f"covered_{index}"], row["total"]) for row in rows} for index, day in enumerate(days)}


class VillageQuerySet(ScopedQuerySet):
    def coverage_by_township(self, on):
        """Per township id: (villages covered on ``on``, villages in total), in one query (§2.2)."""
        return self.coverage_by_township_on([on])[on]

    def coverage_by_township_on(self, days):
        """{day: {township id: (villages covered, villages in total)}} for several days, still one query.

        A village is covered on a day when a village-level facility serving it is in service at the
        end of that day (``Facility.objects.covering``).
        """
        # only the facilities of these villages: the cost follows the scope, not every county of the installation
        facilities = _facilities().objects.filter(village__in=self.order_by().values("pk"))
        return _coverage_by_township(self, {day: facilities.covering(day).values("village_id") for day in days})


class Village(VersionedModel):
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

    def clean(self):
        if self.population is not None and self.elderly_population is not None and self.elderly_population > self.population:
            raise ValidationError({"elderly_population": _("The elderly population cannot exceed the population.")})


class RelocationSiteQuerySet(ScopedQuerySet):
    def coverage_by_township(self, on):
        """Per township id: (sites with a day care center in service on ``on``, sites in total), in one query (§2.2)."""
        facilities = _facilities().objects.filter(relocation_site__in=self.order_by().values("pk"))
        return _coverage_by_township(self, {on: facilities.covering_sites(on).values("relocation_site_id")})[on]


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


auditlog.register(City)
auditlog.register(County)
auditlog.register(Township)
auditlog.register(Village)
auditlog.register(RelocationSite)
