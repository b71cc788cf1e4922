import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from facilities.models import Duty, LeadingGroupMember, PlanTableCell, PlanTableRow, Target, Township
from zhongyang_eldercare.policy_loading import load_all

# Attachment 3 as printed in the seed text: township, total, built, to build, then
# 2020 day care / happiness / relocation day care, 2021 day care / happiness, 2022 day care / happiness.
SEED_TABLE = """
宁乡镇	3	2	1	0	1	2	0	0	0	0
金罗镇	21	10	11	0	4	4	1	3	1	2
枝柯镇	8	2	6	1	1	0	0	1	0	2
暖泉镇	15	3	12	2	4	0	1	2	1	2
武家庄镇	10	2	8	1	2	1	1	2	1	1
车鸣峪乡	6	2	4	0	2	2	1	0	0	1
下枣林乡	13	2	11	3	2	3	1	2	1	2
合计	76	23	53	7	16	12	5	10	5	10
"""
COLUMNS = [
    (2020, "day_care"),
    (2020, "happiness"),
    (2020, "relocation_day_care"),
    (2021, "day_care"),
    (2021, "happiness"),
    (2022, "day_care"),
    (2022, "happiness"),
]


def seed_rows():
    for line in SEED_TABLE.strip().splitlines():
        label, *numbers = line.split("\t")
        yield label, [int(number) for number in numbers]


def test_it_loads_the_task_table_cell_by_cell_including_the_totals_row(policy):
    rows = {row.label: row for row in PlanTableRow.objects.prefetch_related("cells")}
    assert list(rows) == [label for label, _numbers in seed_rows()]
    for label, numbers in seed_rows():
        row = rows[label]
        assert [row.villages_total, row.villages_built, row.villages_to_build] == numbers[:3], label
        assert [row.cell(year, kind) for year, kind in COLUMNS] == numbers[3:], label
    assert rows["合计"].is_total and rows["合计"].township is None
    assert rows["金罗镇"].township.name == "金罗镇"


def test_it_loads_targets_with_clause_and_period(policy):
    coverage = Target.objects.filter(code="village_coverage").order_by("due_on")
    assert [(t.value, t.due_on.isoformat(), t.clause) for t in coverage] == [
        (60, "2020-12-31", "§2.2"),
        (80, "2021-12-31", "§2.2"),
        (100, "2022-12-31", "§2.2"),
    ]
    beds = Target.objects.get(code="beds_per_thousand")
    assert beds.value == 35 and beds.clause == "§1"
    assert str(beds.valid_from) == "2020-01-01" and str(beds.valid_to) == "2022-12-31"


def test_it_loads_attachments_one_and_two(policy):
    assert LeadingGroupMember.objects.count() == 25
    leader = LeadingGroupMember.objects.get(group_role="leader")
    assert (leader.name, leader.title) == ("田安平", "县委副书记、政府县长")
    assert LeadingGroupMember.objects.get(is_office_director=True).name == "张福平"
    assert Duty.objects.count() == 11
    assert sorted(Duty.objects.get(number=11).departments.values_list("name", flat=True)) == sorted(
        ["县委宣传部", "团县委", "县妇联"]
    )


def test_loading_twice_changes_nothing(policy):
    counts = [model.objects.count() for model in (Township, PlanTableRow, PlanTableCell, Target, LeadingGroupMember, Duty)]
    call_command("load_policy", stdout=io.StringIO())
    again = [model.objects.count() for model in (Township, PlanTableRow, PlanTableCell, Target, LeadingGroupMember, Duty)]
    assert again == counts
    assert PlanTableRow.objects.get(label="合计").villages_total == 76


def _broken_fixtures(tmp_path, file_name, mutate):
    for source in (settings.BASE_DIR / "fixtures").iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    data = json.loads((tmp_path / file_name).read_text(encoding="utf-8"))
    mutate(data)
    (tmp_path / file_name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_a_broken_record_names_file_and_record_and_loads_nothing(fresh_install, tmp_path):
    folder = _broken_fixtures(tmp_path, "plan_table.json", lambda data: data["rows"][3].pop("villages_built"))
    with pytest.raises(CommandError) as error:
        call_command("load_policy", fixtures=str(folder))
    assert "plan_table.json" in str(error.value) and "row 4 (暖泉镇)" in str(error.value)
    assert not Township.objects.exists() and not PlanTableRow.objects.exists()


def test_a_negative_count_is_refused(fresh_install, tmp_path):
    def mutate(data):
        data["rows"][0]["cells"][0]["count"] = -1

    folder = _broken_fixtures(tmp_path, "plan_table.json", mutate)
    with pytest.raises(CommandError, match="row 1"):
        call_command("load_policy", fixtures=str(folder))
    assert not PlanTableCell.objects.exists()


def test_a_file_that_is_not_json_is_named(fresh_install, tmp_path):
    folder = _broken_fixtures(tmp_path, "targets.json", lambda data: None)
    (folder / "targets.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="targets.json"):
        call_command("load_policy", fixtures=str(folder))
    assert not Township.objects.exists()


def test_load_all_reports_what_it_loaded(fresh_install):
    counts = load_all(settings.BASE_DIR / "fixtures")
    assert counts["plan_table.json"] == 8 and counts["duties.json"] == 11
