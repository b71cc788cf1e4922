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


def test_it_reads_in_one_query(jinluo, django_assert_num_queries):
    facilities = [make_plain_facility(jinluo) for _ in range(3)]
    for facility in facilities:
        make_post(facility, since=date(2021, 1, 1))
    with django_assert_num_queries(1):
        assert len(pay_by_funding_source(Facility.objects.filter(township=jinluo), **YEAR)) == 3
