"""Places: the county, its townships, administrative villages and relocation sites."""

from dataclasses import dataclass
from decimal import Decimal

from auditlog.registry import auditlog
from django.apps import apps
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.accounts.scoping import ScopedQuerySet


def _facilities():
    """The Facility model: the registry imports the places, so the places look it up in the app registry."""
    return apps.get_model("facilities", "Facility")


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


class TownshipQuerySet(ScopedQuerySet):
    def with_elderly(self):
        """Annotate ``elderly``: the villages' elderly population, or the township's own figure
        when none of its villages gives one."""
        villages = (
            Village.objects.filter(township=OuterRef("pk"), elderly_population__isnull=False)
            .order_by()
            .values("township")
            .annotate(total=Sum("elderly_population"))
            .values("total")
        )
        return self.annotate(elderly=Coalesce(Subquery(villages), "elderly_population"))

    def beds_per_thousand(self, on):
        """Per township id: BedRatio(beds in service on ``on``, elderly population, beds per 1,000).

        Two queries, both aggregated in the database: the townships' elderly
        population and the beds (as counted on ``on``, ``BedCount``) of facilities built or operating on ``on``.
        """
        beds = dict(
            _facilities()
            .objects.in_service_on(on)
            .filter(township__in=self.values("pk"))
            .with_beds_on(on)
            .order_by()
            .values_list("township_id")
            .annotate(total=Sum("beds_on"))
        )
        return {
            township.pk: BedRatio(beds.get(township.pk) or 0, township.elderly)
            for township in self.with_elderly().order_by().only("pk")
        }


@dataclass(frozen=True)
class BedRatio:
    beds: int
    elderly: int | None

    @property
    def per_thousand(self):
        """Beds per 1,000 elderly (§1: the target is 35), or None without a population figure."""
        if not self.elderly:
            return None
        return (Decimal(self.beds) * 1000 / self.elderly).quantize(Decimal("0.1"))

    def __add__(self, other):
        elderly = (self.elderly or 0) + (other.elderly or 0)
        return BedRatio(self.beds + other.beds, elderly or None)


def county_beds_per_thousand(on, townships=None):
    """The county's BedRatio on ``on``: the townships' beds and populations added up."""
    ratios = (townships if townships is not None else Township.objects.all()).beds_per_thousand(on)
    return sum(ratios.values(), BedRatio(0, None))


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


class VillageQuerySet(ScopedQuerySet):
    def coverage_by_township(self, on):
        """Per township id: (villages covered on ``on``, villages in total), in one query."""
        covered_ids = _facilities().objects.covering(on).values("village_id")
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
        covered_ids = _facilities().objects.covering_sites(on).values("relocation_site_id")
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


auditlog.register(Township)
auditlog.register(Village)
auditlog.register(RelocationSite)
