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
from zhongyang_eldercare.kernel.spreadsheets import escape_row, workbook_bytes
from zhongyang_eldercare.personal_data import mask_id_number

TEMPLATE_ROWS = 1000  # rows of the import template whose ID cell is formatted as text


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


def import_template_xlsx(resource):
    """The blank import template of ``resource`` (an ElderResource); the ID column is text so Excel keeps all 18 characters."""
    headers = resource.template_headers()
    workbook, sheet = _sheet(_("Elder archive"))
    sheet.append(headers)
    id_column = headers.index(resource.fields["id_number"].column_name) + 1
    for row in range(2, TEMPLATE_ROWS + 2):
        sheet.cell(row=row, column=id_column).number_format = "@"
    sheet.column_dimensions[sheet.cell(row=1, column=id_column).column_letter].width = 22
    return workbook_bytes(workbook)
