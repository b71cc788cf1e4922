#!/usr/bin/env python
"""Time the progress dashboard and the Excel progress report at county scale.

Builds a throwaway database (see benchmarks/common.py) with the plan and the
sample county (76 villages, 12 relocation sites, the facilities of the task
table with their 2019-2022 status histories), optionally ``--scale`` times more
villages and facilities, then runs each case ``--runs`` times.

    DEBUG=1 .venv/bin/python benchmarks/reports_bench.py [--runs 15] [--scale 1]
"""

import argparse
from datetime import date

from common import bench_database, print_table, timed

AS_OF = date(2021, 12, 31)


def build(scale=1):
    """The plan, the sample county and the benchmark's two users; returns (bureau, township user, sizes)."""
    from django.conf import settings

    from facilities import demo
    from facilities.models import Facility, FacilityKind, FacilityStatus, FacilityStatusChange, Township, Village
    from zhongyang_eldercare.accounts.models import Role, User
    from zhongyang_eldercare.policy_loading import load_all

    load_all(settings.BASE_DIR / "fixtures")
    demo.load(password="bench-pass-2020")
    for extra in range(scale - 1):
        for township in Township.objects.all():
            for number in range(11):
                name = f"{township.name}压测村{extra}-{number}"
                village = Village.objects.create(township=township, name=name, elderly_population=150)
                facility = Facility.objects.create(
                    kind=FacilityKind.HAPPINESS, name=f"{village.name}幸福小院", township=township, village=village, beds=6
                )
                FacilityStatusChange.objects.bulk_create(
                    FacilityStatusChange(facility=facility, status=status, changed_on=day)
                    for status, day in (
                        (FacilityStatus.PLANNED, date(2020, 3, 1)),
                        (FacilityStatus.UNDER_CONSTRUCTION, date(2020 + number % 3, 4, 1)),
                        (FacilityStatus.BUILT, date(2020 + number % 3, 10, 1)),
                    )
                )
    county = Township.objects.get(pinyin="jinluo").county
    bureau = User.objects.create_user(username="bench-bureau", password="bench-pass-2020", role=Role.BUREAU, county=county)
    township = User.objects.create_user(
        username="bench-township", password="bench-pass-2020", role=Role.TOWNSHIP, township=Township.objects.get(pinyin="jinluo")
    )
    return bureau, township


def sizes():
    from facilities.models import Facility, FacilityStatusChange, Village
    from visits.models import Elder, Visit

    return (
        f"{Village.objects.count()} villages, {Facility.objects.count()} facilities, "
        f"{FacilityStatusChange.objects.count()} status changes, {Elder.objects.count()} elders, {Visit.objects.count()} visits"
    )


def cases(bureau, township_user, suffix=""):
    """(label, action) for the dashboard, the workbook and their computation, as of 31 Dec 2021."""
    from django.test import Client

    from facilities.models import Township
    from zhongyang_eldercare.kernel.spreadsheets import workbook_bytes
    from zhongyang_eldercare.reports.progress import compute_progress
    from zhongyang_eldercare.reports.workbook import progress_workbook

    def county():
        """The whole county, said explicitly, its totals line the published totals row."""
        return compute_progress(on=AS_OF, townships=Township.objects.all(), whole_county=True)

    clients = {}
    for user in (bureau, township_user):
        clients[user.pk] = Client(HTTP_HOST="127.0.0.1")
        clients[user.pk].force_login(user)  # once: a page load is timed, not a login

    def get(path, user):
        response = clients[user.pk].get(path, {"as_of": AS_OF.isoformat()})
        assert response.status_code == 200, response.status_code
        return response

    return [
        (f"compute_progress (county){suffix}", county),
        (f"Excel workbook built and saved (county){suffix}", lambda: workbook_bytes(progress_workbook(county()))),
        (f"GET /reports/ (dashboard) as bureau{suffix}", lambda: get("/reports/", bureau)),
        (f"GET /reports/ (dashboard) as township staff{suffix}", lambda: get("/reports/", township_user)),
        (f"GET /reports/progress.xlsx as bureau{suffix}", lambda: get("/reports/progress.xlsx", bureau)),
        (f"GET /reports/progress.xlsx as township staff{suffix}", lambda: get("/reports/progress.xlsx", township_user)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale", type=int, default=1, help="1 = the real county; N adds (N-1) x 77 villages with facilities")
    args = parser.parse_args()
    with bench_database() as connection:
        bureau, township_user = build(args.scale)
        timings = [timed(label, action, args.runs) for label, action in cases(bureau, township_user)]
        print_table(f"{connection.vendor}: {sizes()}", timings)


if __name__ == "__main__":
    main()
