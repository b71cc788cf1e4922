"""County-scale timing of the visit worklist and the compliance figures.

Builds a throwaway database (``<database name>_bench``; dropped at the end) with
the county's seven townships, 2,000 priority elders and 1,000 other elders, and
three years of weekly visits for every priority elder (about 300,000 rows), then
prints how long the pages' computations take. Run it against PostgreSQL:

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zy_visits \\
        /work/main/.venv/bin/python benchmarks/visits_bench.py [--priority 2000] [--weeks 156]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongyang_eldercare.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

VILLAGES_PER_TOWNSHIP = 11
TODAY = date(2022, 12, 14)


def timed(label, function, runs=5):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - start) * 1000)
    print(f"  {label:<58} median {statistics.median(durations):8.1f} ms   (min {min(durations):.1f}, max {max(durations):.1f})")
    return result


def build(priority, others, weeks):
    from facilities.models import Township, Village
    from visits.models import Assessment, Elder, Visit, VisitorAssignment, week_start
    from zhongyang_eldercare.policy_loading import load_all
    from zhongyang_eldercare.validators import with_check_digit

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


def measure():
    from facilities.models import Township
    from visits import compliance
    from visits.models import Elder

    township = Township.objects.order_by("position").first()
    timed(f"worklist, one township ({township.name}), this week", lambda: list(compliance.worklist(township=township, on=TODAY)))
    timed(
        "elder list page: count + first 50 (county, priority filter)",
        lambda: (
            Elder.objects.with_priority(TODAY).with_visit_facts(TODAY).filter(is_priority=True).count(),
            list(
                Elder.objects.with_priority(TODAY).with_visit_facts(TODAY).filter(is_priority=True).select_related("village")[:50]
            ),
        ),
    )
    timed("county compliance, 1 week", lambda: compliance.weekly_compliance(weeks=[TODAY], today=TODAY))
    timed(
        "county compliance, 12-week trend",
        lambda: compliance.weekly_compliance(weeks=compliance.weeks_ending(TODAY, 12), today=TODAY),
    )
    timed(
        "county compliance, 52 weeks",
        lambda: compliance.weekly_compliance(weeks=compliance.weeks_ending(TODAY, 52), today=TODAY),
        runs=3,
    )
    timed("weekly summary, 12 weeks", lambda: compliance.weekly_summary(weeks=compliance.weeks_ending(TODAY, 12)))
    timed("weekly summary, 52 weeks", lambda: compliance.weekly_summary(weeks=compliance.weeks_ending(TODAY, 52)), runs=3)
    timed(
        "priority elders without a visitor (county)",
        lambda: list(compliance.without_visitor(queryset=Elder.objects.all(), on=TODAY)),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--priority", type=int, default=2000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args()
    database = settings.DATABASES["default"]
    original = database["NAME"]
    database["TEST"] = {**database.get("TEST", {}), "NAME": f"{Path(str(original)).stem}_bench"}
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        start = time.perf_counter()
        rows = build(args.priority, args.others, args.weeks)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        print(
            f"Built {args.priority} priority + {args.others} other elders, {rows} visits in {time.perf_counter() - start:.0f} s"
        )
        measure()
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
