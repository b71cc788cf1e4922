"""Safe spreadsheet input and output, shared by every import and export.

Input: only .xlsx, within the size limit, and not a zip bomb (the unpacked
size must stay in proportion to the file); openpyxl parses the XML through
defusedxml (installed, so openpyxl uses it). Output: any text cell that a
spreadsheet would run as a formula (= + - @, or a leading tab/CR) is written
with a leading apostrophe so it stays text.
"""

import uuid
import zipfile
from io import BytesIO
from pathlib import Path

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

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
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash_upload(upload, user):
    """Keep a checked upload between the dry run and the confirmation; returns a token."""
    token = f"{user.pk}-{uuid.uuid4().hex}"
    with open(_stash_dir() / f"{token}.xlsx", "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def stashed_path(token, user):
    """The stashed file of this user's token, or None (a token of another user is not found)."""
    prefix, _sep, rest = str(token).partition("-")
    if prefix != str(user.pk) or not rest.isalnum():
        return None
    path = _stash_dir() / f"{token}.xlsx"
    return path if path.exists() else None
