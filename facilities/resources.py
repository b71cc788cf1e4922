"""Facilities in and out of Excel (django-import-export), scoped to the user's township.

Columns carry Chinese headers (the translated verbose names). Places, types and
choices are written as their Chinese names, rooms and equipment as names joined
with 、. A row that names another township, or a village outside the user's
township, is refused with that row's error.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from facilities.models import (
    ApprovalKind,
    BuildingSource,
    Facility,
    FacilityKind,
    FacilityStatus,
    Feature,
    FeatureCategory,
    OperatingModel,
    RelocationSite,
    Township,
    Village,
)
from facilities.services import record_status_change, save_facility
from zhongyang_eldercare.kernel.import_widgets import ChoiceWidget, DateWidget, YesNoWidget


class ScopedPlaceWidget(widgets.ForeignKeyWidget):
    """A place by its name, looked up only among the places the user may use (and in the row's township)."""

    def __init__(self, model, user, township_column=None):
        super().__init__(model, "name")
        self.user, self.township_column = user, township_column

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = self.model.objects.for_user(self.user)
        if self.township_column:
            queryset = queryset.filter(township__name=row.get(self.township_column))
        return queryset

    def template_choices(self):
        """The blank template's drop-down: the townships the user may use (a village depends on the row's township,
        so villages and sites are typed, as on the village list)."""
        if self.township_column:
            return []
        names = self.model.objects.for_user(self.user).order_by("position", "name").values_list("name", flat=True)
        return [str(name) for name in names]

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        try:
            return self.get_queryset(value, row).get(name=value)
        except self.model.DoesNotExist:
            raise ValueError(
                _("“%(name)s” is not a %(kind)s of your township.") % {"name": value, "kind": self.model._meta.verbose_name}
            ) from None


class FeatureNamesWidget(widgets.ManyToManyWidget):
    def __init__(self, category):
        super().__init__(Feature, separator="、", field="name")
        self.category = category

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").replace(",", "、").replace("，", "、").split("、") if name.strip()]
        found = Feature.objects.filter(category=self.category, name__in=names)
        unknown = sorted(set(names) - {feature.name for feature in found})
        if unknown:
            raise ValueError(_("Unknown names: %(names)s") % {"names": "、".join(unknown)})
        return found


def _field(attribute, widget=None, **kwargs):
    label = Facility._meta.get_field(attribute).verbose_name
    return fields.Field(attribute=attribute, column_name=label, widget=widget, **kwargs)


class FacilityResource(resources.ModelResource):
    id = fields.Field(attribute="id", column_name=gettext_lazy("ID (empty for a new facility)"), widget=widgets.IntegerWidget())
    kind = _field("kind", ChoiceWidget(FacilityKind))
    # Places by name; their widgets need the user, so __init__ sets them.
    township = _field("township")
    village = _field("village")
    relocation_site = _field("relocation_site")
    status = fields.Field(column_name=gettext_lazy("Status"), widget=ChoiceWidget(FacilityStatus))
    status_on = fields.Field(column_name=gettext_lazy("Status since"), widget=DateWidget())
    building_source = _field("building_source", ChoiceWidget(BuildingSource))
    approval_kind = _field("approval_kind", ChoiceWidget(ApprovalKind))
    approval_date = _field("approval_date", DateWidget())
    operating_model = _field("operating_model", ChoiceWidget(OperatingModel))
    rooms = _field("rooms", FeatureNamesWidget(FeatureCategory.ROOM))
    equipment = _field("equipment", FeatureNamesWidget(FeatureCategory.EQUIPMENT))
    shortfalls = fields.Field(column_name=gettext_lazy("Shortfalls against the standard"), readonly=True)

    class Meta:
        model = Facility
        fields = [
            "id", "name", "kind", "township", "village", "relocation_site", "status", "status_on", "planned_year",
            "building_source", "approval_kind", "approval_date", "approval_number", "floor_area", "rooms", "equipment",
            "beds", "nursing_beds", "serves_meals", "merged_with_clinic", "operating_model", "has_medical_unit",
            "medical_partner", "in_insurance_network", "open_to_public", "contact_person", "contact_phone", "shortfalls",
        ]  # fmt: skip
        clean_model_instances = True
        skip_diff = True
        use_bulk = False

    BOOLEAN_FIELDS = ("serves_meals", "merged_with_clinic", "has_medical_unit", "in_insurance_network", "open_to_public")

    def __init__(self, *, user, assessment=None):
        """``assessment``: the exported facilities' shortfalls (facilities.compliance), for the shortfalls column."""
        super().__init__()
        self.user, self.assessment = user, assessment
        township_column = str(Facility._meta.get_field("township").verbose_name)
        self.fields["township"].widget = ScopedPlaceWidget(Township, user)
        self.fields["village"].widget = ScopedPlaceWidget(Village, user, township_column)
        self.fields["relocation_site"].widget = ScopedPlaceWidget(RelocationSite, user, township_column)
        for name in self.BOOLEAN_FIELDS:
            self.fields[name].widget = YesNoWidget()
        for name, field in self.fields.items():
            if field.column_name == name:
                field.column_name = Facility._meta.get_field(name).verbose_name
            field.column_name = str(field.column_name)  # the active language's header

    def get_queryset(self):
        return Facility.objects.for_user(self.user)

    def before_import_row(self, row, **kwargs):
        key = self.fields["id"].column_name
        if row.get(key) not in (None, "") and not self.get_queryset().filter(pk=row[key]).exists():
            raise ValidationError({"id": _("No facility with this ID in your township.")})

    def save_instance(self, instance, is_create, row, **kwargs):
        """Save through the facility service (which keeps the bed and meal histories), then record the status.

        A new facility's status is the row's (planned when empty) from the row's status date, from
        which its beds and meal service count too; an existing facility's status goes into its history
        when the row changes it. (``run_import`` always runs in a transaction, dry runs included.)
        """
        status = self._row_value("status", row) or (FacilityStatus.PLANNED if is_create else "")
        day = self._row_value("status_on", row)
        changes_status = bool(status) and (is_create or status != instance.status)
        if changes_status and day is None:
            raise ValidationError({"status_on": _("Give the date of the status.")})
        save_facility(facility=instance, by=self.user, status_on=day if is_create else None)
        if not changes_status:
            return
        try:
            record_status_change(facility=instance, status=status, changed_on=day, by=self.user, note=_("Excel import"))
        except ValidationError as error:
            raise ValidationError({"status_on": error.messages}) from error

    def _row_value(self, name, row):
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError as error:
            raise ValidationError({name: str(error)}) from error

    def dehydrate_status(self, facility):
        return facility.get_status_display() if facility.pk else ""

    def dehydrate_status_on(self, facility):
        changes = list(facility.status_changes.all()) if facility.pk else []
        return max((change.changed_on for change in changes), default="")

    def dehydrate_shortfalls(self, facility):
        if not facility.pk or self.assessment is None:
            return ""
        return "；".join(str(shortfall) for shortfall in self.assessment.shortfalls(facility))
