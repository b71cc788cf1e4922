"""Import of the elder archive from Excel (the columns of the downloadable template, headers in Chinese).

ID numbers must arrive as text: Excel keeps only 15 significant digits of a
number, so an 18-digit ID typed into a numeric cell has already lost its last
digits. Such a cell is refused with a row error rather than guessed at.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from facilities.models import Township, Village
from visits import summaries
from visits.models import Elder, LivingArrangement, SelfCare
from zhongyang_eldercare.kernel.import_widgets import ChoiceWidget, CountWidget, IdNumberWidget, YesNoWidget


def township_column():
    """The template's first column: the township, so that bureau staff can name a village of any township."""
    return str(capfirst(Township._meta.verbose_name))


class VillageWidget(widgets.ForeignKeyWidget):
    """The village by township and village name, among the villages the user may see."""

    def __init__(self, user):
        super().__init__(Village, field="name")
        self.user = user

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        township = str((row or {}).get(township_column(), "") or "").strip()
        villages = Village.objects.for_user(self.user).filter(name=name)
        if township:
            villages = villages.filter(township__name=township)
        found = list(villages[:2])
        if len(found) != 1:
            raise ValueError(
                _("No village “%(name)s” in your township.") % {"name": name} if not found else _("Give the township too.")
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ElderResource(resources.ModelResource):
    """The columns are the fields' verbose names (姓名, 身份证号, 行政村 …), read in the portal's language."""

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
        use_bulk = False

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        self.fields["village"].widget = VillageWidget(user)
        for name, field in self.fields.items():
            field.column_name = str(capfirst(Elder._meta.get_field(name).verbose_name))

    def get_queryset(self):
        return Elder.objects.for_user(self.user)

    def after_import(self, dataset, result, **kwargs):
        """Inside the import's transaction: the compliance figures of every township the import may touch."""
        super().after_import(dataset, result, **kwargs)
        summaries.figures_changed(Township.objects.for_user(self.user).values_list("pk", flat=True))

    def template_headers(self):
        """The columns of the blank template: the township first (needed by bureau staff), then every field."""
        return [township_column(), *(field.column_name for field in self.fields.values())]
