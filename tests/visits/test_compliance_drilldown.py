"""The compliance table (issue 13, item 8): a colour scale instead of one red for everything under 100 %,
and each township's figure leads to the elders behind it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.visits.conftest import make_elder, make_visit
from visits.templatetags.visits_tags import rate_band
from zhongyang_eldercare.kernel.dates import week_start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rate", "band"),
    [(None, "rate-none"), (0, "rate-0"), (49.9, "rate-0"), (50, "rate-1"), (80, "rate-2"), (99, "rate-3"), (100, "rate-4")],
)
def test_rates_fall_into_bands(rate, band):
    assert rate_band(rate) == band


def test_a_figure_drills_down_to_the_elders_not_visited(client, users, jinluo_village):
    today = timezone.localdate()
    visited = make_elder(jinluo_village, children_count=0, name="已访老人")
    make_visit(visited, today)
    make_elder(jinluo_village, children_count=0, name="未访老人")
    client = client_for(client, users["jinluo"])
    html = client.get(reverse("visits:compliance")).content.decode()
    monday = week_start(today)
    url = reverse("visits:compliance_week", args=[jinluo_village.township_id, monday.isoformat()])
    assert f'href="{url}"' in html and 'class="num rate rate-1"' in html  # 50 %
    week = client.get(url).content.decode()
    assert "2 位重点老人中 1 位未走访" in week
    rows = week[week.index('id="week-elders"') :]
    assert rows.index("未访老人") < rows.index("已访老人")


def test_another_townships_drill_down_is_404(client, users, zhike_village):
    url = reverse("visits:compliance_week", args=[zhike_village.township_id, "2021-06-07"])
    assert client_for(client, users["jinluo"]).get(url).status_code == 404
    assert client_for(client, users["bureau"]).get(url).status_code == 200
    assert client_for(client, users["bureau"]).get(url.replace("2021-06-07", "2021-02-30")).status_code == 404
