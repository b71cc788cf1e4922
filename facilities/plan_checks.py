"""Validation rules over the stored task table (Attachment 3), in the spirit of DHIS2.

Each rule reads the stored rows and targets and yields one Finding per thing
it checked; nothing here knows what the published table says. ``plan_check``
(the command), the plan-check page and the progress report all call
``run_checks``.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facilities.models import PlanTableCell, PlanTableRow, PolicyDocument, Target, TargetCode, TaskKind
from zhongyang_eldercare.kernel.numbers import percent


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    clause: str
    subject: str
    expected: str
    found: str
    passed: bool
    row: str = ""  # the table row the finding is about (its label), where it is about one
    column: str = ""  # the table column, where it is about one


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    clause: str
    check: object

    def findings(self, table):
        """A check yields (subject, expected, found, passed), or (subject, expected, found, passed, row, column)."""
        for subject, expected, found, passed, *place in self.check(table):
            row, column = place or ("", "")
            yield Finding(self.code, str(self.title), self.clause, subject, str(expected), str(found), passed, row, str(column))


RULES = []


def rule(code, title, clause):
    def register(check):
        RULES.append(Rule(code, title, clause, check))
        return check

    return register


class PlanTable:
    """The stored task table of one document, its cells and its targets, read in three queries."""

    def __init__(self, document):
        self.document = document
        cells = Prefetch("cells", queryset=PlanTableCell.objects.order_by("year", "kind"))
        rows = list(document.plan_rows.select_related("township").prefetch_related(cells).order_by("position"))
        self.township_rows = [row for row in rows if not row.is_total]
        self.total_row = next((row for row in rows if row.is_total), None)
        self.targets = list(Target.objects.filter(document=document))

    @cached_property
    def columns(self):
        """(year, kind) pairs of the table, in the table's order."""
        seen = {(cell.year, cell.kind) for row in self.township_rows + [self.total_row] if row for cell in row.cells.all()}
        order = list(TaskKind.values)
        return sorted(seen, key=lambda column: (column[0], order.index(column[1])))

    def targets_of(self, code):
        return [target for target in self.targets if target.code == code]

    @property
    def rows_with_total(self):
        return self.township_rows + ([self.total_row] if self.total_row else [])


def current_document():
    return (
        PolicyDocument.objects.filter(plan_rows__isnull=False)
        .distinct()
        .select_related("county")
        .order_by("-period_start", "pk")  # of two starting the same day, the one loaded first (the installation's)
        .first()
    )


def run_checks(document=None, *, table=None):
    """Every rule's findings on ``document``'s table (the current document by default); ``table``: a PlanTable
    of it already read (no query then)."""
    if table is None:
        document = document or current_document()
        if document is None:
            return []
        table = PlanTable(document)
    return [finding for each in RULES for finding in each.findings(table)]


def failures(findings):
    return [finding for finding in findings if not finding.passed]


@rule("row_total", gettext_lazy("Villages in total = already built + still to build"), "附件3")
def _row_total(table):
    column = PlanTableRow._meta.get_field("villages_total").verbose_name
    for row in table.rows_with_total:
        found = row.villages_built + row.villages_to_build
        yield row.label, row.villages_total, found, row.villages_total == found, row.label, column


@rule("yearly_tasks", gettext_lazy("Yearly village tasks add up to what is still to build"), "附件3")
def _yearly_tasks(table):
    last_year = max((year for year, _kind in table.columns), default=0)
    column = PlanTableRow._meta.get_field("villages_to_build").verbose_name
    for row in table.rows_with_total:
        found = row.village_tasks_through(last_year)
        yield row.label, row.villages_to_build, found, row.villages_to_build == found, row.label, column


def _column_label(column):
    year, kind = column
    return f"{year} {TaskKind(kind).label}"


@rule("column_totals", gettext_lazy("Each column adds up to the published totals row"), "附件3")
def _column_totals(table):
    if table.total_row is None:
        yield _("totals row"), _("present"), _("missing"), False
        return
    for field in ("villages_total", "villages_built", "villages_to_build"):
        found = sum(getattr(row, field) for row in table.township_rows)
        expected = getattr(table.total_row, field)
        name = PlanTableRow._meta.get_field(field).verbose_name
        yield f"{table.total_row.label}·{name}", expected, found, expected == found, table.total_row.label, name
    for column in table.columns:
        found = sum(row.cell(*column) for row in table.township_rows)
        expected = table.total_row.cell(*column)
        label = _column_label(column)
        yield f"{table.total_row.label}·{label}", expected, found, expected == found, table.total_row.label, label


@rule("relocation_sites", gettext_lazy("Relocation-site day care centers match the sites the text names"), "§2.2")
def _relocation_sites(table):
    for target in table.targets_of(TargetCode.RELOCATION_SITES):
        rows = [table.total_row] if table.total_row else table.township_rows
        found = sum(cell.count for row in rows for cell in row.cells.all() if cell.kind == TaskKind.RELOCATION_DAY_CARE)
        expected = int(target.value)
        yield _("county"), expected, found, expected == found


@rule("trajectory", gettext_lazy("The table's own plan reaches each year's village-coverage target"), "§2.2")
def _trajectory(table):
    for target in table.targets_of(TargetCode.VILLAGE_COVERAGE):
        year = target.due_on.year
        for row in table.rows_with_total:
            covered = row.planned_covered(year)
            share = percent(covered, row.villages_total)
            expected = f"{year}: ≥ {target.value.normalize():f}%"
            found = f"{'—' if share is None else share}% ({covered}/{row.villages_total})"
            yield row.label, expected, found, share is not None and share >= target.value, row.label, ""
