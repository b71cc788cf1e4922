"""make_synthetic: counties shaped like Zhongyang, the same records for the same seed, and never beside real data."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from facilities.models import County, Facility, FacilityStatusChange, RelocationSite, Township, Village
from visits.models import Elder, FollowUp, Visit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def make(settings, *args):
    settings.DEBUG = True
    call_command("make_synthetic", *args, "--today", TODAY.isoformat(), stdout=StringIO())


def fingerprint():
    """Everything generated, without primary keys or names that carry the county's number."""
    elders = list(
        Elder.objects.order_by("pk").values_list(
            "name", "id_number", "birth_date", "village__name", "living_arrangement", "children_count",
            "children_in_county", "is_special_family", "manual_priority_reason", "status", "status_since", "archived_on",
        )
    )  # fmt: skip
    visits = list(
        Visit.objects.order_by("pk").values_list("elder__id_number", "visited_on", "visitor", "method", "health", "overall_risk")
    )
    facilities = list(Facility.objects.order_by("pk").values_list("kind", "status", "beds", "village__name"))
    changes = list(FacilityStatusChange.objects.order_by("pk").values_list("facility__kind", "status", "changed_on"))
    follow_ups = list(FollowUp.objects.order_by("pk").values_list("visit__visited_on", "problem", "status", "resolved_on"))
    return elders, visits, facilities, changes, follow_ups


def test_one_county_has_zhongyangs_shape_and_is_marked(policy, settings):
    make(settings, "--elders", "2000", "--weeks", "8", "--seed", "3")
    county = County.objects.get(is_synthetic=True)
    townships = Township.objects.filter(county=county)
    assert townships.count() == 7
    assert Village.objects.filter(township__county=county).count() == 76
    assert RelocationSite.objects.filter(township__county=county).count() == 12
    elders = Elder.objects.filter(village__township__county=county)
    assert elders.count() == 2000
    priority = elders.priority_on(TODAY).count()
    assert 0.07 * 2000 <= priority <= 0.11 * 2000
    assert Facility.objects.filter(township__county=county, status__in=["built", "operating"]).count() > 40
    # weekly visits to the priority elders, with gaps: most visited each week, not all
    visited_last_full_week = Visit.objects.filter(week_start=date(2026, 11, 23), elder__in=elders.priority_on(TODAY))
    assert 0.7 * priority < visited_last_full_week.values("elder").distinct().count() < priority
    assert not Elder.objects.filter(is_sample=False).exists() and not Visit.objects.filter(is_sample=False).exists()
    assert FollowUp.objects.filter(elder__village__township__county=county).exists() or Visit.objects.count() < 2000


def test_the_same_seed_builds_the_same_records_and_another_seed_others(policy, settings):
    make(settings, "--elders", "300", "--weeks", "6", "--seed", "7", "--counties", "2")
    first = fingerprint()
    assert County.objects.filter(is_synthetic=True).count() == 2
    make(settings, "--delete")
    assert not County.objects.filter(is_synthetic=True).exists() and not Elder.objects.exists()
    make(settings, "--elders", "300", "--weeks", "6", "--seed", "7", "--counties", "2")
    assert fingerprint() == first
    make(settings, "--delete")
    make(settings, "--elders", "300", "--weeks", "6", "--seed", "8", "--counties", "2")
    assert fingerprint() != first


def test_refuses_a_database_with_real_records_unless_allowed(policy, settings, make_village):
    make_village(Township.objects.first(), "真实村")
    with pytest.raises(CommandError, match="real records"):
        make(settings, "--elders", "50", "--weeks", "2")
    assert not County.objects.filter(is_synthetic=True).exists()
    make(settings, "--elders", "50", "--weeks", "2", "--allow-real")
    assert County.objects.filter(is_synthetic=True).count() == 1


def test_refuses_outside_debug_unless_allowed(policy, settings):
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("make_synthetic", "--elders", "50", "--weeks", "2")
    assert not County.objects.filter(is_synthetic=True).exists()


def test_needs_the_policy_rules(fresh_install, settings):
    with pytest.raises(CommandError, match="load_policy"):
        make(settings, "--elders", "50", "--weeks", "2")
