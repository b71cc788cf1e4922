"""Safe spreadsheet input and output, shared by every import and export.

Input: only .xlsx, within the size limit, and not a zip bomb (the unpacked
size must stay in proportion to the file); openpyxl parses the XML through
defusedxml (installed, so openpyxl uses it). Output: any text cell that a
spreadsheet would run as a formula (= + - @, or a leading tab/CR) is written
with a leading apostrophe so it stays text.
"""

import os
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import tablib
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_UNPACK_RATIO = 100
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value):
    """Make a cell value safe to open in Excel, WPS or LibreOffice: text never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_row(values):
    return [escape_formula(value) for value in values]


def escape_dataset(dataset):
    """A copy of a tablib Dataset with every text cell escaped (for django-import-export exports)."""
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append(escape_row(row))
    return safe


def workbook_bytes(workbook):
    """An openpyxl workbook as the bytes of an .xlsx file."""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dataset_bytes(dataset):
    """A tablib Dataset (django-import-export's export) as .xlsx bytes, every text cell escaped."""
    return escape_dataset(dataset).export("xlsx")


def xlsx_response(content, filename):
    """The one way the portal sends a spreadsheet: ``content`` is .xlsx bytes (``workbook_bytes``, ``dataset_bytes``)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def validate_xlsx_upload(upload):
    """Refuse what is not a small, sane .xlsx file; the message is shown next to the file field."""
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Only Excel .xlsx files can be imported."), code="extension")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": limit}, code="size")
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise ValidationError(_("The file is not a valid .xlsx workbook."), code="format")
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
        if "[Content_Types].xml" not in archive.namelist():
            raise ValidationError(_("The file is not a valid .xlsx workbook."), code="format")
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_UNPACK_RATIO * max(upload.size, 1):
        raise ValidationError(_("The workbook unpacks to an implausible size and was refused."), code="bomb")
    upload.seek(0)


def read_xlsx(source):
    """The first sheet as a tablib Dataset: first row the headers, cells as openpyxl gives them.

    Values keep their type (a number stays a number), so a column that must be
    text, such as an ID number, can tell the user that Excel stored it as a number.
    """
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        headers = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
        dataset = tablib.Dataset(headers=headers)
        for row in rows:
            values = list(row)[: len(headers)] + [None] * (len(headers) - len(row))
            if any(value not in (None, "") for value in values):
                dataset.append(["" if value is None else value for value in values])
        return dataset
    finally:
        workbook.close()


def _stash_dir():
    folder = Path(settings.IMPORT_STASH_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def stash_upload(upload, user):
    """Keep a checked upload between the dry run and the confirmation; returns a token.

    The file holds personal data (the archive's ID numbers): readable by the portal's own user only
    (0600, created so, never widened), deleted after the import, and by ``purge_stash`` once expired."""
    token = f"{user.pk}-{uuid.uuid4().hex}"
    descriptor = os.open(_stash_dir() / f"{token}.xlsx", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def stash_expired(path, *, now=None):
    """A stashed upload older than ``IMPORT_STASH_HOURS``: no longer confirmed, deleted by ``purge_stash``."""
    age = (now or time.time()) - path.stat().st_mtime
    return age > settings.IMPORT_STASH_HOURS * 3600


def purge_stash(*, keep=(), now=None):
    """Delete every expired stashed upload, and any other whose token is not in ``keep`` (the checks still
    awaiting confirmation); returns how many files went."""
    removed = 0
    for path in _stash_dir().glob("*.xlsx"):
        if stash_expired(path, now=now) or path.stem not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def stashed_path(token, user):
    """The stashed file of this user's token, or None (a token of another user is not found)."""
    prefix, _sep, rest = str(token).partition("-")
    if prefix != str(user.pk) or not rest.isalnum():
        return None
    path = _stash_dir() / f"{token}.xlsx"
    if path.exists() and stash_expired(path):
        path.unlink(missing_ok=True)
    return path if path.exists() else None


# The blank import template (the same for every import): a data sheet whose columns are the resource's
# fields, with drop-downs for the allowed values and text cells for dates and ID numbers; an example
# sheet with one filled-in row; a notes sheet; the drop-downs' lists on a hidden sheet.
TEMPLATE_ROWS = 1000
TEXT_FORMAT = "@"


@dataclass
class TemplateColumn:
    header: str
    choices: list = field(default_factory=list)
    text: bool = False
    required: bool = False
    hint: str = ""
    example: object = ""


def _model_field(resource, attribute):
    try:
        return resource._meta.model._meta.get_field(attribute) if attribute and resource._meta.model else None
    except FieldDoesNotExist:
        return None


def template_column(resource, resource_field):
    """What the template shows of one field: the widget says choices, text and an example; the model, whether it is required."""
    widget = resource_field.widget
    choices = list(widget.template_choices()) if hasattr(widget, "template_choices") else []
    model_field = _model_field(resource, resource_field.attribute)
    required = getattr(widget, "blank", "") is None or bool(
        model_field is not None
        and not model_field.blank
        and not model_field.has_default()
        and not isinstance(model_field, models.BooleanField | models.AutoField)
    )
    hint = str(getattr(widget, "template_hint", "") or "")
    if model_field is not None and model_field.help_text:
        hint = " ".join(part for part in (hint, str(model_field.help_text)) if part)
    example = getattr(widget, "template_example", choices[0] if choices else "")
    return TemplateColumn(
        header=str(resource_field.column_name),
        choices=choices,
        text=bool(getattr(widget, "template_text", False)),
        required=required,
        hint=hint,
        example=example,
    )


def template_columns(resource, *, leading=()):
    """``leading`` columns (read by the resource from the row, not fields of its own), then every field not read-only."""
    fields = [f for f in resource.fields.values() if not getattr(f, "readonly", False)]
    return [*leading, *(template_column(resource, f) for f in fields)]


def _header_row(sheet, headers):
    sheet.append(escape_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, 2 * len(header) + 4))


def _data_sheet(sheet, columns, lists, rows):
    _header_row(sheet, [column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.text:
            for row in range(2, rows + 2):
                sheet.cell(row=row, column=index).number_format = TEXT_FORMAT
        if column.choices:
            list_column = get_column_letter(len(lists) + 1)
            lists.append(column.choices)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${list_column}$1:${list_column}${len(column.choices)}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=_("Not an allowed value"),
                error=_("Pick one of the values in the list."),
            )
            validation.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(validation)


LISTS_SHEET = "lists"


def import_template_bytes(resource, *, title, example=None, notes=(), leading=(), rows=TEMPLATE_ROWS):
    """The blank template of ``resource`` as .xlsx bytes (see TemplateColumn). ``example`` overrides example cells
    by header; ``notes`` are lines put above the column notes; ``leading`` are TemplateColumns put first."""
    columns = template_columns(resource, leading=leading)
    example = {column.header: column.example for column in columns} | dict(example or {})
    workbook = Workbook()
    data = workbook.active
    data.title = str(title)[:31]
    lists = []
    _data_sheet(data, columns, lists, rows)

    sample = workbook.create_sheet(_("Example row")[:31])
    _header_row(sample, [column.header for column in columns])
    sample.append(escape_row([example.get(column.header, "") for column in columns]))
    for index, column in enumerate(columns, start=1):
        if column.text:
            sample.cell(row=2, column=index).number_format = TEXT_FORMAT

    guide = workbook.create_sheet(_("How to fill in")[:31])
    for line in [*notes, _("Fill one row per record on the first sheet; keep its header row as it is."), ""]:
        guide.append(escape_row([str(line)]))
    start = guide.max_row + 1
    guide.append([_("Column"), _("Required"), _("What to write"), _("Allowed values")])
    for cell in guide[start]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append(escape_row([column.header, "是" if column.required else "否", column.hint, "、".join(column.choices)]))
    for letter, width in zip("ABCD", (18, 8, 50, 60), strict=True):
        guide.column_dimensions[letter].width = width

    hidden = workbook.create_sheet(LISTS_SHEET)
    hidden.sheet_state = "hidden"
    for index, values in enumerate(lists, start=1):
        for row, value in enumerate(values, start=1):
            hidden.cell(row=row, column=index, value=escape_formula(value))
    return workbook_bytes(workbook)
