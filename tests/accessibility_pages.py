"""The pages each role reaches, for the accessibility check: the menu's, and the records' own pages."""

from datetime import timedelta

from django.utils import timezone

from tests.reports.conftest import make_facility
from tests.visits.conftest import assign_visitor, make_elder, make_visit
from visits.models import Visit
from visits.services import record_visit
from zhongyang_eldercare.kernel.dates import first_of_month, week_start
from zhongyang_eldercare.reports import services


def sample_records(users, townships, make_village):
    """A village with a facility, a priority elder with a visitor, visits and a follow-up, last month's report."""
    today = timezone.localdate()
    village = make_village(townships["jinluo"], elderly_population=120)
    facility = make_facility(townships["jinluo"], village=village, built_on=today - timedelta(days=40), beds=6)
    elder = make_elder(village, children_count=0, name="无障碍测试老人", phone="13900000000")
    assign_visitor(elder)
    make_visit(elder, week_start(today) - timedelta(days=7))
    urgent = Visit(elder=elder, visited_on=today, visitor="张三", safety="urgent", safety_note="电线老化", overall_risk=3)
    visit, follow_up = record_visit(visit=urgent, by=users["jinluo"])
    month = first_of_month(first_of_month(today) - timedelta(days=1))
    report = services.start_report(township=townships["jinluo"], month=month, by=users["jinluo"])
    services.save_remarks(report=report, problems="进度慢", next_steps="加快")
    services.submit_report(report=report, by=users["jinluo"])
    return {
        "elder": elder,
        "visit": visit,
        "follow_up": follow_up,
        "facility": facility,
        "report": report,
        "monday": week_start(today),
    }


def record_pages(role, records):
    """Pages of records a role opens from the lists (the menu gives the lists themselves)."""
    elder, report = records["elder"], records["report"]
    township, monday = elder.village.township_id, records["monday"].isoformat()
    pages = [elder.get_absolute_url(), records["facility"].get_absolute_url(), f"/visits/compliance/{township}/{monday}/"]
    if role in ("jinluo", "bureau"):
        pages += [
            f"/visits/elders/{elder.pk}/visit/",
            f"/visits/visit/{records['visit'].pk}/",
            f"/visits/follow-ups/{records['follow_up'].pk}/",
            f"/visits/elders/{elder.pk}/edit/",
            report.get_absolute_url(),
        ]
    if role == "admin":
        pages = []
    return pages
