#!/usr/bin/env python
"""County-scale timing of the visit worklist and the compliance figures.

Builds a throwaway database (see benchmarks/common.py) with the county's seven
townships, 2,000 priority elders and 1,000 other elders, and three years of
weekly visits for every priority elder (about 300,000 rows), then times the
computations behind the pages. Run it against PostgreSQL:

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zy_visits \\
        /work/main/.venv/bin/python benchmarks/visits_bench.py [--priority 2000] [--weeks 156] [--runs 7]
"""

import argparse
import time
from datetime import date, timedelta

from common import bench_database, print_table, timed

VILLAGES_PER_TOWNSHIP = 11
TODAY = date(2022, 12, 14)


def build(priority, others, weeks):
    from django.conf import settings

    from facilities.models import Township, Village
    from visits.models import Assessment, Elder, Visit, VisitorAssignment
    from zhongyang_eldercare.kernel.dates import week_start
    from zhongyang_eldercare.kernel.identity import with_check_digit
    from zhongyang_eldercare.policy_loading import load_all

    load_all(settings.BASE_DIR / "fixtures")
    villages = [
        Village(township=township, name=f"{township.name}基准村{number:02d}", is_sample=True)
        for township in Township.objects.all()
        for number in range(1, VILLAGES_PER_TOWNSHIP + 1)
    ]
    villages = Village.objects.bulk_create(villages)
    elders = []
    for serial in range(priority + others):
        born = date(1932, 1, 1) + timedelta(days=serial * 7 % 9000)
        elders.append(
            Elder(
                name=f"基准老人{serial:05d}",
                id_number=with_check_digit(f"141129{born:%Y%m%d}{serial % 1000:03d}"),
                gender="male",
                birth_date=born,
                village=villages[serial % len(villages)],
                living_arrangement="alone" if serial % 3 == 0 else "spouse",
                children_count=0 if serial < priority else 2,
                children_in_county=serial >= priority,
                archived_on=date(2019, 1, 1),
                is_sample=True,
            )
        )
    elders = Elder.objects.bulk_create(elders, batch_size=2000)
    VisitorAssignment.objects.bulk_create(
        VisitorAssignment(elder=elder, kind="cadre", name="走访人", phone="1", since=date(2019, 1, 1))
        for elder in elders[: priority - 50]
    )
    first_monday = week_start(TODAY) - timedelta(weeks=weeks)
    batch, total = [], 0
    for index, elder in enumerate(elders[:priority]):
        for week in range(weeks):
            if (index + week) % 23 == 0:
                continue  # a missed week now and then
            day = first_monday + timedelta(weeks=week, days=(index + week) % 7)
            urgent = (index + week) % 97 == 0
            batch.append(
                Visit(
                    elder=elder,
                    visited_on=day,
                    week_start=week_start(day),
                    visitor="走访人",
                    method="phone" if week % 2 else "home",
                    health=Assessment.URGENT if urgent else Assessment.NORMAL,
                    overall_risk=3 if urgent else 1,
                )
            )
        if len(batch) >= 20000:
            total += len(Visit.objects.bulk_create(batch))
            batch = []
    total += len(Visit.objects.bulk_create(batch))
    return total


def cases(runs):
    """(label, action, runs) for the computations behind the worklist, the elder list and the compliance pages."""
    from facilities.models import Township
    from visits import compliance
    from visits.models import Elder

    township = Township.objects.order_by("position").first()

    def elder_list():
        priority = Elder.objects.with_priority(TODAY).with_visit_facts(TODAY).filter(is_priority=True)
        return priority.count(), list(priority.select_related("village")[:50])

    def worklist():
        return list(compliance.worklist(queryset=Elder.objects.all(), township=township, on=TODAY))

    def trend(weeks):
        return lambda: compliance.weekly_compliance(
            townships=Township.objects.all(), weeks=compliance.weeks_ending(TODAY, weeks), today=TODAY
        )

    def summary(weeks):
        return lambda: compliance.weekly_summary(townships=Township.objects.all(), weeks=compliance.weeks_ending(TODAY, weeks))

    return [
        (f"worklist, one township ({township.name}), this week", worklist, runs),
        ("elder list page: count + first 50 (county, priority filter)", elder_list, runs),
        ("county compliance, 1 week", trend(1), runs),
        ("county compliance, 12-week trend (compliance page)", trend(12), runs),
        ("county compliance, 52 weeks", trend(52), max(3, runs // 3)),
        ("weekly summary, 12 weeks", summary(12), runs),
        ("weekly summary, 52 weeks", summary(52), max(3, runs // 3)),
        (
            "priority elders without a visitor (county)",
            lambda: list(compliance.without_visitor(queryset=Elder.objects.all(), on=TODAY)),
            runs,
        ),
    ]


def analyze(connection):
    """Statistics and visibility as a database that has settled: PostgreSQL's autovacuum would
    otherwise work through the fresh rows while the cases are timed."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--priority", type=int, default=2000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with bench_database() as connection:
        start = time.perf_counter()
        rows = build(args.priority, args.others, args.weeks)
        analyze(connection)
        print(f"Built {args.priority + args.others} elders and {rows} visits in {time.perf_counter() - start:.0f} s")
        timings = [timed(label, action, runs) for label, action, runs in cases(args.runs)]
        print_table(f"{connection.vendor}: {args.priority + args.others} elders, {rows} visits", timings)


if __name__ == "__main__":
    main()
