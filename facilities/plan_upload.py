"""Reading a task table (Attachment 3) from an .xlsx in the layout the progress report writes.

The first sheet: a title row, a note row, then two header rows — 乡镇; 行政村 over 合计 / 已建 / 待建;
one "<year>年任务" header per year over its kinds (日间照料中心, 幸福小院, 移民集中安置点日间照料中心) — then one
row per township and the totals row (合计). Columns after the planned block (the report's actual
block) are ignored. What cannot be read (a cell that is not a whole number, a row naming no township of
the county, a missing header) is a refusal; what the reading notices about a readable table (a township
of the county missing) is a finding, like those of the plan checks.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from facilities.models import TaskKind, Township

HEADER_ROWS = (3, 4)
FIRST_DATA_ROW = 5
VILLAGE_FIELDS = ("villages_total", "villages_built", "villages_to_build")
TOTAL_LABELS = {"合计", "总计", "合 计"}
YEAR = re.compile(r"(20\d\d)")


@dataclass
class ReadTable:
    rows: list = field(default_factory=list)  # dicts as PlanTableRow/PlanTableCell take them, with "sheet_row"
    findings: list = field(default_factory=list)  # dicts: row, column, rule, expected, found, passed
    refused: bool = False

    def find(self, row, column, expected, found, *, rule, refuse=False):
        self.findings.append(
            {"row": row, "column": column, "rule": rule, "expected": str(expected), "found": str(found), "passed": False}
        )
        self.refused = self.refused or refuse


def read_task_table(upload, county):
    """Read the first sheet of ``upload`` for ``county``; nothing is saved."""
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        cells = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    table = ReadTable()
    columns = _columns(cells, table)
    if columns is None:
        return table
    townships = {township.name: township for township in Township.objects.in_county(county)}
    for number in range(FIRST_DATA_ROW, len(cells) + 1):
        values = cells[number - 1]
        label = str(values[0] if values and values[0] is not None else "").strip()
        if not label:
            continue
        _read_row(table, number, label, values, columns, townships)
    _missing_townships(table, townships)
    return table


def _cell(cells, row, column):
    values = cells[row - 1] if len(cells) >= row else []
    return values[column - 1] if len(values) >= column else None


def _text(value):
    """A header cell's text without any white space: the published table prints "移民集中安置点 日照中心"."""
    return re.sub(r"\s+", "", str(value if value is not None else ""))


def _columns(cells, table):
    """[(column number, field name or (year, kind), header text)] of the planned block, or None (refused)."""
    kinds = {_text(label): value for value, label in TaskKind.choices}
    village_headers = [_text(_cell(cells, 4, column)) for column in (2, 3, 4)]
    total, built, to_build = village_headers
    in_order = "已建" in built and "待建" in to_build and "已建" not in total and "待建" not in total
    if "" in village_headers or not in_order:  # also two of them swapped: their counts would land in the wrong field
        expected = _("Total / already built / still to build headers")
        table.find(_("Row 4"), "B–D", expected, "、".join(village_headers), rule=_("Layout"), refuse=True)
        return None
    columns = [(column, name, text) for column, name, text in zip((2, 3, 4), VILLAGE_FIELDS, village_headers, strict=True)]
    year, top, seen = None, "", set()
    for column in range(5, len(cells[3]) + 1 if len(cells) > 3 else 5):
        top = _text(_cell(cells, 3, column))
        if top:
            found = YEAR.search(top)
            if not found:
                break  # the report's actual block begins
            year = int(found.group(1))
        label = _text(_cell(cells, 4, column))
        if year is None or not label:
            break
        kind = kinds.get(label)
        letter = get_column_letter(column)
        if kind is None or (year, kind) in seen:  # a kind no column may hold, or a column read twice: refused, named
            expected = _("one column per year and task kind: %(kinds)s") % {"kinds": "、".join(kinds)}
            table.find(_("Row 4"), letter, expected, f"{year} {label}", rule=_("Layout"), refuse=True)
            return None
        seen.add((year, kind))
        columns.append((column, (year, kind), f"{year} {label}"))
    if len(columns) == 3:
        table.find(_("Row 3"), "E", _("a “<year> tasks” header over its kinds"), top or "—", rule=_("Layout"), refuse=True)
        return None
    return columns


def _read_row(table, number, label, values, columns, townships):
    is_total = label in TOTAL_LABELS
    township = townships.get(label)
    where = _("Row %(number)s · %(label)s") % {"number": number, "label": label}
    if not is_total and township is None:
        table.find(where, _("Township"), _("a township of the county"), label, rule=_("Unknown township"), refuse=True)
        return
    if any(row["label"] == label for row in table.rows):
        table.find(where, _("Township"), _("once"), _("twice"), rule=_("Township listed twice"), refuse=True)
        return
    row = {"sheet_row": number, "label": label, "township": township.pk if township else None, "is_total": is_total}
    cells = []
    for column, name, header in columns:
        value = values[column - 1] if len(values) >= column else None
        count = _whole_number(value)
        if count is None:
            place = f"{get_column_letter(column)} · {header}"
            expected = _("a whole number from 0 to %(maximum)s") % {"maximum": f"{MAX_COUNT:,}"}
            found = "—" if value in (None, "") else value
            table.find(where, place, expected, found, rule=_("Not a number"), refuse=True)
            continue
        if isinstance(name, tuple):
            cells.append({"year": name[0], "kind": name[1], "count": count})
        else:
            row[name] = count
    row["cells"] = cells
    table.rows.append(row)


MAX_COUNT = 100_000  # villages or facilities in one cell of a county's table: anything larger is a typo


def _whole_number(value):
    """A count from 0 to MAX_COUNT, or None (refused: the cell is named with what it holds)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        text = str(value if value is not None else "").strip()
        value = int(text) if text.isdecimal() else None  # isdecimal, not isdigit: "²" is a digit int() refuses
    return value if value is not None and 0 <= value <= MAX_COUNT else None


def _missing_townships(table, townships):
    listed = {row["label"] for row in table.rows}
    for name in townships:
        if name not in listed:
            table.find(name, _("Township"), _("a row for every township of the county"), _("missing"), rule=_("Township missing"))
    if table.rows and not any(row["is_total"] for row in table.rows):
        table.find(_("totals row"), _("Township"), "合计", _("missing"), rule=_("Totals row missing"))
