"""Calendar helpers and the one percent of the kernel."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhongyang_eldercare.kernel.dates import (
    first_of_month,
    iso_week_start,
    month_end,
    validate_not_in_future,
    week_start,
    year_end,
    years_before,
)
from zhongyang_eldercare.kernel.numbers import percent


def test_week_start_is_the_monday_of_the_iso_week():
    assert week_start(date(2021, 1, 3)) == date(2020, 12, 28)  # a Sunday in ISO week 2020-W53
    assert iso_week_start(2020, 53) == date(2020, 12, 28)


@pytest.mark.parametrize(
    ("day", "end"),
    [(date(2024, 2, 10), date(2024, 2, 29)), (date(2023, 2, 1), date(2023, 2, 28)), (date(2022, 12, 5), date(2022, 12, 31))],
)
def test_month_end(day, end):
    assert month_end(day) == end
    assert first_of_month(day) == day.replace(day=1)


def test_year_end_and_years_before():
    assert year_end(2021) == date(2021, 12, 31)
    assert years_before(date(2024, 2, 29), 80) == date(1944, 2, 29)
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_not_in_future_accepts_today_and_refuses_tomorrow():
    today = timezone.localdate()
    validate_not_in_future(today)
    validate_not_in_future(None)
    with pytest.raises(ValidationError) as error:
        validate_not_in_future(today + timedelta(days=1))
    assert error.value.code == "future"


def test_percent_has_one_meaning_for_an_empty_total():
    assert percent(0, 0) is None
    assert percent(3, 0) is None
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(5, 5) == Decimal("100.0")
