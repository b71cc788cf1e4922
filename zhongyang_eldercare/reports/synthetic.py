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
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from facilities.models import (
    BedCount,
    City,
    County,
    Facility,
    FacilityKind,
    FacilityStatus,
    FacilityStatusChange,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    RelocationSite,
    Target,
    Township,
    Village,
)
from subsidies.computation import propose
from subsidies.models import (
    Award,
    AwardStatus,
    Disbursement,
    Evaluation,
    EvaluationKind,
    FundingGroup,
    FundingSource,
    GradeThreshold,
    IndicatorScore,
    LedgerEntry,
    RectificationItem,
    SubsidyKind,
    indicators_on,
)
from subsidies.models.rules import GRADE_RANK, Grade
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
from zhongyang_eldercare.accounts.models import Role, User
from zhongyang_eldercare.kernel.dates import week_start
from zhongyang_eldercare.kernel.identity import with_check_digit

ELDERS_PER_COUNTY = 25_000
YEARS_OF_VISITS = 3
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹任白温贺薛武"
GIVEN = "秀英桂兰玉凤淑珍春梅金花建国志强德福明华文玉生贵喜成海平长顺福林有才永红翠莲二小保全"
PLACE_FIRST = "东西南北上下前后大小石柳李王张高新马杨白黄红青卧寨"
PLACE_SECOND = ["家庄", "家沟", "峪", "坪", "岭", "塔", "湾", "坡", "则", "家塔", "圪台", "沟"]
VISITOR_KINDS = ["cadre", "grid", "volunteer", "social_worker", "neighbour"]
FINDINGS = ["台账记录不全", "消防器材需按期检查", "厨房卫生需整改", "开放时间不足", "服务记录缺失"]
DONORS = ["本村乡贤", "外出务工人员", "爱心企业", "县慈善协会"]
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
    """One value in COPY's text format (a JSON field's list or dict as JSON; backslash, tab and newline escaped)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    elif not isinstance(value, str):
        return str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


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


SYNTHETIC_CITY = {"code": "synthetic-city", "name": "合成市"}


def synthetic_city():
    """The city the synthetic counties belong to (issue 15's city level), with every synthetic county in it."""
    city, _created = City.objects.get_or_create(code=SYNTHETIC_CITY["code"], defaults={"name": SYNTHETIC_CITY["name"]})
    County.objects.filter(is_synthetic=True, city__isnull=True).update(city=city)
    return city


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
        synthetic_city()
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
        self.plan(county)
        self.facilities()
        self.elders()
        self.visits(rules)
        self.posts = self.staffing() if apps.is_installed("staffing") else 0
        self.money = self.subsidies(county)
        money = ", ".join(f"{count} {name}" for name, count in self.money.items())
        county.counts = (
            f"{len(self.townships)} townships, {len(self.villages)} villages, {len(self.sites)} sites, "
            f"{self.facility_count} facilities, {len(self.elder_rows)} elders ({len(self.priority)} priority), "
            f"{self.visit_count} visits, {self.follow_up_count} follow-ups, {self.posts} posts held"
            + (f", {money}" if money else "")
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

    # --- the county's own plan: Attachment 3 as Zhongyang published it, on this county's townships -------------

    def plan(self, county):
        """A plan document of this county with the task table of ``fixtures/plan_table.json`` (its rows on this
        county's townships, the totals row, every cell as published) and the targets of the installation's plan
        (the document that file names, as ``load_policy`` stored it), so the dashboard, the report and the plan
        checks of a synthetic county compute real figures."""
        published = json.loads((settings.BASE_DIR / "fixtures" / "plan_table.json").read_text(encoding="utf-8"))
        spec = published["document"]
        document = PolicyDocument.objects.create(
            county=county,
            code=f"{county.name}〔{spec['period_start'][:4]}〕{self.number}号",
            title=f"{county.name}推进农村养老服务实施方案（合成）",
            issued_by=f"{county.name}人民政府办公室（合成）",
            period_start=date.fromisoformat(spec["period_start"]),
            period_end=date.fromisoformat(spec["period_end"]),
        )
        townships = {township.name.removeprefix(county.name): township for township in self.townships}
        rows = PlanTableRow.objects.bulk_create(
            PlanTableRow(
                document=document,
                position=item["position"],
                label=item["label"],
                township=None if item["is_total"] else townships[item["township"]],
                is_total=item["is_total"],
                villages_total=item["villages_total"],
                villages_built=item["villages_built"],
                villages_to_build=item["villages_to_build"],
            )
            for item in published["rows"]
        )
        PlanTableCell.objects.bulk_create(
            PlanTableCell(row=row, year=cell["year"], kind=cell["kind"], count=cell["count"])
            for row, item in zip(rows, published["rows"], strict=True)
            for cell in item["cells"]
        )
        source = PolicyDocument.objects.filter(code=spec["code"]).first()
        targets = Target.objects.filter(document=source).order_by("code", "due_on", "pk") if source else []
        copies = []
        for target in targets:
            target.pk, target.document = None, document
            copies.append(target)
        Target.objects.bulk_create(copies)
        self.document = document

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
        self.in_service = []
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
            built = [day for status, day in history if status in (FacilityStatus.BUILT, FacilityStatus.OPERATING)]
            if built and history[-1][0] in (FacilityStatus.BUILT, FacilityStatus.OPERATING):
                self.in_service.append((facility_id, township, village, kind, built[0]))
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

    # --- staffing (issue 11): public-welfare posts at the facilities in service, each held by a worker ----------

    def staffing(self):
        from staffing.models import FundingSource, Holding, Post, PostKind, Worker

        rng = self.rng
        kinds = list(PostKind.objects.order_by("-is_caregiver", "position").values_list("pk", flat=True))
        sources = list(FundingSource.objects.order_by("position").values_list("pk", flat=True))
        if not kinds or not sources:
            return 0
        post_id, worker_id = self.writer.first_id(Post), self.writer.first_id(Worker)
        region = f"14{8000 + self.number:04d}"
        posts, workers, holdings, used = [], [], [], set()
        for facility, township, village, kind, built in self.in_service:
            count = rng.randint(2, 6) if kind in (FacilityKind.NURSING_HOME, FacilityKind.CENTRAL_NURSING) else rng.randint(1, 2)
            for _ in range(count):
                since = built + timedelta(days=rng.randint(0, 60))
                if since > self.today:
                    continue
                posts.append(
                    (post_id, facility, rng.choice(kinds[:2]), True, rng.choice(sources), f"{rng.randint(12, 30)}00.00", since)
                )
                born = self.today - timedelta(days=365 * rng.randint(30, 58) + rng.randrange(365))
                serial = rng.randrange(1000)
                while (born, serial) in used:
                    serial = (serial + 1) % 1000
                used.add((born, serial))
                id_number = with_check_digit(f"{region}{born:%Y%m%d}{serial:03d}")
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                workers.append(
                    (
                        worker_id,
                        name,
                        id_number,
                        "male" if serial % 2 else "female",
                        born,
                        township,
                        village,
                        since,
                        rng.random() < 0.3,
                    )
                )
                holdings.append((post_id, worker_id, since, True))
                post_id += 1
                worker_id += 1
        self.writer.write(
            Post,
            ["id", "facility_id", "kind_id", "full_time", "funding_source_id", "monthly_pay", "since"],
            posts,
            {"is_sample": True},
        )
        self.writer.write(
            Worker,
            [
                "id",
                "name",
                "id_number",
                "gender",
                "birth_date",
                "township_id",
                "home_village_id",
                "hired_on",
                "is_registered_poor",
            ],
            workers,
            {"is_sample": True},
        )
        return self.writer.write(Holding, ["post_id", "worker_id", "since", "full_time"], holdings, {"is_sample": True})

    # --- money (issue 10): evaluations, approved awards, payments and the funding ledger ---------------------

    def subsidies(self, county):
        """For each of the last three whole years: an annual bureau evaluation of every day care center and
        happiness courtyard in service (scores per indicator in force, the grade by the thresholds in force, a
        rectification item for the weaker ones), the awards ``subsidies.computation.propose`` finds due for this
        county's facilities, approved by a second bureau account, paid (the last year's about half), each payment
        in the funding ledger, and a few ledger entries of the other sources. Returns {what: count}."""
        maker, checker = (
            User.objects.create(username=f"synthetic-{self.number:02d}-{who}", role=Role.BUREAU, county=county,
                                must_change_password=False, is_active=False)
            for who in ("maker", "checker")
        )  # fmt: skip
        sources = list(FundingSource.objects.order_by("position", "pk"))
        counts = dict.fromkeys(("evaluations", "awards", "payments", "ledger entries"), 0)
        for year in range(self.today.year - 3, self.today.year):
            indicators = indicators_on(date(year, 11, 1))
            if not indicators or not sources:
                break
            evaluations = self._evaluations(year, indicators, maker)
            counts["evaluations"] += len(evaluations)
            self.writer.write(
                Evaluation,
                ["id", "facility_id", "kind", "evaluated_on", "evaluators", "total", "grade", "findings", "recorded_by_id"],
                [row[:9] for row in evaluations],
                {"is_sample": True},
            )
            self.writer.write(
                IndicatorScore, ["evaluation_id", "indicator_id", "score"], [score for row in evaluations for score in row[9]]
            )
            self.writer.write(
                RectificationItem,
                ["evaluation_id", "description", "deadline", "done_on"],
                [row[10] for row in evaluations if row[10]],
            )
            among = Facility.objects.filter(township__county=county)
            proposals = propose(year, min(date(year, 12, 31), self.today), among=among).proposals
            awards, payments, entries = self._awards(year, proposals, maker, checker)
            entries += self._other_funding(year, sources, maker)
            counts["awards"] += len(awards)
            counts["payments"] += len(payments)
            counts["ledger entries"] += len(entries)
            self.writer.write(
                Award,
                ["id", "year", "facility_id", "kind", "payer_id", "amount", "status", "reasons", "facts",
                 "proposed_by_id", "proposed_at", "approved_by_id", "approved_at"],
                awards,
                {"is_sample": True},
            )  # fmt: skip
            self.writer.write(Disbursement, ["id", "award_id", "paid_on", "amount", "voucher", "recorded_by_id"], payments)
            self.writer.write(
                LedgerEntry,
                ["year", "facility_id", "source_id", "received_on", "amount", "donor", "note", "disbursement_id",
                 "recorded_by_id"],
                entries,
                {"is_sample": True},
            )  # fmt: skip
        return counts

    def _evaluations(self, year, indicators, maker):
        """[(evaluation row..., [score rows], rectification row or None)] for the facilities in service that year."""
        rng = self.rng
        thresholds = GradeThreshold.objects.in_force_by(date(year, 11, 1), "grade").values()
        thresholds = sorted(thresholds, key=lambda row: (row.min_score, GRADE_RANK[Grade(row.grade)]), reverse=True)
        evaluation_id = self.writer.first_id(Evaluation)
        rows = []
        for facility, _township, _village, kind, built in self.in_service:
            if kind not in (FacilityKind.DAY_CARE, FacilityKind.HAPPINESS) or built > date(year, 10, 1):
                continue
            on = date(year, 11, rng.choice((4, 11, 18, 25)))  # a few evaluation days (the award check runs per day)
            share = Decimal(min(100, max(40, round(rng.gauss(82, 9))))) / 100
            scores = [
                (evaluation_id, indicator.pk, (indicator.max_score * share).quantize(Decimal("0.1"))) for indicator in indicators
            ]
            total = sum(score for _e, _i, score in scores)
            grade = next(row.grade for row in thresholds if total >= row.min_score)
            weak = GRADE_RANK[Grade(grade)] <= GRADE_RANK[Grade.PASS]
            findings = rng.choice(FINDINGS) if weak else ""
            deadline = date(year + 1, 3, 31)
            done = deadline - timedelta(days=rng.randint(0, 60)) if deadline < self.today and rng.random() < 0.8 else None
            rectification = (evaluation_id, findings, deadline, done) if weak else None
            rows.append(
                (evaluation_id, facility, EvaluationKind.ANNUAL, on, "县民政局评估组（合成）", total, grade, findings, maker.pk,
                 scores, rectification)
            )  # fmt: skip
            evaluation_id += 1
        return rows

    def _awards(self, year, proposals, maker, checker):
        """Award, payment and ledger rows: every proposal approved; paid in the next half year (the last year's
        about half, and only what is already past)."""
        rng = self.rng
        tz = timezone.get_current_timezone()
        award_id, payment_id = self.writer.first_id(Award), self.writer.first_id(Disbursement)
        proposed = min(self.today, date(year + 1, 1, 10))
        approved = min(self.today, proposed + timedelta(days=3))
        awards, payments, entries = [], [], []
        last_year = year == self.today.year - 1
        for proposal in proposals:
            awards.append(
                (award_id, year, proposal.facility.pk, proposal.kind, proposal.payer.pk, proposal.amount,
                 AwardStatus.APPROVED, proposal.reasons, proposal.facts, maker.pk,
                 datetime.combine(proposed, clock(9, 0), tzinfo=tz), checker.pk,
                 datetime.combine(approved, clock(15, 0), tzinfo=tz))
            )  # fmt: skip
            paid_on = approved + timedelta(days=rng.randint(20, 180))
            if proposal.amount > 0 and paid_on <= self.today and not (last_year and rng.random() < 0.5):
                voucher = f"合成{self.number:02d}-{year}-{award_id}"
                payments.append((payment_id, award_id, paid_on, proposal.amount, voucher, maker.pk))
                note = gettext("%(award)s, voucher %(voucher)s") % {"award": SubsidyKind(proposal.kind).label, "voucher": voucher}
                entries.append((year, proposal.facility.pk, proposal.payer.pk, paid_on, proposal.amount, "", note, payment_id,
                                maker.pk))  # fmt: skip
                payment_id += 1
            award_id += 1
        return awards, payments, entries

    def _other_funding(self, year, sources, maker):
        """The money the facilities received from the other sources (§2.8): one or two entries a facility a year."""
        rng = self.rng
        others = [source for source in sources if source.group != FundingGroup.GOVERNMENT] or sources
        entries = []
        for facility, _township, _village, _kind, built in self.in_service:
            if built > date(year, 6, 30):
                continue
            for source in rng.sample(others, min(len(others), rng.randint(1, 2))):
                received = date(year, rng.randint(1, 12), rng.randint(1, 28))
                amount = Decimal(rng.randrange(500, 20000, 100)).quantize(Decimal("0.01"))
                donor = rng.choice(DONORS) if source.needs_donor else ""
                entries.append((year, facility, source.pk, received, amount, donor, "合成数据", None, maker.pk))
        return entries

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
    """Remove every synthetic county and everything under it, in plain DELETE statements: the records
    were never audited, and loading millions of visits to send delete signals would take hours."""
    counties = County.objects.filter(is_synthetic=True)
    under = {"elder__village__township__county__in": counties}
    querysets = []
    if apps.is_installed("staffing"):
        from staffing.models import Holding, Post, Training, Worker

        querysets += [
            Holding.objects.filter(post__facility__township__county__in=counties),
            Post.objects.filter(facility__township__county__in=counties),
            Training.objects.filter(worker__township__county__in=counties),
            Worker.objects.filter(township__county__in=counties),
        ]
    facilities = {"facility__township__county__in": counties}
    querysets += [
        LedgerEntry.objects.filter(Q(**facilities) | Q(village__township__county__in=counties)),
        Disbursement.objects.filter(award__facility__township__county__in=counties),
        Award.objects.filter(**facilities),
        RectificationItem.objects.filter(evaluation__facility__township__county__in=counties),
        IndicatorScore.objects.filter(evaluation__facility__township__county__in=counties),
        Evaluation.objects.filter(**facilities),
        FollowUp.objects.filter(**under),
        Visit.objects.filter(**under),
        VisitorAssignment.objects.filter(**under),
        ElderStatusChange.objects.filter(**under),
        Elder.objects.filter(village__township__county__in=counties),
        BedCount.objects.filter(facility__township__county__in=counties),
        FacilityStatusChange.objects.filter(facility__township__county__in=counties),
        Facility.objects.filter(township__county__in=counties),
        Village.objects.filter(township__county__in=counties),
        RelocationSite.objects.filter(township__county__in=counties),
    ]
    plans = {"document__county__in": counties}
    querysets += [
        Target.objects.filter(**plans),
        PlanTableCell.objects.filter(row__document__county__in=counties),
        PlanTableRow.objects.filter(**plans),
        PolicyDocument.objects.filter(county__in=counties),
    ]
    with transaction.atomic():
        for queryset in querysets:
            queryset._raw_delete(queryset.db)
        # the synthetic counties' accounts (make_synthetic's bureau pair, the benchmark's users), audited as usual
        User.objects.filter(
            Q(county__in=counties) | Q(township__county__in=counties) | Q(city__code=SYNTHETIC_CITY["code"])
        ).delete()
        # the summary rows and versions of these townships go with them (ON DELETE CASCADE in Django)
        Township.objects.filter(county__in=counties).delete()
        deleted = counties.count()
        counties.delete()
        City.objects.filter(code=SYNTHETIC_CITY["code"], counties__isnull=True).delete()
    log(f"deleted {deleted} synthetic counties")
    return deleted
