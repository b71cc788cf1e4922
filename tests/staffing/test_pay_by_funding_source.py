"""The one reading the subsidies app uses: what the posts of facilities cost from each funding source over a period."""

from datetime import date
from decimal import Decimal

import pytest

from facilities.models import Facility
from staffing.figures import pay_by_funding_source, post_pay
from tests.staffing.conftest import make_plain_facility, make_post, source

pytestmark = pytest.mark.django_db
YEAR = {"first": date(2021, 1, 1), "last": date(2021, 12, 31)}


def test_a_post_open_all_year_costs_twelve_months_of_pay(jinluo):
    facility = make_plain_facility(jinluo)
    make_post(facility, since=date(2020, 1, 1), monthly_pay=Decimal("1500.25"))
    assert pay_by_funding_source([facility], **YEAR) == {facility.pk: {source(): Decimal("18003.00")}}


def test_a_post_part_of_the_year_is_paid_pro_rata_by_the_days_of_each_month(jinluo):
    facility = make_plain_facility(jinluo)
    # from 16 February (13 of 28 days), March and April whole, until 10 May (10 of 31 days)
    post = make_post(facility, since=date(2021, 2, 16), until=date(2021, 5, 10), monthly_pay=Decimal("1400"))
    expected = (Decimal(1400) * 13 / 28 + 2 * Decimal(1400) + Decimal(1400) * 10 / 31).quantize(Decimal("0.01"))
    assert post_pay(post, **YEAR) == expected


def test_pay_is_grouped_by_funding_source_and_facility_and_vacant_posts_count(jinluo, zhike):
    first, second = make_plain_facility(jinluo), make_plain_facility(zhike)
    make_post(first, since=date(2021, 1, 1), monthly_pay=Decimal("1000"))
    make_post(first, since=date(2021, 1, 1), monthly_pay=Decimal("500"), source_code="employment_fund")
    make_post(first, since=date(2021, 7, 1), monthly_pay=Decimal("100"))
    make_post(second, since=date(2020, 1, 1), until=date(2020, 12, 31), monthly_pay=Decimal("900"))
    found = pay_by_funding_source(Facility.objects.all(), **YEAR)
    assert found == {first.pk: {source(): Decimal("12600.00"), source("employment_fund"): Decimal("6000.00")}}


def test_it_reads_in_two_queries(jinluo, django_assert_num_queries):
    """The posts as plain rows, then their funding sources: the same two for three facilities or three thousand."""
    facilities = [make_plain_facility(jinluo) for _ in range(3)]
    for facility in facilities:
        make_post(facility, since=date(2021, 1, 1))
    with django_assert_num_queries(2):
        assert len(pay_by_funding_source(Facility.objects.filter(township=jinluo), **YEAR)) == 3


def _pay_month_by_month(monthly_pay, since, until, first, last):
    """The rule as written: each calendar month's share by the days the post existed in it, added up, rounded once."""
    import calendar
    from datetime import timedelta

    from zhongyang_eldercare.kernel.money import to_fen

    start, end = max(since, first), min(until or last, last)
    total, day = Decimal(0), start
    while day <= end:
        days = calendar.monthrange(day.year, day.month)[1]
        month_end = min(date(day.year, day.month, days), end)
        total += monthly_pay * ((month_end - day).days + 1) / days
        day = month_end + timedelta(days=1)
    return to_fen(total)


def test_whole_months_counted_at_once_give_the_month_by_month_amount():
    """``period_pay`` adds whole months' pay at once: the same amounts as going month by month, on odd periods too."""
    import random
    from datetime import timedelta

    from staffing.figures import period_pay

    rng = random.Random(14)
    for _ in range(2000):
        since = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        until = None if rng.random() < 0.3 else since + timedelta(days=rng.randrange(0, 900))
        first = date(2020, 1, 1) + timedelta(days=rng.randrange(-40, 800))
        last = first + timedelta(days=rng.randrange(0, 500))
        pay = Decimal(rng.randrange(1, 400_000)) / 100
        assert period_pay(pay, since, until, first, last) == _pay_month_by_month(pay, since, until, first, last), (
            pay,
            since,
            until,
            first,
            last,
        )
