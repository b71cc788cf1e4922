"""Before → after values of a log entry, ready for a template.

Field names become their verbose names, choice values their labels and yes/no
values 是/否; foreign keys stay as ids, so a page of entries costs no query per entry.
"""

from dataclasses import dataclass

from auditlog.diff import mask_str
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# auditlog's own action labels have no Chinese catalogue: these msgids give them one
ACTION_LABELS = (gettext_lazy("create"), gettext_lazy("update"), gettext_lazy("delete"), gettext_lazy("access"))

# a long value (a monthly report's snapshot of figures) would push the table off the page
MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_reverse_relation(field):
    # auditlog records reverse relations as "app.Model.None": nothing a reader can use
    return field is not None and field.auto_created and not field.concrete


# an empty personal field (phone, ID number) is stored masked as "**ne"
EMPTY_VALUES = (None, "None", mask_str("None"))


def _text(field, value):
    if value in EMPTY_VALUES:
        return ""
    if isinstance(field, models.BooleanField) and str(value) in ("True", "False"):
        return _("Yes") if str(value) == "True" else _("No")
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    return Truncator(str(value)).chars(MAX_VALUE_CHARS)


@dataclass(frozen=True)
class Row:
    entry: object
    record_type: str
    changes: list


def rows_for(entries):
    """Template rows for log entries (content types are cached by Django: no query per row)."""
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        record_type = str(model._meta.verbose_name) if model else entry.content_type.model
        rows.append(Row(entry, record_type, changes_of(entry)))
    return rows


def changes_of(entry):
    model = entry.content_type.model_class()
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if _is_reverse_relation(field) or not (isinstance(values, list | tuple) and len(values) == 2):
            continue
        before, after = _text(field, values[0]), _text(field, values[1])
        if before == after:  # e.g. an empty field on a new record: nothing happened to it
            continue
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        changes.append(Change(label, before, after))
    return changes
