"""No lost updates: a record's version, checked in the same UPDATE that saves it.

Two people open the same record's form; the first saves; the second's form still holds what was
there before. ``save_unless_changed`` writes the second only if the row is still at the version
that form was loaded at (``UPDATE … SET …, version = version + 1 WHERE id = … AND version = …``,
one statement, so two saves racing each other cannot both pass); otherwise it raises
``EditConflict`` and nothing is written. Every other save (the admin, an import, a status change)
raises the version too, so a form loaded before it is refused as well.
"""

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """The record changed since the form was loaded: ``version`` is the form's, ``current`` the stored one."""

    def __init__(self, record, *, version, current):
        super().__init__(f"{type(record).__name__} {record.pk} is at version {current}, the form was loaded at {version}")
        self.record, self.version, self.current = record, version, current


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """An update raises the version here, before the audit log compares old and new (so its entry shows
        the version the change started from), and in the database as ``version + 1`` (``_do_update``)."""
        if not self._state.adding and self.pk is not None:
            expected = getattr(self, "_expected_version", None)
            self.version = (expected if expected is not None else self.version) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        """Every UPDATE raises the stored version; a checked save (``save_unless_changed``) requires the loaded one."""
        expected = getattr(self, "_expected_version", None)
        if expected is not None:
            base_qs = base_qs.filter(version=expected)
        field = self._meta.get_field("version")
        values = [value for value in values if value[0] is not field] + [(field, None, F("version") + 1)]
        updated = super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if expected is not None and not updated:
            current = type(self)._base_manager.using(using).filter(pk=pk_val).values_list("version", flat=True).first()
            raise EditConflict(self, version=expected, current=current)
        return updated


def save_unless_changed(record, *, version, **save_options):
    """Save ``record`` only if its row is still at ``version`` (None: a new record, or no check asked for)."""
    if version is None or record.pk is None or record._state.adding:
        record.save(**save_options)
        return record
    record._expected_version = version
    try:
        record.save(**save_options)
    finally:
        del record._expected_version
    return record


class VersionedForm(forms.Form):
    """A form mixin carrying the version its record was loaded at (a hidden field) to the save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = getattr(self, "instance", None) or getattr(self, "record", None)
        if record is not None and record.pk is not None:
            self.initial.setdefault("version", record.version)

    @property
    def loaded_version(self):
        return self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None

    def refuse(self, conflict, message):
        """Show why the save was refused and keep the user's entries; the form now holds the stored version,
        so saving it again, after reading what changed, is a deliberate overwrite."""
        data = self.data.copy()
        data[self.add_prefix("version")] = conflict.current
        self.data = data
        self.add_error(None, message)
