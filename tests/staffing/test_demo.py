"""load_demo's staffing: posts at the sample facilities, some short-staffed, workers and training; idempotent."""

import pytest
from django.utils import timezone

from facilities import demo as facilities_demo
from facilities.models import Township
from staffing import demo
from staffing.figures import township_staffing
from staffing.models import Holding, Post, Training, Worker

pytestmark = pytest.mark.django_db


def test_sample_staffing_leaves_some_facilities_short_and_trains_most_caregivers(policy):
    facilities_demo.load(password="unused")
    demo.load(password="unused")
    figures = township_staffing(Township.objects.all(), on=timezone.localdate())
    total = figures.total
    assert total.facilities > 20 and 0 < len(total.below_minimum) < total.facilities / 2
    assert total.vacant > 0 and total.filled > total.vacant
    assert 50 < total.trained_percent < 100 and 0 < total.registered_poor_percent < 100
    assert Worker.objects.filter(is_sample=True).count() == Holding.objects.count()
    assert Training.objects.exists()
    before = (Post.objects.count(), Worker.objects.count())
    demo.load(password="unused")
    assert (Post.objects.count(), Worker.objects.count()) == before
