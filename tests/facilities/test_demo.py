import pytest

from facilities import demo
from facilities.compliance import assess_queryset
from facilities.models import LIFE_ORDER, Facility, FacilityStatusChange, KeyProject

pytestmark = pytest.mark.django_db


def test_sample_facilities_mostly_meet_the_standard_and_a_few_do_not(policy):
    demo.load(password="unused")
    counts = assess_queryset(Facility.objects.all()).tally_by_township()
    good = sum(compliant for compliant, _bad in counts.values())
    bad = sum(failing for _good, failing in counts.values())
    assert bad > 0 and good > 4 * bad
    before = Facility.objects.count()
    demo.load(password="unused")
    assert Facility.objects.count() == before


def test_sample_histories_follow_the_order_of_a_facilitys_life(policy):
    demo.load(password="unused")
    for facility in Facility.objects.prefetch_related("status_changes"):
        stages = [c for c in facility.status_changes.all() if c.status in LIFE_ORDER]
        ordered = sorted(stages, key=lambda change: LIFE_ORDER.index(change.status))
        assert [c.changed_on for c in ordered] == sorted(c.changed_on for c in ordered), facility.name
    assert FacilityStatusChange.objects.exists()
    assert KeyProject.objects.filter(facility__isnull=False).count() == 3
