"""Records that hold for a period: from ``since`` until ``until`` (open-ended while ``until`` is empty).

A visitor assignment, a mutual-help pair, a placement in a facility, a post held by a
worker: each is a ``PeriodRecord``. The queryset mixin answers "which hold on a day".
An app composes it with its scoped queryset: ``class X(ScopedQuerySet, PeriodQuerySet)``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate


def holds_on_q(on, *, start="since", end="until"):
    """Rows whose period covers ``on`` (both ends included)."""
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def overlaps_q(first, last, *, start="since", end="until"):
    """Rows whose period shares at least one day with ``first``–``last`` (``last`` None: open-ended)."""
    q = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first})
    if last is not None:
        q &= Q(**{f"{start}__lte": last})
    return q


class PeriodQuerySet(models.QuerySet):
    def current(self, on):
        """The records that hold on ``on``."""
        return self.filter(holds_on_q(on))


class PeriodRecord(models.Model):
    since = models.DateField(_("since"), validators=[PlausibleDate(DateMeaning.PLANNED)])
    until = models.DateField(_("until"), null=True, blank=True, validators=[PlausibleDate(DateMeaning.PLANNED)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    class Meta:
        abstract = True

    def clean(self):
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("The end date is before the start date.")})

    def holds_on(self, day):
        return self.since <= day and (self.until is None or day <= self.until)
