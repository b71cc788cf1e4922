"""Compliance summary data cannot drift: after random writes through every path, the figures served equal the
full computation (approved weeks: as approved), and rebuild_visit_summaries finds and corrects a difference."""

import contextlib
import random
from datetime import timedelta
from io import StringIO

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.utils import timezone

from facilities.models import Township
from tests.visits.conftest import id_number_for, make_elder, make_visit
from visits.compliance import full_week_counts, week_visit_counts, weekly_compliance, weekly_summary, weeks_ending
from visits.forms import ElderForm
from visits.models import WeekActivity, WeekApproval, WeekCompliance
from visits.resources import ElderResource
from visits.services import WeekLocked, approve_weeks, change_status, record_visit, save_elder, start_visit
from zhongyang_eldercare.import_jobs.services import run_import

pytestmark = pytest.mark.django_db

WEEKS = 6


def served(townships):
    today = timezone.localdate()
    rows = weekly_compliance(townships=townships, weeks=weeks_ending(today, WEEKS), today=today)
    return {(row.monday, row.township_id): (row.targets, row.visited) for row in rows if row.township_id is not None}


def served_activity(townships):
    """The weekly summary's visit columns as served (from the stored weekly visit counts where they hold)."""
    rows = weekly_summary(townships=townships, weeks=weeks_ending(timezone.localdate(), WEEKS))
    return {(row.monday, row.township_id): {name: getattr(row, name) for name in WeekActivity.COUNTS} for row in rows
            if row.township_id is not None}  # fmt: skip


def full_activity(townships):
    mondays = weeks_ending(timezone.localdate(), WEEKS)
    computed = week_visit_counts(mondays, list(townships.values_list("pk", flat=True)))
    empty = dict.fromkeys(WeekActivity.COUNTS, 0)
    return {
        (monday, pk): {**empty, **computed.get((monday, pk), {})}
        for monday in mondays
        for pk in townships.values_list("pk", flat=True)
    }


def elder_data(elder, **changes):
    data = {
        "name": elder.name,
        "id_number": elder.id_number,
        "village": elder.village_id,
        "living_arrangement": elder.living_arrangement,
        "children_count": elder.children_count,
        "children_in_county": "on" if elder.children_in_county else "",
        "self_care": elder.self_care,
        "archived_on": elder.archived_on.isoformat(),
        "manual_priority_reason": elder.manual_priority_reason,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def import_one(user, village, rng):
    resource = ElderResource(user=user)
    headers = resource.template_headers()
    values = {
        headers[0]: village.township.name,
        resource.fields["name"].column_name: "导入老人",
        resource.fields["id_number"].column_name: id_number_for(timezone.localdate() - timedelta(days=365 * 82)),
        resource.fields["village"].column_name: village.name,
        resource.fields["living_arrangement"].column_name: "独居",
        resource.fields["children_count"].column_name: rng.choice([0, 2]),
        resource.fields["self_care"].column_name: "自理",
    }
    dataset = tablib.Dataset(headers=headers)
    dataset.append([values.get(header, "") for header in headers])
    result = run_import(resource, dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()


def test_served_figures_equal_the_full_computation_after_random_writes(users, jinluo_village, zhike_village):
    rng = random.Random(14)
    today = timezone.localdate()
    villages = [jinluo_village, zhike_village]
    townships = Township.objects.filter(pk__in=[village.township_id for village in villages])
    elders = []
    for index in range(16):
        elder = make_elder(
            villages[index % 2],
            living_arrangement=rng.choice(["alone", "spouse"]),
            children_count=rng.choice([0, 1, 2]),
            children_in_county=False,
        )
        elders.append(elder)
        for weeks_ago in range(WEEKS):
            if rng.random() < 0.6:
                make_visit(elder, max(today - timedelta(weeks=weeks_ago, days=rng.randrange(7)), elder.archived_on))
    assert served(townships)  # the summary rows are stored now
    assert WeekCompliance.objects.exists()
    final = {}
    bureau = users["bureau"]
    for step in range(30):
        elder = rng.choice(elders)
        elder.refresh_from_db()
        action = rng.choice(["visit", "visit", "visit", "edit", "move", "status", "import", "approve"])
        if action == "visit":
            day = today - timedelta(days=rng.randrange(WEEKS * 7))
            with contextlib.suppress(WeekLocked):  # an approved week takes no visit
                record_visit(visit=start_visit(elder=elder, by=bureau, on=day), by=bureau)
        elif action in ("edit", "move"):
            changes = {"children_count": rng.choice([0, 2]), "living_arrangement": rng.choice(["alone", "others"])}
            if action == "move":
                changes["village"] = rng.choice(villages).pk
            form = ElderForm(elder_data(elder, **changes), instance=elder, user=bureau)
            assert form.is_valid(), form.errors
            save_elder(elder=form.instance, by=bureau)
        elif action == "status" and elder.status == "active":
            change_status(elder=elder, status="moved_away", on=today - timedelta(days=rng.randrange(20)), by=bureau)
        elif action == "import":
            import_one(bureau, rng.choice(villages), rng)
        elif action == "approve":
            township = rng.choice(list(townships))
            monday = weeks_ending(today, WEEKS)[rng.randrange(WEEKS - 2)]
            approve_weeks(township=township, weeks=[monday.isocalendar()[:2]], by=bureau)
            final.setdefault(
                (monday, township.pk), full_week_counts(township_ids=[township.pk], mondays=[monday])[0][monday, township.pk]
            )
        if step % 5 == 4 or step == 29:
            figures = served(townships)
            full, _rules, _frequencies = full_week_counts(
                township_ids=list(townships.values_list("pk", flat=True)), mondays=weeks_ending(today, WEEKS)
            )
            expected = {key: final.get(key, value) for key, value in full.items()}
            assert figures == expected, step
            assert served_activity(townships) == full_activity(townships), step
    assert WeekApproval.objects.exists() and WeekCompliance.objects.filter(is_final=True).exists()
    out = StringIO()
    call_command("rebuild_visit_summaries", "--check", stdout=out)
    assert "0 differences from the full computation" in out.getvalue()


def test_rebuild_reports_and_corrects_a_difference(users, jinluo_village):
    today = timezone.localdate()
    elder = make_elder(jinluo_village, children_count=0)
    make_visit(elder, today)
    call_command("rebuild_visit_summaries", "--weeks", "4", stdout=StringIO())
    assert WeekCompliance.objects.count() == 4 * Township.objects.count()
    row = WeekCompliance.objects.get(township=jinluo_village.township, monday=weeks_ending(today, 1)[0])
    assert (row.targets, row.visited) == (1, 1)
    WeekCompliance.objects.filter(pk=row.pk).update(visited=0)  # drift, as a bug would cause it
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rebuild_visit_summaries", "--check", stdout=out)
    assert "stored targets/visited 1/0, full computation 1/1" in out.getvalue()
    call_command("rebuild_visit_summaries", stdout=StringIO())
    row.refresh_from_db()
    assert (row.targets, row.visited) == (1, 1)
    call_command("rebuild_visit_summaries", "--check", stdout=StringIO())


def test_rebuild_reports_and_corrects_a_weekly_visit_count_that_drifted(users, jinluo_village):
    today = timezone.localdate()
    make_visit(make_elder(jinluo_village, children_count=0), today, method="home")
    township = Township.objects.filter(pk=jinluo_village.township_id)
    assert served_activity(township)[weeks_ending(today, 1)[0], jinluo_village.township_id]["home_visits"] == 1
    row = WeekActivity.objects.get(township=jinluo_village.township, monday=weeks_ending(today, 1)[0])
    WeekActivity.objects.filter(pk=row.pk).update(home_visits=0)  # drift, as a bug would cause it
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rebuild_visit_summaries", "--check", stdout=out)
    assert "home_visits 0 -> 1" in out.getvalue()
    call_command("rebuild_visit_summaries", stdout=StringIO())
    row.refresh_from_db()
    assert row.home_visits == 1 and served_activity(township) == full_activity(township)
