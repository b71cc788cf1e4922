"""Scope cases for the generated access tests (see tests/scoping.py)."""

from datetime import date

from facilities.models import Facility, Village
from tests.scoping import ScopeCase
from tests.visits.conftest import make_elder, make_visit
from visits.models import Elder, ElderStatusChange, FollowUp, MutualHelpPair, Placement, Visit, VisitorAssignment, WeekApproval


def _village(township):
    return Village.objects.get_or_create(township=township, name=f"{township.name}范围测试村")[0]


def elder(township):
    return make_elder(_village(township))


def visit(township):
    return make_visit(elder(township), date(2021, 6, 1))


def elder_change_data(instance):
    return {
        "name": instance.name,
        "id_number": instance.id_number,
        "village": instance.village_id,
        "living_arrangement": "alone",
        "children_count": 1,
        "self_care": "independent",
        "archived_on": "2020-01-01",
    }


def visit_change_data(instance):
    data = {"visited_on": "2021-06-02", "visitor": "李四", "method": "phone", "overall_risk": "1"}
    return data | dict.fromkeys(("health", "mental", "safety", "hygiene", "environment"), "normal")


def status_change(township):
    return ElderStatusChange.objects.create(elder=elder(township), status="active", changed_on=date(2021, 1, 1))


def assignment(township):
    return VisitorAssignment.objects.create(elder=elder(township), kind="cadre", name="张三", phone="1", since=date(2021, 1, 1))


def pair(township):
    return MutualHelpPair.objects.create(elder=elder(township), partner=elder(township), since=date(2021, 1, 1))


def placement(township):
    facility = Facility.objects.create(kind="nursing_home", name=f"{township.name}范围测试院", township=township)
    return Placement.objects.create(elder=elder(township), facility=facility, since=date(2021, 1, 1))


def follow_up(township):
    source = visit(township)
    return FollowUp.objects.create(
        elder=source.elder, visit=source, problem="测试", assignee="张三", due_on=date(2021, 6, 4), opened_on=date(2021, 6, 1)
    )


def follow_up_change_data(instance):
    return {"status": "in_progress", "assignee": "王五", "due_on": "2021-06-05", "actions": "已联系", "resolution": ""}


def approval(township):
    return WeekApproval.objects.create(township=township, iso_year=2021, iso_week=1)


CASES = [
    ScopeCase(
        Elder,
        elder,
        list_url="visits:elders",
        detail_url="visits:elder",
        change_url="visits:elder_edit",
        export_url="visits:elder_export",
        change_data=elder_change_data,
    ),
    ScopeCase(Visit, visit, change_url="visits:visit_edit", change_data=visit_change_data),
    ScopeCase(ElderStatusChange, status_change),
    ScopeCase(VisitorAssignment, assignment),
    ScopeCase(MutualHelpPair, pair),
    ScopeCase(Placement, placement),
    ScopeCase(
        FollowUp,
        follow_up,
        list_url="visits:follow_ups",
        change_url="visits:follow_up_edit",
        change_data=follow_up_change_data,
        list_text=lambda follow_up: follow_up.elder.name,  # the list shows elder and problem in separate cells
    ),
    ScopeCase(WeekApproval, approval),
]
