"""Forms of the subsidies pages. They parse input; the rules live in the models and services."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Township, Village
from facilities.plans import documents_for
from subsidies.models import (
    EvaluationIndicator,
    EvaluationKind,
    FundingSource,
    GradeFactor,
    GradeThreshold,
    LedgerEntry,
    SubsidyRule,
    indicators_on,
)
from subsidies.services import score_field

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RECTIFICATION_ROWS = 3
FIRST_YEAR = 2020


def year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class YearTownshipForm(forms.Form):
    """The year and (for county roles) the township a list shows."""

    year = forms.TypedChoiceField(label=_("year"), coerce=int, required=False)
    township = forms.ModelChoiceField(label=_("township"), queryset=Township.objects.none(), required=False, empty_label=_("All"))

    def __init__(self, *args, user, default_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = default_year
        self.fields["township"].queryset = Township.objects.for_user(user).order_by("position")
        self.default_year = default_year

    def chosen(self):
        """(year, township or None): the valid choices, or the defaults."""
        if self.is_valid():
            return self.cleaned_data["year"] or self.default_year, self.cleaned_data["township"]
        return self.default_year, None


class ComputeForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "compute_%s")  # the awards page's filter has a "year" too: one id each
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class EvaluationForm(forms.Form):
    """An evaluation: the checklist in force on the chosen day (today until a day is chosen) gives the score fields."""

    kind = forms.ChoiceField(label=_("kind"), choices=EvaluationKind.choices)
    evaluated_on = forms.DateField(label=_("date of evaluation"), widget=DATE_INPUT)
    evaluators = forms.CharField(label=_("evaluators"), max_length=200)
    findings = forms.CharField(label=_("findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_bureau:
            self.fields["kind"].choices = [(EvaluationKind.SELF_CHECK, EvaluationKind.SELF_CHECK.label)]
        self.indicators = indicators_on(self._day())
        for indicator in self.indicators:
            self.fields[score_field(indicator)] = forms.DecimalField(
                label=indicator.name,
                min_value=0,
                max_value=indicator.max_score,
                decimal_places=1,
                help_text=_("0 – %(max)s points. %(guidance)s")
                % {"max": f"{indicator.max_score.normalize():f}", "guidance": indicator.guidance},
            )
        for number in range(1, RECTIFICATION_ROWS + 1):
            self.fields[f"rectification_{number}"] = forms.CharField(
                label=_("Rectification item %(number)s") % {"number": number}, max_length=200, required=False
            )
            self.fields[f"deadline_{number}"] = forms.DateField(label=_("deadline"), required=False, widget=DATE_INPUT)

    def _day(self):
        raw = self.data.get("evaluated_on") if self.is_bound else None
        try:
            return date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            return timezone.localdate()

    def clean(self):
        data = super().clean()
        for number in range(1, RECTIFICATION_ROWS + 1):
            item, deadline = data.get(f"rectification_{number}"), data.get(f"deadline_{number}")
            if item and not deadline:
                self.add_error(f"deadline_{number}", _("Give the item a deadline."))
            if deadline and not item:
                self.add_error(f"rectification_{number}", _("Describe the item to put right."))
        return data

    def scores(self):
        return {indicator.code: self.cleaned_data.get(score_field(indicator)) for indicator in self.indicators}

    def rectifications(self):
        """(item, deadline) in row order; an empty row keeps its place so that errors name the right row."""
        rows = [(self.cleaned_data.get(f"rectification_{n}"), self.cleaned_data.get(f"deadline_{n}")) for n in range(1, 4)]
        last = max((index for index, (item, _deadline) in enumerate(rows, start=1) if item), default=0)
        return rows[:last]

    def score_fields(self):
        return [self[score_field(indicator)] for indicator in self.indicators]

    def rectification_rows(self):
        return [(self[f"rectification_{n}"], self[f"deadline_{n}"]) for n in range(1, RECTIFICATION_ROWS + 1)]

    def main_fields(self):
        return [self[name] for name in ("kind", "evaluated_on", "evaluators", "findings")]


class RectificationDoneForm(forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DATE_INPUT)


class DisbursementForm(forms.Form):
    paid_on = forms.DateField(label=_("date paid"), widget=DATE_INPUT)
    amount = forms.DecimalField(label=_("amount (yuan)"), max_digits=12, decimal_places=2)
    voucher = forms.CharField(label=_("voucher number"), max_length=64)


class LedgerEntryForm(forms.ModelForm):
    class Meta:
        model = LedgerEntry
        fields = ["year", "facility", "village", "source", "received_on", "amount", "donor", "note"]
        widgets = {"received_on": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.for_user(user).select_related("township")
        self.fields["village"].queryset = Village.objects.for_user(user).select_related("township")
        in_force = FundingSource.objects.in_force(timezone.localdate()).order_by("position")
        if self.instance.source_id:
            in_force = in_force | FundingSource.objects.filter(pk=self.instance.source_id)
        self.fields["source"].queryset = in_force.distinct()
        self.fields["year"].initial = self.fields["year"].initial or timezone.localdate().year
        self.fields["donor"].help_text = _("Required for a social donation.")


RULE_FIELDS = ["document", "clause", "valid_from", "valid_to"]
RULE_MODELS = {
    "subsidy": (
        SubsidyRule,
        ["kind", "facility_kind", "meals", "amount", "payer", "requires_standard", "requires_operation", "min_grade", "townships"]
        + RULE_FIELDS
        + ["quote", "note"],
    ),
    "factor": (GradeFactor, ["subsidy_kind", "grade", "factor", *RULE_FIELDS, "note"]),
    "indicator": (EvaluationIndicator, ["code", "name", "max_score", "position", "guidance", *RULE_FIELDS]),
    "threshold": (GradeThreshold, ["grade", "min_score", *RULE_FIELDS]),
    "source": (FundingSource, ["code", "name", "group", "needs_donor", "position", *RULE_FIELDS, "quote"]),
}


def rule_form_class(kind, user):
    """The form of a money rule of ``kind`` for ``user``: its document among those whose rules the user may edit (their
    county's plan: a rule of another county's plan would change that county's money), its pilot townships among the
    user's own."""
    model, fields = RULE_MODELS[kind]
    widgets = {"valid_from": DATE_INPUT, "valid_to": DATE_INPUT}
    if "townships" in fields:
        widgets["townships"] = forms.CheckboxSelectMultiple
    base = forms.modelform_factory(model, fields=fields, widgets=widgets)

    class RuleForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["document"].queryset = documents_for(user)
            if "townships" in self.fields:
                self.fields["townships"].queryset = Township.objects.for_user(user).order_by("position", "name")

    return RuleForm
