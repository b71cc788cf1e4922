"""The city view's page and its Excel export (zhongyang_eldercare/reports/city.py computes the figures)."""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from facilities.plan_forms import DateInput
from zhongyang_eldercare.accounts.decorators import role_required
from zhongyang_eldercare.accounts.models import COUNTY_ROLES
from zhongyang_eldercare.kernel.spreadsheets import workbook_bytes, xlsx_response
from zhongyang_eldercare.reports.city import COLUMNS, city_figures
from zhongyang_eldercare.reports.progress import Standing
from zhongyang_eldercare.reports.workbook import (
    COUNT,
    DECIMAL,
    PERCENT,
    header_row,
    page_setup,
    put_row,
    register_styles,
    task_sheet,
)


class CityDayForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=DateInput(format="%Y-%m-%d"))

    def chosen_day(self):
        day = self.cleaned_data.get("as_of") if self.is_valid() else None
        return day or date.today()


def _figures(request):
    if not request.user.sees_several_counties:
        raise PermissionDenied  # one county's staff have their own dashboard
    form = CityDayForm(request.GET or None, initial={"as_of": date.today()})
    day = form.chosen_day()
    return form, day, city_figures(user=request.user, on=day)


@require_safe
@role_required(*COUNTY_ROLES)
def city(request):
    form, day, rows = _figures(request)
    columns = [str(column.label) for column in COLUMNS]
    context = {"form": form, "as_of": day, "rows": rows, "columns": columns, "standing_labels": Standing.LABELS}
    return render(request, "reports/city.html", context)


@require_safe
@role_required(*COUNTY_ROLES)
def city_xlsx(request):
    _form, day, rows = _figures(request)
    workbook = Workbook()
    workbook.remove(workbook.active)
    register_styles(workbook)
    summary_sheet(workbook.create_sheet(_("Counties side by side")[:31]), rows, day)
    for figures in rows:
        sheet = workbook.create_sheet(figures.county.name[:31])
        if figures.progress is None:
            sheet["A1"] = _("No plan is loaded for this county.")
            continue
        task_sheet(sheet, figures.progress)
    return xlsx_response(workbook_bytes(workbook), f"city-{day.isoformat()}.xlsx")


def _share(share):
    return None if share is None or share.percent is None else float(share.percent) / 100


def summary_sheet(sheet, rows, day):
    titles = [
        _("County"), _("Plan"), _("Villages"), _("Villages covered"), _("Village coverage"), _("Coverage target"),
        _("Relocation sites"), _("Sites with a day care center"), _("Beds per 1,000 elderly"), _("Visit rate (4 weeks)"),
        *(str(column.label) for column in COLUMNS),
    ]  # fmt: skip
    sheet["A1"] = _("Counties side by side, as of %(day)s") % {"day": day.isoformat()}
    header_row(sheet, titles)
    for number, figures in enumerate(rows, start=4):
        total, target = figures.total, figures.coverage_target
        values = [(figures.county.name, "zy_text"), (figures.plan.code if figures.plan else "—", "zy_text")]
        if total is not None:
            values += [
                (total.villages.total, COUNT), (total.villages.covered, COUNT), (_share(total.villages), PERCENT),
                (float(target.value) / 100 if target else None, PERCENT), (total.sites.total, COUNT),
                (total.sites.covered, COUNT), (total.beds_per_thousand, DECIMAL),
            ]  # fmt: skip
        else:
            values += [(None, COUNT)] * 7
        rate = figures.visit_rate
        values.append((None if rate is None else float(rate) / 100, PERCENT))
        values += [(figures.extra.get(str(column.label)), "zy_text") for column in COLUMNS]
        put_row(sheet, number, values)
    page_setup(sheet, header_rows="3:3", widths=[14, 22] + [12] * (len(titles) - 2))
