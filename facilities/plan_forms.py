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
    (empty: today; after the plan's end too, until a later plan replaces it). ``reading()`` gives the three, valid or not."""

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
        initial = {"county": self.chosen_county, "as_of": clamp(self.today, self.in_force_today, self.plans)}
        super().__init__(data, initial=initial)
        self.fields["county"].queryset = counties
        self.fields["plan"].queryset = plans_of(self.chosen_county)
        self.several_counties = len(self.counties) > 1

    def clean(self):
        cleaned = super().clean()
        plan, day = cleaned.get("plan"), cleaned.get("as_of")
        if day is not None and day > self.today:
            start = (plan or self.in_force_today).period_start if (plan or self.in_force_today) else day
            self.add_error(
                "as_of",
                _("Choose a day from the plan's start, %(start)s, to today, %(today)s.")
                % {"start": start.isoformat(), "today": self.today.isoformat()},
            )
        elif day is not None:
            plan = plan or plan_in_force(self.chosen_county, day, self.plans)
            if plan is not None and (day < plan.period_start or (day > plan.period_end and replaced(plan, self.plans, day))):
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
            return self.chosen_county, plan, clamp(self.today, plan, self.plans)
        return self.chosen_county, self.in_force_today, clamp(self.today, self.in_force_today, self.plans)

    def _query(self, county, plan, day):
        """The query string that reads the same county, plan and day (the Excel link, the drill-down)."""
        parts = [f"as_of={day.isoformat()}"]
        if plan is not None and self.is_bound and self.is_valid() and self.cleaned_data["plan"]:
            parts.append(f"plan={plan.pk}")
        if county is not None:
            parts.append(f"county={county.pk}")
        return "&".join(parts)


def replaced(plan, plans, day):
    """A later plan has started by ``day``: until then a plan's targets hold after its end (issue 13, item 6)."""
    return any(other.period_start > plan.period_start and other.period_start <= day for other in plans)


def clamp(day, plan, plans=()):
    """``day`` (today, by default) kept from the plan's start on, and within its period once a later plan replaced it."""
    if plan is None:
        return day
    day = max(day, plan.period_start)
    return min(day, plan.period_end) if replaced(plan, plans, day) else day


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
