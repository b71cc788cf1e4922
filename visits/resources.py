"""Import of the elder archive from Excel (the columns of the downloadable template, headers in Chinese).

ID numbers must arrive as text: Excel keeps only 15 significant digits of a
number, so an 18-digit ID typed into a numeric cell has already lost its last
digits. Such a cell is refused with a row error rather than guessed at.
"""

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from facilities.models import Township, Village
from visits import summaries
from visits.models import Elder, LivingArrangement, SelfCare
from zhongyang_eldercare.imports import BulkCreateMixin
from zhongyang_eldercare.kernel.import_widgets import ChoiceWidget, CountWidget, IdNumberWidget, YesNoWidget


def township_column():
    """The template's first column: the township, so that bureau staff can name a village of any township."""
    return str(capfirst(Township._meta.verbose_name))


class VillageWidget(widgets.ForeignKeyWidget):
    """The village by township and village name, among the villages the user may see."""

    def __init__(self, user):
        super().__init__(Village, field="name")
        self.user = user
        self.found = {}  # (township, village name) -> villages: one query per village named, not per row

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        township = str((row or {}).get(township_column(), "") or "").strip()
        if (township, name) not in self.found:
            villages = Village.objects.for_user(self.user).filter(name=name)
            if township:
                villages = villages.filter(township__name=township)
            self.found[township, name] = list(villages[:2])
        found = self.found[township, name]
        if len(found) != 1:
            raise ValueError(
                _("No village “%(name)s” in your township.") % {"name": name} if not found else _("Give the township too.")
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ElderResource(BulkCreateMixin, resources.ModelResource):
    """The columns are the fields' verbose names (姓名, 身份证号, 行政村 …), read in the portal's language. New elders
    are written together at the end, each with its audit entry (``BulkCreateMixin``)."""

    name = fields.Field(attribute="name", widget=widgets.CharWidget())
    id_number = fields.Field(attribute="id_number", widget=IdNumberWidget())
    village = fields.Field(attribute="village")
    address = fields.Field(attribute="address", widget=widgets.CharWidget())
    phone = fields.Field(attribute="phone", widget=widgets.CharWidget())
    living_arrangement = fields.Field(attribute="living_arrangement", widget=ChoiceWidget(LivingArrangement, blank=None))
    children_count = fields.Field(attribute="children_count", widget=CountWidget())
    children_in_county = fields.Field(attribute="children_in_county", widget=YesNoWidget())
    is_left_behind = fields.Field(attribute="is_left_behind", widget=YesNoWidget())
    is_empty_nest = fields.Field(attribute="is_empty_nest", widget=YesNoWidget())
    is_special_family = fields.Field(attribute="is_special_family", widget=YesNoWidget())
    is_dibao = fields.Field(attribute="is_dibao", widget=YesNoWidget())
    is_tekun = fields.Field(attribute="is_tekun", widget=YesNoWidget())
    self_care = fields.Field(attribute="self_care", widget=ChoiceWidget(SelfCare, blank=None))
    emergency_contact = fields.Field(attribute="emergency_contact", widget=widgets.CharWidget())
    emergency_phone = fields.Field(attribute="emergency_phone", widget=widgets.CharWidget())

    class Meta:
        model = Elder
        fields = [
            "name",
            "id_number",
            "village",
            "address",
            "phone",
            "living_arrangement",
            "children_count",
            "children_in_county",
            "is_left_behind",
            "is_empty_nest",
            "is_special_family",
            "is_dibao",
            "is_tekun",
            "self_care",
            "emergency_contact",
            "emergency_phone",
        ]
        import_id_fields = ["id_number"]
        clean_model_instances = True
        skip_unchanged = False
        use_bulk = True  # BulkCreateMixin: new elders in one bulk_create with their audit entries
        skip_diff = True
        batch_size = None  # written once, after every row was checked

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        self.fields["village"].widget = VillageWidget(user)
        for name, field in self.fields.items():
            field.column_name = str(capfirst(Elder._meta.get_field(name).verbose_name))

    def get_queryset(self):
        return Elder.objects.for_user(self.user)

    # A 10,000-row file: the archive is read once for the file's ID numbers instead of once per row
    # (docs/performance.md). ``existing``: the user's elders the rows update; ``taken``: numbers anyone holds.

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        field = self.fields["id_number"]
        numbers = set()
        if field.column_name in (dataset.headers or []):
            for value in dataset[field.column_name]:
                try:
                    numbers.add(field.widget.clean(value))
                except ValueError:
                    continue  # the row reports it
        numbers = list(numbers)
        self.existing, self.taken = {}, set()
        for start in range(0, len(numbers), 5000):
            chunk = numbers[start : start + 5000]
            self.existing.update((elder.id_number, elder) for elder in self.get_queryset().filter(id_number__in=chunk))
            self.taken.update(Elder.objects.filter(id_number__in=chunk).values_list("id_number", flat=True))

    def get_instance(self, instance_loader, row):
        field = self.fields["id_number"]
        if field.column_name not in row:
            return None
        return self.existing.get(field.clean(row))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` without its per-row queries. The village is one the widget read among the user's
        villages (no existence query); the ID number's uniqueness is checked against ``taken``; the two
        check constraints are not queried: status is not an import column (a new elder is active) and
        ``Elder.clean`` clears "a child in the county" without children. The database enforces all three."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({"village"} if instance.village_id else set())
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        pending = self.existing.get(instance.id_number) is instance  # an earlier row of the file creates it
        if instance.pk is None and not pending and "id_number" not in errors and instance.id_number in self.taken:
            errors["id_number"] = [Elder._meta.get_field("id_number").error_messages["unique"]]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.existing[instance.id_number] = instance  # a later row with the same number updates this one
        self.taken.add(instance.id_number)

    def after_import(self, dataset, result, **kwargs):
        """Inside the import's transaction: the compliance figures of every township the import may touch."""
        super().after_import(dataset, result, **kwargs)
        summaries.figures_changed(Township.objects.for_user(self.user).values_list("pk", flat=True))

    def template_headers(self):
        """The columns of the blank template: the township first (needed by bureau staff), then every field."""
        return [township_column(), *(field.column_name for field in self.fields.values())]
