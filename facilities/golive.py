"""Go-live data: the county's real villages and relocation sites from Excel (issue 15, item 4).

Two imports through the portal's two-step import (zhongyang_eldercare/imports.py: a dry run with a
row-by-row report in Chinese, then an all-or-nothing write), for the bureau only and only into its
own county: a township is named by its name and looked up among the user's townships
(``Township.objects.for_user``), so a row naming a township of another county, or none, is refused
with that row's error. A village is keyed by (township, name): importing the file again updates it.

After the rows, the villages per township (the real ones: sample villages of the demo are not
counted) are compared with the plan's task table (the plan in force today, ``facilities.plans``):
a township of the file whose count differs from the table's "villages in total" makes the whole
file invalid, with the township, the table's count and the count found named — a mismatch is
reported, never silently accepted.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from import_export import fields, resources
from import_export.results import Error

from facilities.models import RelocationSite, Township, Village
from facilities.plans import plan_in_force
from facilities.resources import ScopedPlaceWidget
from zhongyang_eldercare.imports import SpreadsheetImportView
from zhongyang_eldercare.kernel.import_widgets import IntegerWidget, YesNoWidget
from zhongyang_eldercare.kernel.spreadsheets import import_template_bytes, xlsx_response


class TownshipWidget(ScopedPlaceWidget):
    """The township by name, among the user's; the template offers them as a drop-down."""

    def __init__(self, user):
        super().__init__(Township, user)

    def template_choices(self):
        return [township.name for township in Township.objects.for_user(self.user)]


def _field(model, attribute, widget):
    return fields.Field(attribute=attribute, column_name=str(model._meta.get_field(attribute).verbose_name), widget=widget)


class PlaceResource(resources.ModelResource):
    """A place of a township, keyed by township and name; every column's header is the field's Chinese name."""

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        self.fields["township"] = fields.Field(
            attribute="township", column_name=str(self._meta.model._meta.get_field("township").verbose_name),
            widget=TownshipWidget(user),
        )  # fmt: skip
        self.fields = {name: self.fields[name] for name in self._meta.fields}  # the template's columns in this order

    def get_queryset(self):
        return self._meta.model.objects.for_user(self.user)

    def get_import_id_fields(self):
        return ["township", "name"]


class VillageResource(PlaceResource):
    name = _field(Village, "name", None)
    is_township_seat = _field(Village, "is_township_seat", YesNoWidget())
    population = _field(Village, "population", IntegerWidget())
    elderly_population = _field(Village, "elderly_population", IntegerWidget())
    has_clinic = _field(Village, "has_clinic", YesNoWidget())

    class Meta:
        model = Village
        fields = ["township", "name", "is_township_seat", "population", "elderly_population", "has_clinic"]
        import_id_fields = ["township", "name"]
        clean_model_instances = True
        skip_diff = True
        use_bulk = False
        store_instance = True  # after_import reads each row's township

    def after_import(self, dataset, result, **kwargs):
        """The villages per township of the file against the plan's task table (see the module's docstring)."""
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        for message in village_count_mismatches(self.user, _townships_of(result)):
            result.append_base_error(Error(ValueError(message)))


class RelocationSiteResource(PlaceResource):
    name = _field(RelocationSite, "name", None)
    elderly_population = _field(RelocationSite, "elderly_population", IntegerWidget())

    class Meta:
        model = RelocationSite
        fields = ["township", "name", "elderly_population"]
        import_id_fields = ["township", "name"]
        clean_model_instances = True
        skip_diff = True
        use_bulk = False


def _townships_of(result):
    return {row.instance.township_id for row in result.rows if getattr(row, "instance", None) is not None}


def village_count_mismatches(user, township_ids):
    """One message per township of ``township_ids`` whose real villages differ from the table's count."""
    townships = Township.objects.for_user(user).filter(pk__in=township_ids).select_related("county").order_by("position")
    messages = []
    plans = {}
    for township in townships:
        county = township.county
        plans.setdefault(county.pk, plan_in_force(county, timezone.localdate()))
        plan = plans[county.pk]
        row = plan.plan_rows.filter(township=township).first() if plan else None
        if row is None:
            continue
        found = Village.objects.in_township(township).filter(is_sample=False).count()
        if found != row.villages_total:
            messages.append(
                _("%(township)s: the task table of %(plan)s counts %(expected)s villages, the portal would hold %(found)s.")
                % {"township": township.name, "plan": plan.code, "expected": row.villages_total, "found": found}
            )
    return messages


class GoLiveImportView(SpreadsheetImportView):
    """The bureau loads its county's places; everyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _bureau_only(request.user)
        return super().dispatch(request, *args, **kwargs)


class VillageImportView(GoLiveImportView):
    resource_class = VillageResource
    title = gettext_lazy("Import administrative villages")
    template_url = reverse_lazy("facilities:village_template")
    success_url = reverse_lazy("facilities:villages")


class RelocationSiteImportView(GoLiveImportView):
    resource_class = RelocationSiteResource
    title = gettext_lazy("Import relocation sites")
    template_url = reverse_lazy("facilities:site_template")
    success_url = reverse_lazy("facilities:villages")


def template_bytes(resource_class, user, title, notes=()):
    return import_template_bytes(resource_class(user=user), title=title, notes=notes)


@require_safe
@login_required
def village_template(request):
    _bureau_only(request.user)
    notes = [
        _("One row per administrative village of your county; a village already in the portal (same township and "
          "name) is updated."),
        _("Villages over 1,000 people are read from the population (§2.2)."),
        _("The villages per township must add up to the plan's task table (villages in total)."),
    ]  # fmt: skip
    content = template_bytes(VillageResource, request.user, _("Administrative villages"), notes)
    return xlsx_response(content, "villages-template.xlsx")


@require_safe
@login_required
def site_template(request):
    _bureau_only(request.user)
    notes = [_("One row per relocation site of your county; a site already in the portal (same township and name) is updated.")]
    content = template_bytes(RelocationSiteResource, request.user, _("Relocation sites"), notes)
    return xlsx_response(content, "relocation-sites-template.xlsx")


def _bureau_only(user):
    if not user.is_bureau:
        raise PermissionDenied
