"""The staffing overview per township and county: facilities below the minimum, vacancies, the caregivers'
training and poor-household shares, posts and pay by funding source; constant queries as rows grow."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from facilities.models import Township
from staffing.figures import township_staffing
from staffing.models import TrainingResult
from tests.staffing.conftest import hold, make_plain_facility, make_post, make_training, make_worker

pytestmark = pytest.mark.django_db
DAY = date(2021, 6, 30)


def staff_township(township, facilities=2):
    """Day care centers with meals (minimum 2): each has one held caregiver post (trained, poor household for the
    first) and one vacant cook post paid by the employment fund."""
    for number in range(facilities):
        facility = make_plain_facility(township, meals=True, since=date(2020, 1, 1))
        worker = make_worker(township, is_registered_poor=number == 0)
        hold(make_post(facility, since=date(2020, 1, 1), monthly_pay=Decimal("1500.50")), worker)
        make_training(
            worker,
            result=TrainingResult.PASSED if number == 0 else TrainingResult.IN_PROGRESS,
            ended=None if number else date(2020, 3, 20),
        )
        make_post(facility, since=date(2020, 1, 1), kind_code="cook", source_code="employment_fund", monthly_pay=Decimal("1200"))


def test_the_figures_of_a_township(jinluo):
    staff_township(jinluo)
    figures = township_staffing(Township.objects.filter(pk=jinluo.pk), on=DAY)
    line = figures.lines[0]
    assert (line.facilities, line.required, line.posts, line.filled, line.vacant, line.gap) == (2, 4, 4, 2, 2, 2)
    assert len(line.below_minimum) == 2
    assert (line.caregivers, line.trained, line.trained_percent) == (2, 1, Decimal("50.0"))
    assert (line.registered_poor, line.registered_poor_percent) == (1, Decimal("50.0"))
    by_source = {cell.source.code: (cell.posts, cell.monthly_pay) for cell in line.funding_lines(figures.sources)}
    assert by_source["photovoltaic"] == (2, Decimal("3001.00"))
    assert by_source["employment_fund"] == (2, Decimal("2400.00"))
    assert line.monthly_pay == Decimal("5401.00")


def test_the_county_line_adds_the_townships(jinluo, zhike):
    staff_township(jinluo)
    staff_township(zhike, facilities=1)
    figures = township_staffing(Township.objects.all(), on=DAY)
    assert (figures.total.facilities, figures.total.gap, figures.total.caregivers) == (3, 3, 3)


def test_before_the_posts_began_every_facility_is_short(jinluo):
    staff_township(jinluo)
    line = township_staffing(Township.objects.filter(pk=jinluo.pk), on=date(2019, 12, 31)).lines[0]
    assert (line.facilities, line.posts) == (0, 0)


@pytest.mark.parametrize("per_township", [1, 4])
def test_the_overview_page_has_constant_queries(client, users, townships, per_township, django_assert_max_num_queries):
    for township in (townships["jinluo"], townships["zhike"]):
        staff_township(township, facilities=per_township)
    client.force_login(users["bureau"])
    # 2 session + user; townships; facilities as of the day; rules; posts held (gap); posts by township;
    # caregivers; funding sources; pay by source; 3 session save.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("staffing:overview"), {"on": DAY.isoformat()})
    html = response.content.decode()
    assert "光伏扶贫收益" in html and "金罗镇" in html and "枝柯镇" in html
    assert len(response.context["figures"].short_facilities) == 2 * per_township


def test_township_staff_see_their_own_township_only(client, users, townships):
    staff_township(townships["jinluo"])
    staff_township(townships["zhike"])
    client.force_login(users["jinluo"])
    figures = client.get(reverse("staffing:overview"), {"on": DAY.isoformat()}).context["figures"]
    assert [line.label for line in figures.lines] == ["金罗镇"]
    assert figures.total.facilities == 2
