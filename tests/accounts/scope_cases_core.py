"""Scope cases for the foundation's place models, which so far have only admin pages.

When the facilities app adds portal pages for these models (tests/facilities/scope_cases.py),
its cases add the URL checks; a model may have several cases.
"""

import datetime

from facilities.models import Facility, FacilityKind, FacilityStatusChange, RelocationSite, Township, Village
from tests.scoping import ScopeCase


def make_village(township):
    return Village.objects.create(township=township, name=f"{township.name}范围测试村")


def make_site(township):
    return RelocationSite.objects.create(township=township, name=f"{township.name}范围测试安置点")


def make_facility(township):
    return Facility.objects.create(
        township=township, village=make_village(township), kind=FacilityKind.DAY_CARE, name=f"{township.name}范围测试中心"
    )


def make_status_change(township):
    return FacilityStatusChange.objects.create(
        facility=make_facility(township), status="planned", changed_on=datetime.date(2021, 3, 1)
    )


CASES = [
    ScopeCase(model=Village, make=make_village),
    ScopeCase(model=RelocationSite, make=make_site),
    ScopeCase(model=Facility, make=make_facility),
    ScopeCase(model=FacilityStatusChange, make=make_status_change),
]


def the_township(township):
    return township


CASES.insert(0, ScopeCase(model=Township, make=the_township))
