"""Which county, plan and day a page reads: the dashboard, the Excel report, the plan and its checks."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.plans import counties_for, plan_in_force, plans_of
from zhongyang_eldercare.kernel.spreadsheets import validate_xlsx_upload


class DateInput(forms.DateInput):
    input_type = "date"


class PlanChoiceForm(forms.Form):
    """A county (for the city bureau, who reads several), a plan (empty: the plan in force on the day) and a day
    (empty: today, kept inside the plan's period). ``reading()`` gives the three, valid or not."""

    county = forms.ModelChoiceField(label=_("County"), queryset=None, required=False, empty_label=None)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=None, required=False, empty_label=_("The plan in force on the day"))
    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput(format="%Y-%m-%d"))

    def __init__(self, data=None, *, user, today=None):
        data = data if data else None
        self.today = today or date.today()
        counties = counties_for(user)
        self.counties = list(counties)
        requested = str(data.get("county", "")) if data else ""
        self.chosen_county = next((county for county in self.counties if str(county.pk) == requested), None) or next(
            iter(self.counties), None
        )
        self.plans = list(plans_of(self.chosen_county))
        self.in_force_today = plan_in_force(self.chosen_county, self.today, self.plans)
        initial = {"county": self.chosen_county, "as_of": clamp(self.today, self.in_force_today)}
        super().__init__(data, initial=initial)
        self.fields["county"].queryset = counties
        self.fields["plan"].queryset = plans_of(self.chosen_county)
        self.several_counties = len(self.counties) > 1

    def clean(self):
        cleaned = super().clean()
        plan, day = cleaned.get("plan"), cleaned.get("as_of")
        if day is not None:
            plan = plan or plan_in_force(self.chosen_county, day, self.plans)
            if plan is not None and not plan.period_start <= day <= plan.period_end:
                self.add_error(
                    "as_of",
                    _("Choose a day in the plan period, %(start)s to %(end)s.")
                    % {"start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()},
                )
        return cleaned

    def reading(self):
        """(county, plan, day) the page reads: the valid choice, else the plan in force today and today."""
        county, plan, day = self._reading()
        self.reading_query = self._query(county, plan, day)
        if self.is_bound and not self.data.get("as_of"):
            self.data = self.data.copy()
            self.data["as_of"] = day.isoformat()  # the date field shows the day read, not an empty box
        return county, plan, day

    def _reading(self):
        if self.is_bound and self.is_valid():
            plan, day = self.cleaned_data["plan"], self.cleaned_data["as_of"]
            if day is not None:
                return self.chosen_county, plan or plan_in_force(self.chosen_county, day, self.plans), day
            plan = plan or self.in_force_today
            return self.chosen_county, plan, clamp(self.today, plan)
        return self.chosen_county, self.in_force_today, clamp(self.today, self.in_force_today)

    def _query(self, county, plan, day):
        """The query string that reads the same county, plan and day (the Excel link, the drill-down)."""
        parts = [f"as_of={day.isoformat()}"]
        if plan is not None and self.is_bound and self.is_valid() and self.cleaned_data["plan"]:
            parts.append(f"plan={plan.pk}")
        if county is not None:
            parts.append(f"county={county.pk}")
        return "&".join(parts)


def clamp(day, plan):
    """``day`` kept inside the plan's period."""
    if plan is None:
        return day
    return min(max(day, plan.period_start), plan.period_end)


class PlanUploadForm(forms.Form):
    """The next plan's document facts and its task table, as an .xlsx in the Attachment-3 layout."""

    code = forms.CharField(label=_("Document number"), max_length=64)
    title = forms.CharField(label=_("Title"), max_length=200)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput(format="%Y-%m-%d"))
    period_end = forms.DateField(label=_("Period end"), widget=DateInput(format="%Y-%m-%d"))
    file = forms.FileField(label=_("Task table (.xlsx, Attachment 3 layout)"), validators=[validate_xlsx_upload])


class AcceptPlanForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have read the findings and accept the table as it is."), required=False)
