"""The two money workbooks: the awards list (补助测算表, checkable line by line) and the funding summary.

Each sheet is a function of a worksheet and rows already read (scoped by the caller); the progress
report (``reports.money``) adds the same sheets to its workbook. Amounts are written as exact
numbers with a yuan format (``#,##0.00``); every text cell is escaped against formulas.
"""

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from subsidies.payroll import summary_rows
from subsidies.summaries import funding_by, funding_sources
from zhongyang_eldercare.kernel.spreadsheets import escape_formula

YUAN_FORMAT = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")


def _put(sheet, row, column, value, *, money=False, bold=False):
    cell = sheet.cell(row=row, column=column, value=escape_formula(str(value) if isinstance(value, Promise) else value))
    if money:
        cell.number_format = YUAN_FORMAT
    if bold:
        cell.font = Font(bold=True)
    cell.alignment = WRAP
    return cell


def _heading(sheet, title, note, titles, widths):
    _put(sheet, 1, 1, title, bold=True).font = Font(bold=True, size=14)
    _put(sheet, 2, 1, note)
    for column, text in enumerate(titles, start=1):
        cell = _put(sheet, 3, column, text, bold=True)
        cell.fill = HEADER_FILL
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _generated():
    return _("Generated %(time)s · unit: yuan") % {"time": timezone.localtime().strftime("%Y-%m-%d %H:%M")}


AWARD_TITLES = [
    gettext_lazy("No."),
    gettext_lazy("Township"),
    gettext_lazy("Facility"),
    gettext_lazy("Type"),
    gettext_lazy("Village or relocation site served"),
    gettext_lazy("Award"),
    gettext_lazy("Paid by"),
    gettext_lazy("Reasons (rule, clause, facts, arithmetic)"),
    gettext_lazy("Amount"),
    gettext_lazy("Status"),
    gettext_lazy("Proposed by"),
    gettext_lazy("Approved by"),
    gettext_lazy("Approved on"),
    gettext_lazy("Paid"),
    gettext_lazy("Not yet paid"),
]


def awards_sheet(sheet, awards, *, year):
    """The 补助测算表: one row per award with its reasons line by line, the total at the foot."""
    _heading(
        sheet,
        _("Subsidy and award calculation %(year)s") % {"year": year},
        _generated(),
        AWARD_TITLES,
        [6, 10, 28, 18, 20, 22, 12, 80, 14, 10, 12, 12, 12, 14, 14],
    )
    row = 4
    amount = paid = 0
    for number, award in enumerate(awards, start=1):
        facility = award.facility
        place = facility.village or facility.relocation_site
        values = [
            number,
            facility.township.name,
            facility.name,
            facility.get_kind_display(),
            place.name if place else "",
            award.get_kind_display(),
            award.payer.name,
            "\n".join(award.reasons),
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        _put(sheet, row, 9, award.amount, money=True)
        _put(sheet, row, 10, award.get_status_display())
        _put(sheet, row, 11, str(award.proposed_by))
        _put(sheet, row, 12, str(award.approved_by or ""))
        _put(
            sheet, row, 13, timezone.localtime(award.approved_at).date() if award.approved_at else None
        ).number_format = "yyyy-mm-dd"
        _put(sheet, row, 14, award.disbursed, money=True)
        _put(sheet, row, 15, award.amount - award.disbursed if award.is_approved else None, money=True)
        amount += award.amount
        paid += award.disbursed
        row += 1
    _put(sheet, row, 1, _("Total"), bold=True)
    _put(sheet, row, 9, amount, money=True, bold=True)
    _put(sheet, row, 14, paid, money=True, bold=True)


def awards_workbook(awards, *, year):
    workbook = Workbook()
    awards_sheet(workbook.active, awards, year=year)
    workbook.active.title = _("Award calculation")[:31]
    return workbook


def funding_sheet(sheet, lines, total, sources, *, title, place_title):
    """Where the money came from: one row per place and year, one column per source (grouped as §2.8), a total."""
    titles = [place_title, _("Year"), *(f"{source.get_group_display()}·{source.name}" for source in sources), _("Total")]
    _heading(sheet, title, _generated(), titles, [24, 8, *([14] * len(sources)), 16])
    row = 4
    for line in [*lines, total]:
        is_total = line is total
        _put(sheet, row, 1, _("Total") if is_total else line.label, bold=is_total)
        _put(sheet, row, 2, line.year)
        for column, source in enumerate(sources, start=3):
            _put(sheet, row, column, line.amounts.get(source.pk), money=True, bold=is_total)
        _put(sheet, row, 3 + len(sources), line.total, money=True, bold=True)
        row += 1


def entries_sheet(sheet, entries, *, year):
    titles = [_("Township"), _("Facility or village"), _("Source"), _("Date"), _("Amount"), _("Donor"), _("Note")]
    _heading(sheet, _("Funding ledger %(year)s") % {"year": year}, _generated(), titles, [10, 28, 16, 12, 14, 16, 40])
    for row, entry in enumerate(entries, start=4):
        place = entry.facility or entry.village
        values = [place.township.name, place.name, entry.source.name]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        _put(sheet, row, 4, entry.received_on).number_format = "yyyy-mm-dd"
        _put(sheet, row, 5, entry.amount, money=True)
        _put(sheet, row, 6, entry.donor)
        _put(sheet, row, 7, entry.note)


def pay_sheet(sheet, pay, *, year):
    """The posts' pay of the year by facility and funding source (§2.5), as the ledger counts it."""
    titles = [_("Township"), _("Facility"), _("Source"), _("Amount")]
    _heading(sheet, _("Public-welfare posts' pay %(year)s") % {"year": year}, _generated(), titles, [10, 28, 16, 14])
    for row, line in enumerate((line for line in pay if line.year == year), start=4):
        _put(sheet, row, 1, line.facility.township.name)
        _put(sheet, row, 2, line.facility.name)
        _put(sheet, row, 3, (line.source or line.staffing_source).name)
        _put(sheet, row, 4, line.amount, money=True)


def funding_workbook(entries, *, year, user, pay=()):
    """The funding summary of ``entries`` (scoped) with the posts' pay (``payroll.posts_pay``): by township (county
    roles) or facility, every year; the year's entries; the year's posts' pay."""
    workbook = Workbook()
    sources = funding_sources()
    level = "township" if user.sees_whole_county else "facility"
    paid = summary_rows(pay)
    lines, total = funding_by(entries, level, paid)
    place_title = _("Township") if level == "township" else _("Facility or village")
    title = _("Where the money came from, by source and year")
    funding_sheet(workbook.active, lines, total, sources, title=title, place_title=place_title)
    workbook.active.title = _("Funding summary")[:31]
    if level == "township":
        facility_lines, facility_total = funding_by(entries, "facility", paid)
        sheet = workbook.create_sheet(_("By facility")[:31])
        place = _("Facility or village")
        funding_sheet(sheet, facility_lines, facility_total, sources, title=_("By facility or village"), place_title=place)
    rows = entries.filter(year=year).select_related("facility__township", "village__township", "source")
    entries_sheet(workbook.create_sheet(_("Ledger entries")[:31]), rows, year=year)
    pay_sheet(workbook.create_sheet(_("Posts' pay")[:31]), pay, year=year)
    return workbook
