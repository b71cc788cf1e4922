"""Dated history: a value that a record takes on a day and keeps until the next change.

A facility's status, its bed counts, whether it serves meals; an elder's status. Each
history is a table of changes (``DatedChange``: the day, who recorded it, when); "the
value on a day" is the latest change on or before that day (``value_on``), read in the
database as a subquery so that a list of records needs one query whatever its length.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate


class DatedChange(models.Model):
    """One change in a record's history: the day it took effect, a note, who recorded it and when."""

    changed_on = models.DateField(_("date"), validators=[PlausibleDate(DateMeaning.HAPPENED)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


def value_on(changes, on, field, *, owner="facility", date_field="changed_on"):
    """A subquery for the value of ``field`` in force on ``on``: the latest change dated on or before it.

    ``changes`` is the history's queryset (``FacilityStatusChange.objects`` …); ``owner`` the
    foreign key from a change to the record the outer queryset lists.
    """
    latest = (
        changes.filter(**{owner: OuterRef("pk"), f"{date_field}__lte": on}).order_by(f"-{date_field}", "-pk").values(field)[:1]
    )
    return Subquery(latest)


def first_on(changes, field, *, owner="facility", date_field="changed_on", **where):
    """A subquery for the earliest change's ``field`` (``where`` filters the changes: the first day in service …)."""
    first = changes.filter(**{owner: OuterRef("pk")}, **where).order_by(date_field, "pk").values(field)[:1]
    return Subquery(first)


def value_in_rows_on(rows, on, field, *, date_field="changed_on"):
    """``value_on`` for changes already read (in date order): the value in force on ``on``, or None."""
    value = None
    for row in rows:
        if getattr(row, date_field) > on:
            break
        value = getattr(row, field)
    return value
