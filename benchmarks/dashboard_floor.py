"""The county dashboard's floor: one hand-written PostgreSQL statement for the numbers the page shows.

The page (``reports.views.dashboard`` for a county bureau) shows, for the county's townships on a day:

* progress: villages and villages covered on the day, at each year end of the plan up to the day and before
  the plan; relocation sites and those covered; beds in service against the elderly population; facilities by
  status; the task table's planned cells and the tasks done per year and kind; facilities in service meeting
  every registered check (the type's standard in force: area, rooms, equipment, beds, reuse, approval; and the
  staffing minimum of §2.5);
* staffing (§2.5): facilities in service, posts required, posts and posts held, the gap, caregivers (trained,
  from registered poor households), posts and monthly pay per funding source;
* money for the last year ended by the day: awards proposed, approved and paid, the ledger's total with the
  posts' pay of that year (each post pro rata by the days of each month it existed, rounded to the fen);
* key projects late on the day, with their overdue milestones;
* visiting: the monthly visit rate per township (the elders of the tiers counted in it visited this month) and
  each tier in force counted over its own period up to the day.

This statement computes all of them from the base tables, without the summary data the page reads (the tier
counts the page takes from the ``figures`` cache). The rules in force (priority criteria, tiers) are read first,
as the page reads them, and written into the statement. The plan checks (the task table's own arithmetic,
``facilities.plan_checks``) are Python over the cells this statement also reads, and not repeated here.

``progress_only=True`` gives the statement for the progress figures alone (the first list above), the part of the
page ``compute_progress`` computes: the row "progress figures alone" is timed against it.
"""

from datetime import date, timedelta

from django.utils import timezone

from zhongyang_eldercare.kernel.dates import year_end

IN_SERVICE = "('built', 'operating')"

PROGRESS = """
t AS (SELECT id FROM facilities_township WHERE county_id = %(county)s),
fac AS (
    SELECT f.id, f.township_id, f.kind, f.village_id, f.relocation_site_id, f.floor_area, f.building_source,
        f.approval_kind, f.approval_date,
        (SELECT c.status FROM facilities_facilitystatuschange c WHERE c.facility_id = f.id AND c.changed_on <= %(day)s
            ORDER BY c.changed_on DESC, c.id DESC LIMIT 1) AS status,
        (SELECT c.changed_on FROM facilities_facilitystatuschange c WHERE c.facility_id = f.id
            AND c.status IN ('built', 'operating') ORDER BY c.changed_on, c.id LIMIT 1) AS first_in_service,
        COALESCE(
            (SELECT b.beds FROM facilities_bedcount b WHERE b.facility_id = f.id AND b.since <= %(day)s
                ORDER BY b.since DESC, b.id DESC LIMIT 1),
            (SELECT b.beds FROM facilities_bedcount b WHERE b.facility_id = f.id ORDER BY b.since, b.id LIMIT 1),
            f.beds) AS beds,
        COALESCE(
            (SELECT m.serves_meals FROM facilities_mealservice m WHERE m.facility_id = f.id AND m.changed_on <= %(day)s
                ORDER BY m.changed_on DESC, m.id DESC LIMIT 1),
            (SELECT m.serves_meals FROM facilities_mealservice m WHERE m.facility_id = f.id
                ORDER BY m.changed_on, m.id LIMIT 1),
            f.serves_meals) AS meals
    FROM facilities_facility f WHERE f.township_id IN (SELECT id FROM t)
),
fs AS (SELECT fac.*, COALESCE(fac.status IN ('built', 'operating'), false) AS in_service FROM fac),
days AS (SELECT unnest(%(days)s::date[]) AS d),
serving AS (  -- (day, village or site) served by a facility in service at the end of that day
    SELECT days.d, f.kind, f.village_id, f.relocation_site_id
    FROM days CROSS JOIN facilities_facility f
    WHERE f.township_id IN (SELECT id FROM t)
      AND (SELECT c.status FROM facilities_facilitystatuschange c WHERE c.facility_id = f.id AND c.changed_on <= days.d
            ORDER BY c.changed_on DESC, c.id DESC LIMIT 1) IN ('built', 'operating')
),
village_cover AS (
    SELECT v.township_id, days.d, count(*) AS total,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM serving s WHERE s.d = days.d AND s.village_id = v.id
            AND s.kind IN ('day_care', 'happiness', 'mutual_aid'))) AS covered
    FROM days CROSS JOIN facilities_village v WHERE v.township_id IN (SELECT id FROM t)
    GROUP BY v.township_id, days.d
),
site_cover AS (
    SELECT r.township_id, count(*) AS total,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM serving s WHERE s.d = %(day)s AND s.relocation_site_id = r.id
            AND s.kind = 'day_care')) AS covered
    FROM facilities_relocationsite r WHERE r.township_id IN (SELECT id FROM t) GROUP BY r.township_id
),
beds AS (
    SELECT tw.id AS township_id,
        COALESCE(NULLIF((SELECT sum(v.elderly_population) FROM facilities_village v WHERE v.township_id = tw.id
            AND v.elderly_population IS NOT NULL), 0), tw.elderly_population, 0) AS elderly,
        COALESCE((SELECT sum(fs.beds) FROM fs WHERE fs.township_id = tw.id AND fs.in_service), 0) AS beds
    FROM facilities_township tw WHERE tw.id IN (SELECT id FROM t)
),
by_status AS (SELECT status, count(*) AS n FROM fs GROUP BY status),
tasks AS (
    SELECT township_id, extract(year FROM first_in_service)::int AS year,
        CASE WHEN kind = 'happiness' THEN 'happiness' WHEN relocation_site_id IS NOT NULL THEN 'relocation_day_care'
             ELSE 'day_care' END AS task, count(*) AS n
    FROM fs WHERE kind IN ('day_care', 'happiness') AND first_in_service <= %(day)s GROUP BY 1, 2, 3
),
planned AS (
    SELECT r.township_id, r.is_total, r.villages_total, r.villages_built, r.villages_to_build,
        (SELECT json_agg(json_build_array(c.year, c.kind, c.count)) FROM facilities_plantablecell c WHERE c.row_id = r.id)
            AS cells
    FROM facilities_plantablerow r WHERE r.document_id = %(document)s
),
standard AS (  -- the standard in force per type: the latest valid_from wins (none = earliest), then the higher pk
    SELECT DISTINCT ON (s.kind) s.*
    FROM facilities_facilitystandard s
    WHERE (s.valid_from IS NULL OR s.valid_from <= %(day)s) AND (s.valid_to IS NULL OR s.valid_to >= %(day)s)
    ORDER BY s.kind, s.valid_from DESC NULLS LAST, s.id DESC
),
staffing_rule AS (
    SELECT DISTINCT ON (r.facility_kind, r.meals) r.facility_kind, r.meals, r.min_posts, r.valid_from
    FROM staffing_staffingrule r
    WHERE (r.valid_from IS NULL OR r.valid_from <= %(day)s) AND (r.valid_to IS NULL OR r.valid_to >= %(day)s)
    ORDER BY r.facility_kind, r.meals, r.valid_from DESC NULLS LAST, r.id DESC
),
posts_held AS (
    SELECT p.facility_id, count(*) AS posts,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM staffing_holding h WHERE h.post_id = p.id AND h.since <= %(day)s
            AND (h.until IS NULL OR h.until >= %(day)s))) AS held
    FROM staffing_post p JOIN fs ON fs.id = p.facility_id
    WHERE p.since <= %(day)s AND (p.until IS NULL OR p.until >= %(day)s)
    GROUP BY p.facility_id
),
required AS (
    SELECT fs.id, fs.township_id, COALESCE(  -- the rule for its meal service, unless the one for any started later
        (SELECT r.min_posts FROM staffing_rule r WHERE r.facility_kind = fs.kind
            AND r.meals IN ('any', CASE WHEN fs.meals THEN 'with' ELSE 'without' END)
            ORDER BY r.valid_from DESC NULLS LAST, r.meals = 'any' LIMIT 1), 0) AS required,
        COALESCE(ph.posts, 0) AS posts, COALESCE(ph.held, 0) AS held
    FROM fs LEFT JOIN posts_held ph ON ph.facility_id = fs.id WHERE fs.in_service
),
compliance AS (
    SELECT fs.township_id,
        count(*) FILTER (WHERE NOT failing) AS compliant, count(*) FILTER (WHERE failing) AS not_compliant
    FROM (
        SELECT fs.id, fs.township_id, (
            (s.id IS NOT NULL AND (
                ((s.min_area IS NOT NULL OR s.max_area IS NOT NULL) AND (fs.floor_area IS NULL
                    OR (s.min_area IS NOT NULL AND fs.floor_area < s.min_area)
                    OR (s.max_area IS NOT NULL AND fs.floor_area > s.max_area)))
                OR EXISTS (SELECT 1 FROM facilities_facilitystandard_required_rooms q WHERE q.facilitystandard_id = s.id
                    AND NOT EXISTS (SELECT 1 FROM facilities_facility_rooms x WHERE x.facility_id = fs.id
                        AND x.feature_id = q.feature_id))
                OR EXISTS (SELECT 1 FROM facilities_facilitystandard_required_equipment q
                    WHERE q.facilitystandard_id = s.id
                    AND NOT EXISTS (SELECT 1 FROM facilities_facility_equipment x WHERE x.facility_id = fs.id
                        AND x.feature_id = q.feature_id))
                OR (s.min_beds IS NOT NULL AND fs.beds < s.min_beds)
                OR (s.reuse_expected AND fs.building_source = 'new_build')
                OR (s.approval_required AND NOT (COALESCE(fs.approval_kind, '') <> '' AND fs.approval_date IS NOT NULL))
            ))
            OR rq.required > rq.held
        ) AS failing
        FROM fs LEFT JOIN standard s ON s.kind = fs.kind JOIN required rq ON rq.id = fs.id
        WHERE fs.in_service
    ) fs GROUP BY fs.township_id
)"""

PROGRESS_SELECT = """
    (SELECT json_agg(json_build_array(township_id, d, covered, total)) FROM village_cover),
    (SELECT json_agg(json_build_array(township_id, covered, total)) FROM site_cover),
    (SELECT json_agg(json_build_array(township_id, beds, elderly)) FROM beds),
    (SELECT json_object_agg(COALESCE(status, 'none'), n) FROM by_status),
    (SELECT json_agg(json_build_array(township_id, year, task, n)) FROM tasks),
    (SELECT json_agg(json_build_array(township_id, is_total, villages_total, villages_built, villages_to_build, cells))
        FROM planned),
    (SELECT json_agg(json_build_array(township_id, compliant, not_compliant)) FROM compliance)"""

REST = """,
staffing AS (
    SELECT tw.id AS township_id,
        (SELECT count(*) FROM required r WHERE r.township_id = tw.id) AS facilities,
        (SELECT COALESCE(sum(r.required), 0) FROM required r WHERE r.township_id = tw.id) AS required,
        (SELECT COALESCE(sum(GREATEST(r.required - r.held, 0)), 0) FROM required r WHERE r.township_id = tw.id) AS gap,
        (SELECT count(*) FROM staffing_post p JOIN facilities_facility f ON f.id = p.facility_id
            WHERE f.township_id = tw.id AND p.since <= %(day)s AND (p.until IS NULL OR p.until >= %(day)s)) AS posts,
        (SELECT count(*) FROM staffing_post p JOIN facilities_facility f ON f.id = p.facility_id
            WHERE f.township_id = tw.id AND p.since <= %(day)s AND (p.until IS NULL OR p.until >= %(day)s)
            AND EXISTS (SELECT 1 FROM staffing_holding h WHERE h.post_id = p.id AND h.since <= %(day)s
                AND (h.until IS NULL OR h.until >= %(day)s))) AS held,
        (SELECT json_agg(json_build_array(x.funding_source_id, x.n, x.pay)) FROM (
            SELECT p.funding_source_id, count(*) AS n, sum(p.monthly_pay) AS pay
            FROM staffing_post p JOIN facilities_facility f ON f.id = p.facility_id
            WHERE f.township_id = tw.id AND p.since <= %(day)s AND (p.until IS NULL OR p.until >= %(day)s)
            GROUP BY p.funding_source_id) x) AS funding
    FROM facilities_township tw WHERE tw.id IN (SELECT id FROM t)
),
caregivers AS (  -- each worker once, in the first township (by plan order) of their caregiver posts
    SELECT township_id, count(*) AS caregivers, count(*) FILTER (WHERE poor) AS poor,
        count(*) FILTER (WHERE trained) AS trained
    FROM (
        SELECT DISTINCT ON (h.worker_id) h.worker_id, f.township_id, w.is_registered_poor AS poor,
            EXISTS (SELECT 1 FROM staffing_training tr JOIN staffing_trainingprogramme pg ON pg.id = tr.programme_id
                WHERE tr.worker_id = h.worker_id AND pg.for_caregivers AND tr.result = 'passed'
                AND tr.ended_on <= %(day)s) AS trained
        FROM staffing_holding h JOIN staffing_post p ON p.id = h.post_id JOIN staffing_postkind k ON k.id = p.kind_id
            JOIN facilities_facility f ON f.id = p.facility_id JOIN staffing_worker w ON w.id = h.worker_id
        WHERE k.is_caregiver AND f.township_id IN (SELECT id FROM t) AND h.since <= %(day)s
            AND (h.until IS NULL OR h.until >= %(day)s)
        ORDER BY h.worker_id, (SELECT tw.position FROM facilities_township tw WHERE tw.id = f.township_id), f.township_id
    ) x GROUP BY township_id
),
awards AS (
    SELECT f.township_id,
        COALESCE(sum(a.amount) FILTER (WHERE a.status = 'proposed'), 0) AS proposed,
        COALESCE(sum(a.amount) FILTER (WHERE a.status = 'approved'), 0) AS approved,
        COALESCE((SELECT sum(d.amount) FROM subsidies_disbursement d JOIN subsidies_award a2 ON a2.id = d.award_id
            JOIN facilities_facility f2 ON f2.id = a2.facility_id
            WHERE f2.township_id = f.township_id AND a2.year = %(money_year)s), 0) AS paid
    FROM subsidies_award a JOIN facilities_facility f ON f.id = a.facility_id
    WHERE f.township_id IN (SELECT id FROM t) AND a.year = %(money_year)s
    GROUP BY f.township_id
),
ledger AS (
    SELECT COALESCE(f.township_id, v.township_id) AS township_id, sum(e.amount) AS total
    FROM subsidies_ledgerentry e LEFT JOIN facilities_facility f ON f.id = e.facility_id
        LEFT JOIN facilities_village v ON v.id = e.village_id
    WHERE e.year = %(money_year)s AND COALESCE(f.township_id, v.township_id) IN (SELECT id FROM t)
    GROUP BY 1
),
months AS (
    SELECT m::date AS first, LEAST((m + interval '1 month - 1 day')::date, %(money_last)s::date) AS last,
        extract(day FROM m + interval '1 month - 1 day')::int AS days
    FROM generate_series(%(money_first)s::date, %(money_last)s::date, interval '1 month') m
),
post_pay AS (  -- each post's pay of the money year: each month's share by the days it existed, rounded once
    SELECT f.township_id, round(sum(p.monthly_pay * (LEAST(COALESCE(p.until, mo.last), mo.last)
            - GREATEST(p.since, mo.first) + 1) / mo.days), 2) AS pay
    FROM staffing_post p JOIN facilities_facility f ON f.id = p.facility_id
        JOIN staffing_fundingsource s ON s.id = p.funding_source_id
        JOIN subsidies_fundingsource ls ON ls.code = s.code
        JOIN months mo ON p.since <= mo.last AND (p.until IS NULL OR p.until >= mo.first)
    WHERE f.township_id IN (SELECT id FROM t)
    GROUP BY p.id, f.township_id
),
late AS (
    SELECT k.id, k.name, k.township_id, (SELECT json_agg(json_build_array(m.name, m.deadline) ORDER BY m.deadline)
        FROM facilities_milestone m WHERE m.project_id = k.id AND m.deadline < %(day)s
            AND (m.done_on IS NULL OR m.done_on > %(day)s)) AS overdue
    FROM facilities_keyproject k JOIN facilities_policydocument d ON d.id = k.document_id
    WHERE (k.township_id IN (SELECT id FROM t) OR (k.township_id IS NULL AND d.county_id = %(county)s))
        AND (k.valid_from IS NULL OR k.valid_from <= %(day)s)
        AND EXISTS (SELECT 1 FROM facilities_milestone m WHERE m.project_id = k.id AND m.deadline < %(day)s
            AND (m.done_on IS NULL OR m.done_on > %(day)s))
)"""

TIERS = """,
elder AS (
    SELECT e.id, v.township_id, {tier} AS tier
    FROM visits_elder e JOIN facilities_village v ON v.id = e.village_id WHERE v.township_id IN (SELECT id FROM t)
),
tier_counts AS (
    SELECT elder.tier, elder.township_id, count(*) AS elders, count(*) FILTER (WHERE (
        SELECT count(*) FROM visits_visit x WHERE x.elder_id = elder.id
            AND x.visited_on BETWEEN (CASE elder.tier {starts} END) AND %(day)s) >= (CASE elder.tier {needed} END)
        ) AS visited,
        count(*) FILTER (WHERE elder.tier IN ({in_rate}) AND EXISTS (SELECT 1 FROM visits_visit x
            WHERE x.elder_id = elder.id AND x.visited_on BETWEEN %(month_first)s AND %(day)s)) AS visited_this_month
    FROM elder WHERE elder.tier <> '' GROUP BY elder.tier, elder.township_id
)"""

REST_SELECT = """,
    (SELECT json_agg(json_build_array(s.township_id, s.facilities, s.required, s.gap, s.posts, s.held, s.funding,
        c.caregivers, c.poor, c.trained)) FROM staffing s LEFT JOIN caregivers c ON c.township_id = s.township_id),
    (SELECT json_agg(json_build_array(a.township_id, a.proposed, a.approved, a.paid)) FROM awards a),
    (SELECT json_agg(json_build_array(township_id, total)) FROM (
        SELECT township_id, sum(total) AS total FROM (
            SELECT township_id, total FROM ledger UNION ALL SELECT township_id, pay FROM post_pay) x
        GROUP BY township_id) y),
    (SELECT json_agg(json_build_array(id, name, township_id, overdue)) FROM late)"""

TIERS_SELECT = """,
    (SELECT json_agg(json_build_array(tier, township_id, elders, visited, visited_this_month)) FROM tier_counts)"""


def _priority_sql(day, params):
    """The priority criteria in force on ``day`` as SQL over ``e`` (visits.models.priority_q), their ages as params."""
    from visits.models import Criterion, PriorityRule, latest_birth_date_for_age

    terms = ["e.manual_priority_reason <> ''"]
    for index, rule in enumerate(PriorityRule.objects.in_force(day).order_by("criterion")):
        if rule.criterion == Criterion.OLD_AND_ALONE:
            params[f"old_{index}"] = latest_birth_date_for_age(rule.min_age, day)
            terms.append(f"(e.birth_date <= %(old_{index})s AND e.living_arrangement = 'alone')")
        elif rule.criterion == Criterion.NO_CHILDREN_IN_COUNTY:
            terms.append("(e.children_count = 0 OR NOT e.children_in_county)")
        else:
            terms.append("(e.is_special_family AND e.is_left_behind)")
    return "(" + " OR ".join(terms) + ")"


def _tier_sql(day, params):
    """(tier CASE, period start CASE arms, visits needed CASE arms, codes in the monthly rate) for the tiers in force."""
    from visits.models import TierGroup, latest_birth_date_for_age
    from visits.models.archive import VERY_OLD_AGE
    from visits.tiers import period_of, tiers_on

    active = "(e.archived_on <= %(day)s AND (e.status = 'active' OR e.status_since > %(day)s))"
    params["very_old"] = latest_birth_date_for_age(VERY_OLD_AGE, day)
    difficulty = (
        "(e.living_arrangement = 'alone' OR e.is_empty_nest OR e.is_left_behind OR e.is_special_family"
        " OR e.self_care <> 'independent' OR e.birth_date <= %(very_old)s)"
    )
    groups = {TierGroup.PRIORITY: _priority_sql(day, params), TierGroup.SPECIAL_DIFFICULTY: difficulty}
    whens, starts, needed, in_rate = [], [], [], []
    for index, tier in enumerate(tiers_on(day)):
        group = groups.get(tier.group)
        condition = f"({group} AND {active})" if group else active
        params[f"tier_{index}"], params[f"start_{index}"] = tier.code, period_of(tier.period, day)[0]
        whens.append(f"WHEN {condition} THEN %(tier_{index})s")
        starts.append(f"WHEN %(tier_{index})s THEN %(start_{index})s::date")
        needed.append(f"WHEN %(tier_{index})s THEN {int(tier.visits)}")
        if tier.in_visit_rate:
            in_rate.append(f"%(tier_{index})s")
    tier = f"CASE {' '.join(whens)} ELSE '' END" if whens else "''"
    return tier, " ".join(starts) or "WHEN '' THEN NULL", " ".join(needed) or "WHEN '' THEN 0", ", ".join(in_rate) or "''"


def dashboard_floor(bureau, day, *, progress_only=False, tiers=True):
    """(sql, params) for the bureau's county on ``day`` (see the module's docstring); ``tiers=False``: without the
    visiting figures (the part of the page that reads summary data)."""
    from facilities.models import PlanTableCell
    from facilities.plans import plan_in_force
    from zhongyang_eldercare.reports.money import year_ended_by

    document = plan_in_force(bureau.county, day)
    years = sorted(set(PlanTableCell.objects.filter(row__document=document).values_list("year", flat=True)))
    days = [document.period_start - timedelta(days=1), *[year_end(y) for y in years if year_end(y) <= day], day]
    money_year = year_ended_by(day)
    params = {
        "county": bureau.county_id,
        "day": day,
        "days": sorted(set(days)),
        "document": document.pk,
        "money_year": money_year,
        "money_first": date(money_year, 1, 1),
        "money_last": min(date(money_year, 12, 31), timezone.localdate()),  # as the posts' pay: to today
        "month_first": day.replace(day=1),
    }
    if progress_only:
        return f"WITH {PROGRESS}\nSELECT {PROGRESS_SELECT}", params
    if not tiers:
        return f"WITH {PROGRESS}{REST}\nSELECT {PROGRESS_SELECT}{REST_SELECT}", params
    tier, starts, needed, in_rate = _tier_sql(day, params)
    visiting = TIERS.format(tier=tier, starts=starts, needed=needed, in_rate=in_rate)
    return f"WITH {PROGRESS}{REST}{visiting}\nSELECT {PROGRESS_SELECT}{REST_SELECT}{TIERS_SELECT}", params


def differences(bureau, day):
    """Where the floor's figures differ from the page's for the bureau's county on ``day``: [] when they agree.

    Compares every township's coverage (on the day and at each year end), sites, beds and elderly, compliance, tasks
    done, the facilities by status, the staffing block, the money column, the late projects and the tier counts and
    monthly rate with what ``compute_progress`` and the dashboard's sections give."""
    from decimal import Decimal

    from django.db import connection

    from facilities.models import Township
    from facilities.plans import plan_in_force
    from visits.tiers import tier_overview, tiers_on
    from zhongyang_eldercare.reports.dashboard import dashboard_context
    from zhongyang_eldercare.reports.progress import compute_progress

    sql, params = dashboard_floor(bureau, day)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = [value or [] for value in cursor.fetchone()]
    covers, sites, beds, statuses, tasks, _planned, compliance, staffing, awards, funded, late, tiers = row
    townships = Township.objects.for_user(bureau).in_county(bureau.county)
    progress = compute_progress(on=day, townships=townships, whole_county=True, document=plan_in_force(bureau.county, day))
    context = dashboard_context(progress, bureau)
    found = []

    def compare(what, floor, page):
        if floor != page:
            found.append((what, floor, page))

    by_day = {(t, d): (covered, total) for t, d, covered, total in covers}
    done = {(t, year, task): n for t, year, task, n in tasks}
    for line in progress.lines:
        pk = line.township.pk
        compare(("villages", pk), by_day.get((pk, day.isoformat())), (line.villages.covered, line.villages.total))
        for year, share in line.coverage_at.items():
            if share is not None:
                compare(("villages", pk, year), by_day.get((pk, f"{year}-12-31")), (share.covered, share.total))
        compare(("sites", pk), {t: (c, n) for t, c, n in sites}.get(pk, (0, 0)), (line.sites.covered, line.sites.total))
        compare(("beds", pk), {t: (b, e) for t, b, e in beds}.get(pk), (line.beds, line.elderly))
        compare(("compliance", pk), {t: (g, b) for t, g, b in compliance}.get(pk, (0, 0)), (line.compliant, line.not_compliant))
        for (year, kind), count in line.tasks.items():
            compare(("tasks", pk, year, kind), done.get((pk, year, kind), 0), count.done)
    compare("by status", statuses, {status or "none": n for status, n in progress.facilities_by_status.items()})
    staffed = {values[0]: values for values in staffing}
    for line in context["staffing"]["figures"].lines:
        values = staffed.get(line.township.pk, [None] * 10)
        compare(("staffing", line.township.pk), values[1:6], [line.facilities, line.required, line.gap, line.posts, line.filled])
        compare(
            ("caregivers", line.township.pk),
            [values[7] or 0, values[8] or 0, values[9] or 0],
            [line.caregivers, line.registered_poor, line.trained],
        )
    money = {values[0]: [Decimal(str(value)) for value in values[1:]] for values in awards}
    ledger = {pk: Decimal(str(total)) for pk, total in funded}
    for line in context["money"]["lines"]:
        pk, totals = line.awards.township_id, line.awards
        compare(("awards", pk), money.get(pk, [0, 0, 0]), [totals.proposed, totals.approved, totals.disbursed])
        compare(("funded", pk), ledger.get(pk), line.funded)
    compare("late projects", sorted(pk for pk, *_rest in late), sorted(project.pk for project in context["late_projects"]))
    counted = {(code, pk): (elders, visited, month) for code, pk, elders, visited, month in tiers}
    rates, _target, counts = tier_overview(townships=townships, on=day)
    for count in counts:
        if count.township_id is not None:
            mine = counted.get((count.tier.code, count.township_id), (0, 0, 0))
            compare(("tier", count.tier.code, count.township_id), mine[:2], (count.elders, count.visited))
    in_rate = [tier.code for tier in tiers_on(day) if tier.in_visit_rate]
    for rate in rates:
        if rate.township_id is not None:
            mine = [counted.get((code, rate.township_id), (0, 0, 0)) for code in in_rate]
            compare(
                ("monthly rate", rate.township_id),
                (sum(m[0] for m in mine), sum(m[2] for m in mine)),
                (rate.elders, rate.visited),
            )
    return found
