"""Helpers for the progress and report tests: facilities with a dated life, built in code."""

from datetime import date

import pytest

from facilities.models import Facility, FacilityKind, FacilityStatus, FacilityStatusChange, RelocationSite, Township


def make_facility(township, *, kind=FacilityKind.HAPPINESS, village=None, site=None, built_on=None, beds=0, name=None, **fields):
    """A facility planned early in 2019 and, when ``built_on`` is given, built that day."""
    place = village or site
    facility = Facility.objects.create(
        kind=kind,
        name=name or f"{place.name if place else township.name}{kind}{Facility.objects.count() + 1}",
        township=township,
        village=village,
        relocation_site=site,
        beds=beds,
        status=FacilityStatus.BUILT if built_on else FacilityStatus.PLANNED,
        **fields,
    )
    FacilityStatusChange.objects.create(facility=facility, status=FacilityStatus.PLANNED, changed_on=date(2019, 1, 2))
    if built_on:
        FacilityStatusChange.objects.create(facility=facility, status=FacilityStatus.BUILT, changed_on=built_on)
    return facility


@pytest.fixture
def facility_maker():
    return make_facility


@pytest.fixture
def make_site():
    def make(township, name=None, **fields):
        count = RelocationSite.objects.filter(township=township).count() + 1
        return RelocationSite.objects.create(township=township, name=name or f"{township.name}安置点{count:02d}", **fields)

    return make


def populate(townships, make_village, *, villages_per_township, built_on=date(2020, 10, 1)):
    """Villages in every township, every other one with a happiness courtyard built on ``built_on``."""
    for township in townships.values():
        for number in range(villages_per_township):
            village = make_village(township, elderly_population=200)
            if number % 2 == 0:
                make_facility(township, village=village, built_on=built_on, beds=8)


def county_progress(on):
    """Progress of the whole county on ``on``, its totals line the published totals row (as the command reads it)."""
    from zhongyang_eldercare.reports.progress import compute_progress

    return compute_progress(on=on, townships=Township.objects.all(), whole_county=True)


@pytest.fixture(autouse=True)
def only_the_plan_standard(monkeypatch):
    """These tests read facilities' own standard (§2.1-§2.4): the checks other apps register (staffing's §2.5 gap,
    tested in tests/staffing) are left out of the registry here."""
    from facilities import compliance
    from facilities.standards import STANDARD_CHECK

    monkeypatch.setattr(compliance, "CHECKS", {STANDARD_CHECK: compliance.CHECKS[STANDARD_CHECK]})
