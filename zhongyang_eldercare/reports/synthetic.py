"""Synthetic counties for measurements at real size (``manage.py make_synthetic``, issue 14).

Each county is shaped like Zhongyang: the seven townships of ``fixtures/places.json`` with the
villages and relocation sites Attachment 3 (``fixtures/plan_table.json``) gives them (76 and 12),
facilities with dated status and bed histories, 25,000 archived elders of whom about 8–10 % meet a
priority rule, three years of weekly visits to the priority elders with realistic gaps (an elder
missed now and then, a village's visitor away for a week, a second visit some weeks), monthly
visits to some of the others, and the follow-ups urgent findings open.

Everything is marked: the county has ``is_synthetic`` set, every village, site, facility, elder,
visit and follow-up has ``is_sample`` set. Who counts as a priority target, how often the other
elders are visited, when an entry is late and when a follow-up is due all come from the policy
rows ``load_policy`` stored (nothing here restates a policy number).

The rows are made in Python from one ``random.Random`` per county seeded with (seed, county
number in the run), so the same seed and ``today`` build the same records; they are written with
PostgreSQL's ``COPY`` (psycopg2 ``copy_expert``) or ``bulk_create`` elsewhere. Bulk loading writes
no audit entries: the records are made up.
"""

import io
import json
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from facilities.models import (
    BedCount,
    County,
    Facility,
    FacilityKind,
    FacilityStatus,
    FacilityStatusChange,
    RelocationSite,
    Township,
    Village,
)
from visits.models import (
    Assessment,
    Elder,
    ElderStatus,
    ElderStatusChange,
    FollowUp,
    FollowUpStatus,
    PriorityRule,
    SettingCode,
    Tier,
    Visit,
    VisitFrequency,
    VisitorAssignment,
    VisitSetting,
)
from zhongyang_eldercare.kernel.dates import week_start
from zhongyang_eldercare.kernel.identity import with_check_digit

ELDERS_PER_COUNTY = 25_000
YEARS_OF_VISITS = 3
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹任白温贺薛武"
GIVEN = "秀英桂兰玉凤淑珍春梅金花建国志强德福明华文玉生贵喜成海平长顺福林有才永红翠莲二小保全"
PLACE_FIRST = "东西南北上下前后大小石柳李王张高新马杨白黄红青卧寨"
PLACE_SECOND = ["家庄", "家沟", "峪", "坪", "岭", "塔", "湾", "坡", "则", "家塔", "圪台", "沟"]
VISITOR_KINDS = ["cadre", "grid", "volunteer", "social_worker", "neighbour"]
CONCERNS = ["血压偏高", "行动不便", "独自在家情绪低落", "屋顶漏雨", "取暖炉需检查", "药品不足", "卫生较差"]


class SyntheticRefused(Exception):
    """The database holds real records (or DEBUG is off) and --allow-real was not given."""


def real_records():
    """How many places and archive records are real: not sample data and not under a synthetic county."""
    real = Q(is_sample=False)
    return {
        "villages": Village.objects.filter(real, township__county__is_synthetic=False).count(),
        "relocation sites": RelocationSite.objects.filter(real, township__county__is_synthetic=False).count(),
        "facilities": Facility.objects.filter(real, township__county__is_synthetic=False).count(),
        "elders": Elder.objects.filter(real, village__township__county__is_synthetic=False).count(),
    }


def check_allowed(*, allow_real):
    """Refuse outside DEBUG, or on a database with real records, unless ``allow_real``."""
    if allow_real:
        return
    if not settings.DEBUG:
        raise SyntheticRefused("DEBUG is off: this looks like a production server. Pass --allow-real to build anyway.")
    found = {name: count for name, count in real_records().items() if count}
    if found:
        listed = ", ".join(f"{count} {name}" for name, count in found.items())
        raise SyntheticRefused(f"The database holds real records ({listed}). Pass --allow-real to add synthetic counties anyway.")


@dataclass(frozen=True)
class Shape:
    """What one synthetic county holds."""

    elders: int = ELDERS_PER_COUNTY
    weeks: int = YEARS_OF_VISITS * 52 + 1


def _zhongyang_shape():
    """[(township fixture row, villages, relocation sites)] from the plan's fixtures: 76 villages, 12 sites."""
    fixtures = settings.BASE_DIR / "fixtures"
    places = json.loads((fixtures / "places.json").read_text(encoding="utf-8"))
    plan = json.loads((fixtures / "plan_table.json").read_text(encoding="utf-8"))
    rows = {row["township"]: row for row in plan["rows"] if not row["is_total"]}
    shape = []
    for township in places["townships"]:
        row = rows[township["name"]]
        sites = sum(cell["count"] for cell in row["cells"] if cell["kind"] == "relocation_day_care")
        shape.append((township, row["villages_total"], sites))
    return shape


class BulkWriter:
    """Rows into one table: COPY on PostgreSQL, bulk_create elsewhere; primary keys chosen here."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.touched = []

    def first_id(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def write(self, model, names, rows, constants=None):
        """``rows``: tuples of values for the fields ``names`` (attnames); ``constants``: {attname: value} for
        all rows; every other concrete field takes its default (auto_now fields: now)."""
        constants = dict(constants or {})
        now = timezone.now()
        for field in model._meta.concrete_fields:
            if field.attname in names or field.attname in constants or field.primary_key and "id" not in names:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                constants[field.attname] = now
            else:
                constants[field.attname] = field.get_default()
        if model not in self.touched:
            self.touched.append(model)
        if not rows:
            return 0
        if self.postgres:
            return self._copy(model, names, rows, constants)
        objects = (model(**dict(zip(names, row, strict=True)), **constants) for row in rows)
        return len(model.objects.bulk_create(objects, batch_size=2000))

    def _copy(self, model, names, rows, constants):
        fields = {field.attname: field for field in model._meta.concrete_fields}
        columns = [fields[name].column for name in names] + [fields[name].column for name in constants]
        tail = "".join("\t" + _copy_text(fields[name].get_db_prep_save(value, connection)) for name, value in constants.items())
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write("\t".join(map(_copy_text, row)))
            buffer.write(tail)
            buffer.write("\n")
            count += 1
        buffer.seek(0)
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN", buffer)
        return count

    def reset_sequences(self):
        if self.postgres and self.touched:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), self.touched):
                    cursor.execute(sql)


def _copy_text(value):
    """One value in COPY's text format (the generated strings hold no tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


@dataclass
class Rules:
    """The policy rows the generator follows (read once from the database)."""

    other_visits_monthly: bool
    late_entry_days: int
    follow_up_days: int

    @classmethod
    def read(cls, today):
        if not PriorityRule.objects.exists():
            raise SyntheticRefused("No priority visiting rules: run `manage.py load_policy` first.")
        other = VisitFrequency.objects.filter(tier=Tier.OTHER).in_force_latest(today)
        return cls(
            other_visits_monthly=other is not None,
            late_entry_days=VisitSetting.value_on(SettingCode.LATE_ENTRY_DAYS, today) or 7,
            follow_up_days=VisitSetting.value_on(SettingCode.FOLLOW_UP_DAYS, today) or 3,
        )


def build(*, counties, seed, today=None, shape=Shape(), log=print):
    """Build ``counties`` synthetic counties; returns the County rows. One transaction per county."""
    today = today or timezone.localdate()
    rules = Rules.read(today)
    writer = BulkWriter()
    start_number = County.objects.filter(is_synthetic=True).count() + 1
    built = []
    for index in range(counties):
        started = time.perf_counter()
        with transaction.atomic():
            county = CountyBuilder(
                writer=writer, rng=random.Random(f"{seed}-{index}"), number=start_number + index, today=today, shape=shape
            ).build(rules)
            writer.reset_sequences()
        built.append(county)
        log(f"{county.name}: {county.counts} in {time.perf_counter() - started:.1f} s")
    return built


class CountyBuilder:
    def __init__(self, *, writer, rng, number, today, shape):
        self.writer = writer
        self.rng = rng
        self.number = number
        self.today = today
        self.shape = shape
        self.first_monday = week_start(today) - timedelta(weeks=shape.weeks - 1)

    def build(self, rules):
        county = County.objects.create(name=f"合成{self.number:02d}县", code=f"synthetic-{self.number:02d}", is_synthetic=True)
        self.places(county)
        self.facilities()
        self.elders()
        self.visits(rules)
        county.counts = (
            f"{len(self.townships)} townships, {len(self.villages)} villages, {len(self.sites)} sites, "
            f"{self.facility_count} facilities, {len(self.elder_rows)} elders ({len(self.priority)} priority), "
            f"{self.visit_count} visits, {self.follow_up_count} follow-ups"
        )
        return county

    # --- places --------------------------------------------------------------------------------

    def places(self, county):
        rng = self.rng
        shape = _zhongyang_shape()
        per_village = self.shape.elders / sum(villages for _t, villages, _s in shape)
        self.townships = Township.objects.bulk_create(
            Township(
                county=county,
                name=f"{county.name}{row['name']}",
                kind=row["kind"],
                pinyin=f"syn{self.number:02d}-{row['pinyin']}",
                position=100 * self.number + row["position"],
            )
            for row, _villages, _sites in shape
        )
        village_rows, site_rows = [], []
        village_id, site_id = self.writer.first_id(Village), self.writer.first_id(RelocationSite)
        for township, (_row, villages, sites) in zip(self.townships, shape, strict=True):
            names = [first + second for first in PLACE_FIRST for second in PLACE_SECOND]
            for name in rng.sample(names, villages):
                elderly = max(20, round(rng.gauss(per_village, per_village / 4)))
                village_rows.append((village_id, township.pk, f"{name}村", elderly * 4, elderly, rng.random() < 0.4))
                village_id += 1
            for number in range(1, sites + 1):
                site_rows.append((site_id, township.pk, f"{township.name}移民安置点{number}", rng.randint(40, 160)))
                site_id += 1
        self.writer.write(
            Village,
            ["id", "township_id", "name", "population", "elderly_population", "has_clinic"],
            village_rows,
            {"is_sample": True},
        )
        self.writer.write(RelocationSite, ["id", "township_id", "name", "elderly_population"], site_rows, {"is_sample": True})
        self.villages = [(row[0], row[1], row[2], row[4]) for row in village_rows]
        self.sites = [(row[0], row[1], row[2]) for row in site_rows]
        for township in self.townships:
            township.elderly_population = sum(v[3] for v in self.villages if v[1] == township.pk)
        Township.objects.bulk_update(self.townships, ["elderly_population"])

    # --- facilities ----------------------------------------------------------------------------

    def _history(self):
        """A facility's status changes: planned, building, built, operating, now and then suspended or closed."""
        rng = self.rng
        planned = date(2019, 6, 1) + timedelta(days=rng.randrange(0, 900))
        steps = [(FacilityStatus.PLANNED, planned)]
        day = planned
        for status, low, high in ((FacilityStatus.UNDER_CONSTRUCTION, 60, 300), (FacilityStatus.BUILT, 120, 400)):
            day = day + timedelta(days=rng.randint(low, high))
            if day > self.today:
                return steps
            steps.append((status, day))
        day = day + timedelta(days=rng.randint(20, 200))
        if day <= self.today and rng.random() < 0.85:
            steps.append((FacilityStatus.OPERATING, day))
            if rng.random() < 0.06:
                later = day + timedelta(days=rng.randint(100, 700))
                if later <= self.today:
                    steps.append((rng.choice([FacilityStatus.SUSPENDED, FacilityStatus.CLOSED]), later))
        return steps

    def facilities(self):
        rng = self.rng
        facility_id = self.writer.first_id(Facility)
        facilities, changes, beds = [], [], []
        village_kinds = [FacilityKind.HAPPINESS] * 5 + [FacilityKind.DAY_CARE] * 3 + [FacilityKind.MUTUAL_AID]
        places = [(pk, township, None, name, rng.choice(village_kinds)) for pk, township, name, _e in self.villages]
        places += [(None, township, pk, name, FacilityKind.DAY_CARE) for pk, township, name in self.sites]
        for township in self.townships:
            places.append((None, township.pk, None, f"{township.name}敬老院", FacilityKind.NURSING_HOME))
        places.append((None, self.townships[0].pk, None, f"合成{self.number:02d}县中心敬老院", FacilityKind.CENTRAL_NURSING))
        labels = dict(FacilityKind.choices)
        for village, township, site, name, kind in places:
            if village and rng.random() < 0.12:
                continue  # not every village has its facility yet
            history = self._history()
            nursing = kind in (FacilityKind.NURSING_HOME, FacilityKind.CENTRAL_NURSING)
            bed_count = rng.randint(30, 120) if nursing else rng.randint(0, 12)
            facility_name = name if nursing else f"{name}{labels[kind]}"
            facilities.append(
                (
                    facility_id,
                    kind,
                    facility_name[:100],
                    township,
                    village,
                    site,
                    history[-1][0],
                    history[0][1].year,
                    bed_count,
                    0,
                )
            )
            changes.extend((facility_id, status, day) for status, day in history)
            if history[-1][0] in (FacilityStatus.BUILT, FacilityStatus.OPERATING) or len(history) > 2:
                first = history[min(2, len(history) - 1)][1]
                beds.append((facility_id, first, max(0, bed_count - rng.randint(0, 6)), 0))
                if first + timedelta(days=400) < self.today:
                    beds.append((facility_id, first + timedelta(days=400), bed_count, 0))
            facility_id += 1
        self.writer.write(
            Facility,
            [
                "id",
                "kind",
                "name",
                "township_id",
                "village_id",
                "relocation_site_id",
                "status",
                "planned_year",
                "beds",
                "nursing_beds",
            ],
            facilities,
            {"is_sample": True},
        )
        self.writer.write(FacilityStatusChange, ["facility_id", "status", "changed_on"], changes)
        self.writer.write(BedCount, ["facility_id", "since", "beds", "nursing_beds"], beds)
        self.facility_count = len(facilities)

    # --- elders ----------------------------------------------------------------------------------

    def _birth_date(self):
        rng = self.rng
        age = rng.choices([rng.randint(60, 69), rng.randint(70, 79), rng.randint(80, 89), rng.randint(90, 99)], [50, 32, 15, 3])[
            0
        ]
        return self.today - timedelta(days=365 * age + rng.randrange(0, 365))

    def elders(self):
        rng = self.rng
        elder_id = self.writer.first_id(Elder)
        region = f"14{9000 + self.number:04d}"
        used = set()
        rows, status_rows = [], []
        weights = [(v[0], v[3]) for v in self.villages]
        total = sum(w for _pk, w in weights)
        quota = [(pk, round(self.shape.elders * w / total)) for pk, w in weights]
        quota[-1] = (quota[-1][0], self.shape.elders - sum(q for _pk, q in quota[:-1]))
        earliest_archive = self.first_monday - timedelta(days=60)
        for village, count in quota:
            for _ in range(max(0, count)):
                born = self._birth_date()
                serial = rng.randrange(0, 1000)
                while (born, serial) in used:
                    serial = (serial + 1) % 1000
                used.add((born, serial))
                id_number = with_check_digit(f"{region}{born:%Y%m%d}{serial:03d}")
                gender = "male" if serial % 2 else "female"
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                living = rng.choices(["alone", "spouse", "others"], [25, 45, 30])[0]
                children = 0 if rng.random() < 0.02 else rng.randint(1, 5)
                in_county = children > 0 and rng.random() > 0.025
                left_behind = not in_county or rng.random() < 0.3
                special = rng.random() < (0.02 if left_behind else 0.005)
                manual = "村委会建议重点关注" if rng.random() < 0.005 else ""
                archived = earliest_archive + timedelta(days=int(rng.random() ** 3 * (self.today - earliest_archive).days))
                status, since = ElderStatus.ACTIVE, None
                if rng.random() < 0.04:
                    since = archived + timedelta(days=rng.randint(30, max(31, (self.today - archived).days)))
                    if since <= self.today:
                        status = rng.choice([ElderStatus.DECEASED, ElderStatus.DECEASED, ElderStatus.MOVED_AWAY])
                        status_rows.append((elder_id, status, since))
                    else:
                        since = None
                rows.append(
                    (
                        elder_id,
                        name,
                        id_number,
                        gender,
                        born,
                        village,
                        living,
                        children,
                        in_county,
                        left_behind,
                        living == "alone" and children > 0 and not in_county,
                        special,
                        rng.random() < 0.08,
                        rng.random() < 0.01,
                        rng.choices(["independent", "partial", "disabled", "dementia"], [80, 12, 6, 2])[0],
                        manual,
                        status,
                        since,
                        archived,
                        f"1{rng.randrange(3000000000, 9999999999)}",
                    )
                )
                elder_id += 1
        names = [
            "id",
            "name",
            "id_number",
            "gender",
            "birth_date",
            "village_id",
            "living_arrangement",
            "children_count",
            "children_in_county",
            "is_left_behind",
            "is_empty_nest",
            "is_special_family",
            "is_dibao",
            "is_tekun",
            "self_care",
            "manual_priority_reason",
            "status",
            "status_since",
            "archived_on",
            "phone",
        ]
        self.writer.write(Elder, names, rows, {"is_sample": True})
        self.writer.write(ElderStatusChange, ["elder_id", "status", "changed_on"], status_rows)
        self.elder_rows = rows
        ids = [row[0] for row in rows]
        # priority by the stored rules (the database judges; nothing here restates them)
        self.priority = set(
            Elder.objects.filter(pk__gte=ids[0], pk__lte=ids[-1]).priority_on(self.today).values_list("pk", flat=True)
        )
        self.visitor_names = {}
        assignments = []
        for row in rows:
            if row[0] in self.priority and rng.random() < 0.97:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                self.visitor_names[row[0]] = name
                assignments.append(
                    (row[0], rng.choice(VISITOR_KINDS), name, f"1{rng.randrange(3000000000, 9999999999)}", row[18])
                )
        self.writer.write(VisitorAssignment, ["elder_id", "kind", "name", "phone", "since"], assignments)

    # --- visits and follow-ups ----------------------------------------------------------------------

    def visits(self, rules):
        rng = self.rng
        visit_id = self.writer.first_id(Visit)
        tz = timezone.get_current_timezone()
        weeks = [self.first_monday + timedelta(weeks=n) for n in range(self.shape.weeks)]
        village_away = {(v[0], n) for v in self.villages for n in range(len(weeks)) if rng.random() < 0.02}
        visits, follow_ups = [], []
        names = [
            "id",
            "elder_id",
            "visited_on",
            "week_start",
            "visitor",
            "method",
            "health",
            "health_note",
            "mental",
            "safety",
            "safety_note",
            "overall_risk",
            "is_late_entry",
            "recorded_at",
        ]
        for row in self.elder_rows:
            elder, village, archived, status, since = row[0], row[5], row[18], row[16], row[17]
            last = since if status != ElderStatus.ACTIVE else self.today
            visitor = self.visitor_names.get(elder, "村干部")
            if elder in self.priority:
                reliability = rng.choice([0.97, 0.93, 0.9, 0.8])
                per_week = [(n, monday) for n, monday in enumerate(weeks)]
            elif rules.other_visits_monthly and rng.random() < 0.15:
                reliability = 0.9
                offset = rng.randrange(4)
                per_week = [(n, monday) for n, monday in enumerate(weeks) if n % 4 == offset]
            else:
                continue
            for n, monday in per_week:
                if monday < archived - timedelta(days=6) or (village, n) in village_away or rng.random() > reliability:
                    continue
                for _ in range(2 if rng.random() < 0.04 else 1):
                    day = monday + timedelta(days=rng.randrange(0, 7))
                    if day > last or day < archived:
                        continue
                    late = rng.random() < 0.02
                    entered = day + timedelta(days=rules.late_entry_days + rng.randint(1, 20) if late else rng.randint(0, 2))
                    recorded_at = datetime.combine(min(entered, self.today), clock(18, 0), tzinfo=tz)
                    roll = rng.random()
                    health = mental = safety = Assessment.NORMAL
                    note = safety_note = ""
                    risk = 1
                    if roll < 0.003:
                        health, note, risk = Assessment.URGENT, rng.choice(CONCERNS), 3
                        follow_ups.append((elder, visit_id, day, note))
                    elif roll < 0.04:
                        mental, risk = Assessment.ATTENTION, 2
                    elif roll < 0.06:
                        safety, safety_note, risk = Assessment.ATTENTION, rng.choice(CONCERNS), 2
                    method = "home" if rng.random() < 0.6 else "phone"
                    visits.append(
                        (
                            visit_id,
                            elder,
                            day,
                            monday,
                            visitor,
                            method,
                            health,
                            note,
                            mental,
                            safety,
                            safety_note,
                            risk,
                            late,
                            recorded_at,
                        )
                    )
                    visit_id += 1
            if len(visits) > 100_000:
                self.visit_count = getattr(self, "visit_count", 0) + self.writer.write(Visit, names, visits, {"is_sample": True})
                visits = []
        self.visit_count = getattr(self, "visit_count", 0) + self.writer.write(Visit, names, visits, {"is_sample": True})
        rows = []
        for elder, visit, day, note in follow_ups:
            due = day + timedelta(days=rules.follow_up_days)
            done = due + timedelta(days=rng.randint(-2, 10))
            if done < self.today and rng.random() < 0.92:
                rows.append(
                    (elder, visit, note, "村委会", due, FollowUpStatus.RESOLVED, "已联系家属处理", day, done, "已上门处理")
                )
            else:
                status = rng.choice([FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS])
                rows.append((elder, visit, note, "村委会", due, status, "", day, None, ""))
        self.follow_up_count = self.writer.write(
            FollowUp,
            [
                "elder_id",
                "visit_id",
                "problem",
                "assignee",
                "due_on",
                "status",
                "resolution",
                "opened_on",
                "resolved_on",
                "actions",
            ],
            rows,
            {"is_sample": True},
        )


def delete_synthetic(log=print):
    """Remove every synthetic county and everything under it."""
    counties = County.objects.filter(is_synthetic=True)
    scope = {"village__township__county__in": counties}
    with transaction.atomic():
        FollowUp.objects.filter(**{f"elder__{key}": value for key, value in scope.items()}).delete()
        Visit.objects.filter(**{f"elder__{key}": value for key, value in scope.items()}).delete()
        VisitorAssignment.objects.filter(**{f"elder__{key}": value for key, value in scope.items()}).delete()
        ElderStatusChange.objects.filter(**{f"elder__{key}": value for key, value in scope.items()}).delete()
        Elder.objects.filter(**scope).delete()
        Facility.objects.filter(township__county__in=counties).delete()
        Village.objects.filter(township__county__in=counties).delete()
        RelocationSite.objects.filter(township__county__in=counties).delete()
        Township.objects.filter(county__in=counties).delete()
        deleted = counties.count()
        counties.delete()
    log(f"deleted {deleted} synthetic counties")
    return deleted
