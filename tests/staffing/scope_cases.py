"""Scope cases of the staffing app (see tests/scoping.py)."""

from datetime import date

from staffing.models import Holding, Post, Training, Worker
from tests.scoping import ScopeCase
from tests.staffing.conftest import hold, make_plain_facility, make_post, make_training, make_worker


def _post(township):
    return make_post(make_plain_facility(township))


def _holding(township):
    return hold(_post(township), make_worker(township))


def _training(township):
    return make_training(make_worker(township))


def _worker_data(worker):
    return {"name": "改名", "id_number": worker.id_number, "township": worker.township_id, "hired_on": "2020-01-01"}


def _post_data(post):
    return {
        "facility": post.facility_id,
        "kind": post.kind_id,
        "full_time": "on",
        "funding_source": post.funding_source_id,
        "monthly_pay": "1600",
        "since": "2020-06-01",
    }


def _training_data(training):
    return {
        "programme": training.programme_id,
        "started_on": "2020-03-01",
        "ended_on": "2020-03-20",
        "hours": "40",
        "result": "passed",
    }


CASES = [
    ScopeCase(
        model=Worker,
        make=make_worker,
        list_url="staffing:workers",
        detail_url="staffing:worker",
        change_url="staffing:worker_edit",
        export_url="staffing:worker_export",
        change_data=_worker_data,
    ),
    ScopeCase(
        model=Post,
        make=_post,
        list_url="staffing:posts",
        detail_url="staffing:post",
        change_url="staffing:post_edit",
        change_data=_post_data,
        list_text=lambda post: post.facility.name,
    ),
    ScopeCase(
        model=Holding,
        make=_holding,
        change_url="staffing:holding_end",
        change_data=lambda holding: {"until": date.today().isoformat()},
    ),
    ScopeCase(
        model=Training,
        make=_training,
        list_url="staffing:training",
        change_url="staffing:training_edit",
        export_url="staffing:training_export",
        change_data=_training_data,
        list_text=lambda training: training.worker.name,
    ),
]
