"""Before → after values of a log entry, ready for a template.

Field names become their verbose names, choice values their labels, yes/no values 是/否,
related records their names (``audit.readable``: one query per kind of record on a page, none
per entry), date-times local time; form keys are left out.
"""

from dataclasses import dataclass

from auditlog.diff import mask_str
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.audit import readable
from zhongyang_eldercare.personal_data import mask_for_audit_log, personal_fields

# auditlog's own action labels have no Chinese catalogue: these msgids give them one
ACTION_LABELS = (gettext_lazy("create"), gettext_lazy("update"), gettext_lazy("delete"), gettext_lazy("access"))

# the record's version (kernel.versions) goes up with every save: no news to a reader
HIDDEN = frozenset({"version"})

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


def _text(field, value, names=None):
    if value in EMPTY_VALUES:
        return ""
    if readable.is_related(field):
        return (names or {}).get((field.related_model, str(value)), str(value))
    if isinstance(field, models.DateTimeField):
        return readable.local_time(value) or str(value)
    if isinstance(field, models.JSONField):  # a snapshot (a report's figures): named, not dumped as JSON
        return "" if str(value) in ("null", "{}", "[]") else _("(stored data)")
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


def rows_for(entries, *, user=None):
    """Template rows for log entries (content types are cached by Django; related names: one query per model).

    Personal fields (``personal_data``) are masked for a reader whose role does not see them in full,
    also in entries written before those fields were masked when stored."""
    full = may_read_in_full(user)
    raw = [(entry, _raw_changes(entry, masked=not full)) for entry in entries]
    names = readable.related_names(readable.wanted_related(raw))
    rows = []
    for entry, fields in raw:
        model = entry.content_type.model_class()
        record_type = str(model._meta.verbose_name) if model else entry.content_type.model
        rows.append(Row(entry, record_type, _changes(fields, names)))
    return rows


def may_read_in_full(user):
    """The bureau reads personal fields in audit entries as they were stored; the administrator does not."""
    return user is not None and user.is_authenticated and user.role == Role.BUREAU


def changes_of(entry, *, masked=False):
    return _changes(_raw_changes(entry, masked=masked), {})


def _raw_changes(entry, *, masked=False):
    """Each change a reader can use, still as stored (personal fields masked when ``masked``)."""
    model = entry.content_type.model_class()
    personal = personal_fields(model).names if masked and model is not None else ()
    found = []
    for name, values in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if name in HIDDEN or _is_reverse_relation(field) or readable.is_hidden(field, name):
            continue
        if not (isinstance(values, list | tuple) and len(values) == 2):
            continue
        if name in personal:
            values = [mask_for_audit_log(value) if value not in EMPTY_VALUES else value for value in values]
        found.append(_Raw(field, name, values[0], values[1]))
    return found


@dataclass(frozen=True)
class _Raw:
    field: object
    name: str
    before: object
    after: object

    def __iter__(self):  # (field, before, after), as readable.wanted_related reads it
        return iter((self.field, self.before, self.after))


def _changes(raw, names):
    changes = []
    for change in raw:
        before, after = _text(change.field, change.before, names), _text(change.field, change.after, names)
        if before == after:  # e.g. an empty field on a new record: nothing happened to it
            continue
        label = str(getattr(change.field, "verbose_name", change.name)) if change.field is not None else change.name
        changes.append(Change(label, before, after))
    return changes
