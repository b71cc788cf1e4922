"""Calendar helpers every app uses: ISO weeks, month and year ends, ages, "not in the future"."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

NOT_IN_FUTURE_MESSAGE = _("The date cannot be in the future.")


def week_start(day):
    """The Monday of the ISO week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def iso_week_start(iso_year, iso_week):
    return date.fromisocalendar(iso_year, iso_week, 1)


def first_of_month(day):
    return day.replace(day=1)


def month_end(day):
    """The last day of the month ``day`` falls in."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def year_end(year):
    return date(year, 12, 31)


def years_before(day, years):
    """The same calendar day ``years`` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_in_future(day, *, today=None):
    return day is not None and day > (today or timezone.localdate())


def validate_not_in_future(day):
    """A date that has already come (today at the latest): a status, a change of beds, a visit."""
    if is_in_future(day):
        raise ValidationError(NOT_IN_FUTURE_MESSAGE, code="future")


def years_after(day, years):
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    return years_before(day, -years)


# --- Plausible dates ------------------------------------------------------------------------------
# Every date a user enters (a form, an import, the admin) has a meaning, and each meaning a range it
# must fall in; a date outside it is a slip of the keyboard (0001-01-01, 9999-12-31, 2201 for 2021).
# One validator for all of them, on the model fields (so the forms, the admin and the imports share
# it) and on the few form fields that are no model field. Plausibility bounds, not policy numbers.
EARLIEST_BIRTH = date(1900, 1, 1)
# The plan's era: the county's rural elderly-care records (facilities and their approvals, the archive,
# visits, reports) start with the village facilities of the 2000s, the plan table's "already built"
# villages; nothing the portal records happened before it.
ERA_START = date(2000, 1, 1)
DUE_AHEAD_YEARS = 1  # a due date is set at most a year ahead
PLAN_AHEAD_YEARS = 10  # a plan's period, a rule's validity, a period someone holds a role: the next plan and beyond


class DateMeaning:
    BIRTH = "birth"  # a person's birth date
    HAPPENED = "happened"  # something that happened: a visit, a status change, an approval, a report's month
    DUE = "due"  # a deadline someone is given: a follow-up's due date
    PLANNED = "planned"  # a period set ahead: a plan, a rule's validity, an assignment, a milestone's deadline


def plausible_range(meaning, *, today=None):
    """(earliest, latest) for a date of ``meaning`` (``DateMeaning``), as of ``today``."""
    today = today or timezone.localdate()
    return {
        DateMeaning.BIRTH: (EARLIEST_BIRTH, today),
        DateMeaning.HAPPENED: (ERA_START, today),
        DateMeaning.DUE: (ERA_START, years_after(today, DUE_AHEAD_YEARS)),
        DateMeaning.PLANNED: (ERA_START, years_after(today, PLAN_AHEAD_YEARS)),
    }[meaning]


RANGE_MESSAGES = {
    DateMeaning.BIRTH: _("A birth date lies between %(earliest)s and today."),
    DateMeaning.HAPPENED: _("The date must lie between %(earliest)s and today (not in the future)."),
    DateMeaning.DUE: _("A due date lies between %(earliest)s and %(latest)s (at most a year ahead)."),
    DateMeaning.PLANNED: _("The date must lie between %(earliest)s and %(latest)s."),
}


def validate_plausible_date(day, meaning, *, today=None):
    """Refuse a date outside the range of its meaning, with the range in the message."""
    if day is None:
        return
    earliest, latest = plausible_range(meaning, today=today)
    if day > latest and meaning in (DateMeaning.BIRTH, DateMeaning.HAPPENED):
        raise ValidationError(NOT_IN_FUTURE_MESSAGE, code="future")  # a field may say it its own way (error_messages)
    if not earliest <= day <= latest:
        raise ValidationError(
            RANGE_MESSAGES[meaning],
            code="implausible_date",
            params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )


@deconstructible
class PlausibleDate:
    """The field validator form of ``validate_plausible_date``: ``validators=[PlausibleDate(DateMeaning.DUE)]``."""

    def __init__(self, meaning):
        plausible_range(meaning)  # an unknown meaning fails here, where the field is declared
        self.meaning = meaning

    def __call__(self, value):
        validate_plausible_date(value, self.meaning)

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and other.meaning == self.meaning
