"""The archive's spreadsheets, as .xlsx bytes for ``kernel.spreadsheets.xlsx_response``.

The elder list (ID numbers masked for every role: a list is not the place for them), the weekly
summary, and the blank import template. Column headers are the models' verbose names or msgids
of the catalogue, so they read in the portal's language like the pages.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from facilities.models import Township
from visits.compliance import SUMMARY_COLUMNS
from visits.models import Elder
from visits.resources import township_column
from zhongyang_eldercare.kernel.spreadsheets import TemplateColumn, escape_row, import_template_bytes, workbook_bytes
from zhongyang_eldercare.personal_data import mask_id_number


def _label(model, field_name):
    return str(capfirst(model._meta.get_field(field_name).verbose_name))


def _township_label():
    return str(capfirst(Township._meta.verbose_name))


def _sheet(title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    return workbook, sheet


def elder_list_headers():
    facts = [_label(Elder, name) for name in ("village", "name", "id_number", "gender")]
    computed = [_("Age"), _("Categories"), _("Priority target"), _("Why"), _("Last visit")]
    return [_township_label(), *facts, *computed, _label(Elder, "status")]


def elder_list_row(elder, on):
    """One elder of a ``with_priority(on).with_visit_facts(on)`` queryset with ``village__township`` selected."""
    return [
        elder.village.township.name,
        elder.village.name,
        elder.name,
        mask_id_number(elder.id_number),
        elder.get_gender_display(),
        elder.age_on(on),
        "、".join(str(label) for label in elder.category_labels_on(on)),
        _("yes") if elder.is_priority else _("no"),
        "；".join(str(reason) for reason in elder.priority_reasons) if elder.is_priority else "",
        elder.last_visit_on,
        elder.get_status_display(),
    ]


def elder_list_xlsx(elders, *, on):
    """The elders (in the order given) as the archive list of ``on``."""
    workbook, sheet = _sheet(_("Elder archive"))
    sheet.append(escape_row(elder_list_headers()))
    for elder in elders:
        sheet.append(escape_row(elder_list_row(elder, on)))
    return workbook_bytes(workbook)


def summary_xlsx(rows):
    """``compliance.weekly_summary`` rows: one line per week and township, the county row after each week."""
    workbook, sheet = _sheet(_("Weekly visit summary"))
    sheet.append(escape_row([_("ISO week"), _("Monday"), _township_label(), *(str(label) for _name, label in SUMMARY_COLUMNS)]))
    for row in rows:
        sheet.append(
            escape_row([row.iso_week_label, row.monday, row.township, *(getattr(row, name) for name, _label in SUMMARY_COLUMNS)])
        )
    return workbook_bytes(workbook)


def import_template_xlsx(resource, *, townships, village=None):
    """The blank import template of ``resource`` (an ElderResource): the township first, a drop-down of
    ``townships`` (those the user may see); drop-downs for every choice and 是/否; the ID column text so Excel
    keeps all 18 characters; an example row (in ``village``, one the user may see) and a sheet explaining each
    column (kernel.spreadsheets)."""
    names = [township.name for township in townships]
    township = TemplateColumn(header=township_column(), choices=names, required=True, hint=_("The township of the village."))
    example = {
        township_column(): village.township.name if village else (names[0] if names else ""),
        str(resource.fields["village"].column_name): village.name if village else "",
        str(resource.fields["name"].column_name): "张三",
        str(resource.fields["id_number"].column_name): "141129194005010011",
    }
    notes = [
        _("Township staff import only their own township's elders; a village is named as on the village list."),
        _("Nothing is saved until every row is valid: the check lists every bad row and cell at once."),
    ]
    return import_template_bytes(resource, title=_("Elder archive"), leading=[township], example=example, notes=notes)
