from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.versions import VersionedForm
from zhongyang_eldercare.reports.models import MonthlyReport
from zhongyang_eldercare.reports.progress import default_as_of, plan_period


class DateInput(forms.DateInput):
    input_type = "date"


class AsOfForm(forms.Form):
    """The day the dashboard and the report are read on: any day from the plan's start to today."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput(format="%Y-%m-%d"))

    def __init__(self, data=None, *, document=None):
        # the date picker shows the day the figures are read on, not an empty box
        super().__init__(data, initial={"as_of": default_as_of(document)})
        self.period = plan_period(document)
        self.document = document

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day is None:
            return default_as_of(self.document)
        today = timezone.localdate()
        if day > today or (self.period and day < self.period[0]):
            start = self.period[0] if self.period else day
            raise ValidationError(
                _("Choose a day from the plan's start, %(start)s, to today, %(today)s.")
                % {"start": start.isoformat(), "today": today.isoformat()}
            )
        return day

    def chosen_day(self):
        """The valid day chosen, or the default when the choice is missing or wrong."""
        if self.is_valid():
            return self.cleaned_data["as_of"]
        return default_as_of(self.document)


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as YYYY-MM."), "future": _("A report cannot be started for a future month.")},
        validators=[PlausibleDate(DateMeaning.HAPPENED)],
    )


class RemarksForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["problems", "next_steps"]
        widgets = {"problems": forms.Textarea(attrs={"rows": 4}), "next_steps": forms.Textarea(attrs={"rows": 4})}


class ReturnForm(forms.Form):
    # optional on the form: the review form's other button approves; returning without a reason is refused by the service
    reason = forms.CharField(label=_("Reason for return"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
