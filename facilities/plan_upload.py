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


def _columns(cells, table):
    """[(column number, field name or (year, kind), header text)] of the planned block, or None (refused)."""
    kinds = {str(label): value for value, label in TaskKind.choices}
    village_headers = [str(_cell(cells, 4, column) or "").strip() for column in (2, 3, 4)]
    if "" in village_headers:
        expected = _("Total / already built / still to build headers")
        table.find(_("Row 4"), "B–D", expected, "、".join(village_headers), rule=_("Layout"), refuse=True)
        return None
    columns = [(column, name, text) for column, name, text in zip((2, 3, 4), VILLAGE_FIELDS, village_headers, strict=True)]
    year = None
    for column in range(5, len(cells[3]) + 1 if len(cells) > 3 else 5):
        top = str(_cell(cells, 3, column) or "").strip()
        if top:
            found = YEAR.search(top)
            if not found:
                break  # the report's actual block begins
            year = int(found.group(1))
        kind = kinds.get(str(_cell(cells, 4, column) or "").strip())
        if year is None or kind is None:
            break
        columns.append((column, (year, kind), f"{year} {_cell(cells, 4, column)}"))
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
            table.find(where, place, _("a whole number of 0 or more"), "—" if value in (None, "") else value,
                       rule=_("Not a number"), refuse=True)  # fmt: skip
            continue
        if isinstance(name, tuple):
            cells.append({"year": name[0], "kind": name[1], "count": count})
        else:
            row[name] = count
    row["cells"] = cells
    table.rows.append(row)


def _whole_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


def _missing_townships(table, townships):
    listed = {row["label"] for row in table.rows}
    for name in townships:
        if name not in listed:
            table.find(name, _("Township"), _("a row for every township of the county"), _("missing"), rule=_("Township missing"))
    if table.rows and not any(row["is_total"] for row in table.rows):
        table.find(_("totals row"), _("Township"), "合计", _("missing"), rule=_("Totals row missing"))
