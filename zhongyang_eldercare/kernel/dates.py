"""Calendar helpers every app uses: ISO weeks, month and year ends, ages, "not in the future"."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
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
