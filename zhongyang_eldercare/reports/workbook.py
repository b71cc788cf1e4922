"""The leading group's Excel progress report, built from ``compute_progress`` (docs/reports.md).

Each sheet is one function ``(sheet, progress)`` listed in ``SHEETS``; the
first is laid out like Attachment 3 with the actual counts in a parallel block.
"""

from copy import copy
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from facilities.models import FacilityKind, FacilityStatus, TaskKind, Township
from facilities.plan_checks import run_checks
from visits.compliance import weekly_compliance, weeks_ending
from zhongyang_eldercare.kernel.spreadsheets import escape_formula
from zhongyang_eldercare.reports import money
from zhongyang_eldercare.reports.progress import Standing
from zhongyang_eldercare.reports.staffing import staffing_sheet

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="F1F3F6")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# Named styles, registered once per workbook: a cell then takes one style name
# instead of five style objects (writing the county's workbook is twice as fast).
STYLES = {
    "zy_text": {},
    "zy_count": {"number_format": "0"},
    "zy_percent": {"number_format": "0.0%"},
    "zy_decimal": {"number_format": "0.0"},
    "zy_date": {"number_format": "yyyy-mm-dd"},
    "zy_header": {"font": Font(bold=True), "fill": HEADER_FILL, "alignment": CENTER},
    "zy_total_text": {"font": Font(bold=True), "fill": TOTAL_FILL},
    "zy_total_count": {"number_format": "0", "font": Font(bold=True), "fill": TOTAL_FILL},
    "zy_target_percent": {"number_format": "0.0%", "font": Font(bold=True)},
    "zy_target_decimal": {"number_format": "0.0", "font": Font(bold=True)},
    "zy_money": {"number_format": "0.00"},
    "zy_total_money": {"number_format": "0.00", "font": Font(bold=True), "fill": TOTAL_FILL},
}
COUNT, PERCENT, DECIMAL, DATE = "zy_count", "zy_percent", "zy_decimal", "zy_date"


def register_styles(workbook):
    """Add the named styles; remember each one's style array, which ``put`` copies onto a cell.

    Copying the array is what ``cell.style = name`` ends with, without looking the
    name up among the workbook's styles for each of the county's ~2,700 cells.
    """
    arrays = {}
    for name, attributes in STYLES.items():
        style = NamedStyle(name=name, border=BORDER, **attributes)
        workbook.add_named_style(style)
        arrays[name] = style.as_tuple()
    workbook.zy_style_arrays = arrays


@dataclass(frozen=True)
class Sheet:
    title: object
    build: object
    county_only: bool = False


# --- cell helpers -----------------------------------------------------------------------


def put(sheet, row, column, value, style="zy_text"):
    if isinstance(value, Promise):
        value = str(value)
    cell = sheet.cell(row=row, column=column, value=escape_formula(value))
    cell._style = copy(sheet.parent.zy_style_arrays[style])
    return cell


def put_row(sheet, row, values):
    """One row from (value, style name) pairs, from column A."""
    for column, (value, style) in enumerate(values, start=1):
        put(sheet, row, column, value, style)


def header(sheet, row, column, text, *, rows=1, columns=1):
    """A header cell, merged over ``rows`` x ``columns`` (openpyxl draws the merged range's border)."""
    put(sheet, row, column, text, "zy_header")
    if rows > 1 or columns > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1, end_column=column + columns - 1)


def header_row(sheet, titles, row=3):
    for column, text in enumerate(titles, start=1):
        header(sheet, row, column, text)


def title_block(sheet, progress, title, width):
    """Title, as-of date and generation time, unit: the first two rows of every sheet."""
    sheet.cell(row=1, column=1, value=escape_formula(title)).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    note = _("As of %(day)s · generated %(time)s") % {"day": progress.as_of.isoformat(), "time": generated}
    note += " · " + _("Plan: %(plan)s") % {"plan": progress.document}  # which plan the figures are read against
    sheet.cell(row=2, column=1, value=escape_formula(note))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(width - 1, 1))
    sheet.cell(row=2, column=width, value=escape_formula(_("Unit: facilities"))).alignment = Alignment(horizontal="right")


def page_setup(sheet, *, header_rows, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = header_rows
    sheet.freeze_panes = sheet.cell(row=int(header_rows.split(":")[1]) + 1, column=2)


def share_value(share):
    return None if share is None or not share.total else share.covered / share.total


# --- sheet 1: Attachment 3 with actuals ----------------------------------------------------------


def _year_groups(columns):
    groups = {}
    for year, kind in columns:
        groups.setdefault(year, []).append(kind)
    return groups


def task_sheet_title(progress):
    """Attachment 3's title for the county whose plan the figures are read against (each county its own)."""
    county = progress.document.county  # read with the plan (select_related): no query
    if county is None:
        return _("Rural elderly-care facilities: tasks and completion")
    return _("%(county)s rural elderly-care facilities: tasks and completion") % {"county": county.name}


def task_sheet(sheet, progress):
    """Attachment 3's two-row header, planned block (as published) then the actual block (as of the day)."""
    groups = _year_groups(progress.columns)
    block = 3 + len(progress.columns)
    width = 1 + 2 * block
    title_block(sheet, progress, task_sheet_title(progress), width)
    header(sheet, 3, 1, _("Township"), rows=2)
    for offset, village_title, year_title in (
        (0, _("Administrative villages"), _("%(year)s tasks")),
        (block, _("Administrative villages (records)"), _("%(year)s completed")),
    ):
        column = 2 + offset
        header(sheet, 3, column, village_title, columns=3)
        for index, text in enumerate((_("Total"), _("Already built"), _("Still to build"))):
            header(sheet, 4, column + index, text)
        column += 3
        for year, kinds in groups.items():
            header(sheet, 3, column, year_title % {"year": year}, columns=len(kinds))
            for index, kind in enumerate(kinds):
                header(sheet, 4, column + index, TaskKind(kind).label)
            column += len(kinds)
    row = 5
    for line in [*progress.lines, progress.total]:
        _task_row(sheet, row, line, progress, block, is_total=line is progress.total)
        row += 1
    page_setup(sheet, header_rows="3:4", widths=[12] + [9] * (width - 1))
    # the second header row wraps "移民集中安置点日照中心" over three lines in a narrow column
    sheet.row_dimensions[3].height = 30
    sheet.row_dimensions[4].height = 48


def _task_row(sheet, row, line, progress, block, *, is_total):
    put(sheet, row, 1, line.label, "zy_total_text" if is_total else "zy_text")
    villages = line.villages
    planned = [*line.planned_villages, *(line.task(*column).planned for column in progress.columns)]
    actual = [villages.total, villages.covered, villages.total - villages.covered]
    actual += [line.task(*column).done for column in progress.columns]
    for index, value in enumerate(planned + actual):
        put(sheet, row, 2 + index, value, "zy_total_count" if is_total else COUNT)


# --- further sheets -------------------------------------------------------------------------------


def task_years_sheet(sheet, progress):
    """Planned, done and the difference, one line per township, year and kind."""
    titles = [_("Township"), _("Year"), _("Kind"), _("Planned"), _("Done"), _("Difference (done − planned)")]
    title_block(sheet, progress, _("Yearly tasks: planned and done"), len(titles))
    header_row(sheet, titles)
    row = 4
    for line in [*progress.lines, progress.total]:
        for year, kind in progress.columns:
            count = line.task(year, kind)
            values = [line.label, year, TaskKind(kind).label, count.planned, count.done, count.difference]
            for index, value in enumerate(values, start=1):
                put(sheet, row, index, value, COUNT if index > 1 else "zy_text")
            row += 1
    page_setup(sheet, header_rows="3:3", widths=[12, 8, 24, 10, 10, 16])


def coverage_sheet(sheet, progress):
    """Village coverage at each year end and on the day, relocation sites and beds, against the targets."""
    titles = [_("Township"), _("Villages")]
    for year in progress.years:
        titles += [_("%(year)s year end: covered") % {"year": year}, _("%(year)s coverage") % {"year": year}]
    titles += [
        _("Covered on the day"),
        _("Coverage on the day"),
        _("Relocation sites covered"),
        _("Relocation sites"),
        _("Beds in service"),
        _("Elderly population"),
        _("Beds per 1,000 elderly"),
        _("Facilities meeting the standard"),
        _("Facilities not meeting the standard"),
        _("Standing"),
        _("Behind target"),
    ]
    title_block(sheet, progress, _("Village coverage, relocation sites and beds against the targets"), len(titles))
    header_row(sheet, titles)
    put(sheet, 4, 1, _("Target"), "zy_total_text")
    targets = {t.due_on.year: t.value for t in progress.coverage_targets}
    for index, year in enumerate(progress.years):
        if year in targets:
            put(sheet, 4, 4 + 2 * index, float(targets[year]) / 100, "zy_target_percent")
    base = 3 + 2 * len(progress.years)
    if progress.current_target:
        put(sheet, 4, base + 1, float(progress.current_target.value) / 100, "zy_target_percent")
    if progress.beds_target:
        put(sheet, 4, base + 6, float(progress.beds_target.value), "zy_target_decimal")
    for row, line in enumerate([*progress.lines, progress.total], start=5):
        _coverage_row(sheet, row, line, progress)
    page_setup(sheet, header_rows="3:4", widths=[12, 8] + [10] * (len(titles) - 4) + [12, 36])


def _coverage_row(sheet, row, line, progress):
    values = [(line.label, "zy_text"), (line.villages.total, COUNT)]
    for year in progress.years:
        share = line.coverage_at[year]
        values += [(share.covered if share else None, COUNT), (share_value(share), PERCENT)]
    beds = line.beds_per_thousand
    values += [
        (line.villages.covered, COUNT),
        (share_value(line.villages), PERCENT),
        (line.sites.covered, COUNT),
        (line.sites.total, COUNT),
        (line.beds, COUNT),
        (line.elderly, COUNT),
        (float(beds) if beds is not None else None, DECIMAL),
        (line.compliant, COUNT),
        (line.not_compliant, COUNT),
        (str(Standing.LABELS[line.standing]), "zy_text"),
        ("；".join(str(label) for label in line.flag_labels), "zy_text"),
    ]
    put_row(sheet, row, values)


def facility_sheet(sheet, progress):
    titles = [
        _("Township"),
        _("Facility"),
        _("Type"),
        _("Village or relocation site served"),
        _("Status on the day"),
        _("Planned year"),
        _("First in service"),
        _("Beds"),
        _("Nursing beds"),
        _("Meets the standard"),
        _("Shortfalls"),
    ]
    title_block(sheet, progress, _("Facility list"), len(titles))
    header_row(sheet, titles)
    statuses = dict(FacilityStatus.choices)
    for row, facility in enumerate(progress.facilities, start=4):
        place = facility.village or facility.relocation_site
        values = [
            (facility.township.name, "zy_text"),
            (facility.name, "zy_text"),
            (str(FacilityKind(facility.kind).label), "zy_text"),
            (place.name if place else "", "zy_text"),
            (str(statuses.get(facility.status_on, _("No status recorded"))), "zy_text"),
            (facility.planned_year, COUNT),
            (facility.first_in_service, DATE),
            (facility.beds_on, COUNT),
            (facility.nursing_beds_on, COUNT),
            *_compliance_cells(facility, progress.assessment.shortfalls(facility)),
        ]
        put_row(sheet, row, values)
    page_setup(sheet, header_rows="3:3", widths=[12, 30, 20, 22, 12, 10, 12, 8, 10, 10, 50])


def _compliance_cells(facility, shortfalls):
    """Only a facility in service on the day is held to the standard (the same rule as the township counts)."""
    if not facility.in_service:
        return [("—", "zy_text"), ("", "zy_text")]
    verdict = _("No") if shortfalls else _("Yes")
    return [(verdict, "zy_text"), ("；".join(str(item) for item in shortfalls), "zy_text")]


VISIT_WEEKS = 13  # a quarter of weeks up to the as-of day


def visit_sheet(sheet, progress):
    """Weekly visit compliance (§2.7) for the weeks up to the as-of day, from visits.compliance."""
    titles = [_("ISO week"), _("Township"), _("Priority elders to visit"), _("Visited"), _("Not visited"), _("Visit rate")]
    title_block(sheet, progress, _("Weekly visits of priority elders"), len(titles))
    header_row(sheet, titles)
    townships = Township.objects.filter(pk__in=[line.township.pk for line in progress.lines])  # the report's, scoped upstream
    rows = weekly_compliance(
        townships=townships,
        weeks=weeks_ending(progress.as_of, VISIT_WEEKS),
        today=progress.as_of,
        county_label=str(progress.total.label),
    )
    if len(progress.lines) == 1:
        rows = [row for row in rows if row.township_id is not None]  # one township: its row is the total
    for number, row in enumerate(rows, start=4):
        style = "zy_total_count" if row.township_id is None else COUNT
        rate = None if row.rate is None else float(row.rate) / 100
        week = f"{row.iso_year}-W{row.iso_week:02d}"
        values = [(week, "zy_text"), (row.township, "zy_text"), (row.targets, style), (row.visited, style)]
        put_row(sheet, number, [*values, (row.missed, style), (rate, PERCENT)])
    page_setup(sheet, header_rows="3:3", widths=[12, 12, 14, 10, 10, 10])


def plan_check_sheet(sheet, progress):
    titles = [_("Result"), _("Township / column"), _("Rule"), _("Clause"), _("Expected"), _("Found")]
    title_block(sheet, progress, _("Plan checks"), len(titles))
    header_row(sheet, titles)
    for row, finding in enumerate(run_checks(progress.document, table=progress.table), start=4):
        result = _("Pass") if finding.passed else _("Fail")
        values = [result, finding.subject, finding.title, finding.clause, finding.expected, finding.found]
        for index, value in enumerate(values, start=1):
            put(sheet, row, index, value)
    page_setup(sheet, header_rows="3:3", widths=[8, 22, 40, 8, 20, 20])


SHEETS = [
    Sheet(gettext_lazy("Tasks and completion"), task_sheet),
    Sheet(gettext_lazy("Yearly tasks"), task_years_sheet),
    Sheet(gettext_lazy("Coverage and targets"), coverage_sheet),
    Sheet(gettext_lazy("Facility list"), facility_sheet),
    Sheet(gettext_lazy("Visit compliance"), visit_sheet),
    Sheet(gettext_lazy("Public-welfare posts"), staffing_sheet),
    Sheet(gettext_lazy("Plan checks"), plan_check_sheet, county_only=True),
    Sheet(gettext_lazy("Award calculation"), money.awards_sheet_for),
    Sheet(gettext_lazy("Funding summary"), money.funding_sheet_for),
]


def progress_workbook(progress):
    """The workbook of the progress as computed: its scope is the sheets' scope (county-only sheets for the county)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    register_styles(workbook)
    for spec in SHEETS:
        if spec.county_only and not progress.whole_county:
            continue
        spec.build(workbook.create_sheet(str(spec.title)[:31]), progress)
    return workbook
