"""Shortfalls: what keeps a facility from what the plan asks of it, from every registered check.

A *check* answers, for one facility on one day, with the shortfalls it finds (each named in
Chinese with the clause it comes from). The facilities app registers the standard for each type
(``facilities.standards``: area, rooms, equipment, beds, reuse, approval, §2.1-§2.4); other apps
register their own from their ``AppConfig.ready`` (staffing: posts below the §2.5 minimum), so
facilities never imports them. Every reader asks the registry, so they all give the same answer:
the list's "does not meet the standard" filter (``Facility.objects.not_meeting_standard``), the
facility page, the Excel export and the progress figures (facilities meeting the standard).

Bulk, so a list stays at a constant number of queries: a check's ``prepare(facilities, *, on)``
reads what it needs for all the facilities at once (one or two queries) and returns a function
that answers for one facility without querying. The facilities handed to ``prepare`` were read
through ``Facility.objects.as_of(on)`` (their status, beds and meal service on the day are
annotations) with at least ``pk``, ``township_id`` and the check's ``fields``.

This module imports no model: the registry sits below ``facilities.models``, which asks it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Shortfall:
    code: str  # area, room, equipment, beds, reuse, approval, or another check's codes
    message: str
    clause: str = ""

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class Check:
    """One source of shortfalls.

    ``prepare(facilities, *, on)`` -> ``answer(facility)`` -> an iterable of ``Shortfall``; ``fields``
    are the facility columns ``answer`` reads (loaded when the registry reads the facilities itself).
    """

    code: str
    prepare: Callable
    fields: tuple = field(default=())


# code -> Check, in the order they were registered (the order shortfalls are listed in).
CHECKS = {}


def register_check(check):
    """Add a check (again under the same code: replace it). Call it from an ``AppConfig.ready``."""
    CHECKS[check.code] = check
    return check


def checked_fields():
    """The facility columns every registered check reads, with the two the registry reads itself."""
    names = ["pk", "township_id"]
    for check in CHECKS.values():
        names.extend(name for name in check.fields if name not in names)
    return names


class Assessment:
    """The shortfalls of a set of facilities on one day, from every registered check."""

    def __init__(self, facilities, *, on):
        self.on = on
        self._prepared = {code: check.prepare(facilities, on=on) for code, check in CHECKS.items()}
        self._facilities = facilities
        self._found = {
            facility.pk: [shortfall for answer in self._prepared.values() for shortfall in answer(facility)]
            for facility in facilities
        }

    def shortfalls(self, facility):
        """Every shortfall of the facility; an empty list when it meets what every check asks."""
        return self._found.get(facility.pk, [])

    def failing_pks(self):
        return [pk for pk, found in self._found.items() if found]

    def passing_pks(self):
        return [pk for pk, found in self._found.items() if not found]

    def tally_by_township(self, facilities=None):
        """{township id: (meeting every check, not meeting)} over the given facilities (all those assessed by default)."""
        counts = {}
        for facility in self._facilities if facilities is None else facilities:
            good, bad = counts.get(facility.township_id, (0, 0))
            counts[facility.township_id] = (good, bad + 1) if self.shortfalls(facility) else (good + 1, bad)
        return counts

    def prepared(self, code):
        """What the check ``code`` read for these facilities (the standard check: the standards in force)."""
        return self._prepared[code]


def assess(facilities, *, on=None):
    """Assess facilities already read through ``Facility.objects.as_of(on)`` (today by default)."""
    return Assessment(list(facilities), on=on or timezone.localdate())


def assess_queryset(queryset, *, on=None):
    """Read the facilities of ``queryset`` (only the columns the checks need, in one query) and assess them."""
    on = on or timezone.localdate()
    return assess(queryset.select_related(None).only(*checked_fields()).as_of(on), on=on)
