import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Village
from visits.models import (
    ASSESSED,
    Category,
    Elder,
    ElderStatus,
    FollowUp,
    FollowUpStatus,
    MutualHelpPair,
    Placement,
    Risk,
    Visit,
    VisitorAssignment,
    risk_for,
)
from visits.services import check_id_number_free
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.versions import VersionedForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ElderForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Elder
        fields = [
            "name",
            "id_number",
            "village",
            "address",
            "phone",
            "living_arrangement",
            "children_count",
            "children_in_county",
            "is_left_behind",
            "is_empty_nest",
            "is_special_family",
            "is_dibao",
            "is_tekun",
            "self_care",
            "health_notes",
            "emergency_contact",
            "emergency_phone",
            "manual_priority_reason",
            "archived_on",
        ]
        widgets = {
            "archived_on": DATE_INPUT,
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "emergency_phone": forms.TextInput(attrs={"type": "tel"}),
            "health_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"id_number": _("18 characters; gender and birth date are read from it.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["village"].queryset = Village.objects.for_user(user).select_related("township")

    def clean_id_number(self):
        id_number = self.cleaned_data["id_number"]
        check_id_number_free(user=self.user, id_number=id_number, elder=self.instance)
        return id_number


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ElderStatus.choices)
    changed_on = forms.DateField(label=_("date"), widget=DATE_INPUT, validators=[PlausibleDate(DateMeaning.HAPPENED)])
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class VisitForm(forms.ModelForm):
    # a new visit's form carries a one-time key (Visit.submission_key): sent twice, it saves once
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # left at "as the assessments say", the overall risk is the worst assessment's (Visit.risk_floor)
    overall_risk = forms.TypedChoiceField(
        label=_("overall risk"),
        choices=[("", _("As the assessments say")), *Risk.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("As the assessments say: all normal → low, needs attention → medium, urgent → high. You may raise it."),
    )

    class Meta:
        model = Visit
        fields = [
            "visited_on",
            "visitor",
            "method",
            "health",
            "health_note",
            "mental",
            "mental_note",
            "safety",
            "safety_note",
            "hygiene",
            "hygiene_note",
            "environment",
            "environment_note",
            "reminders",
            "overall_risk",
        ]
        widgets = {
            "visited_on": DATE_INPUT,
            "method": forms.RadioSelect,
            "health": forms.RadioSelect,
            "mental": forms.RadioSelect,
            "safety": forms.RadioSelect,
            "hygiene": forms.RadioSelect,
            "environment": forms.RadioSelect,
            "overall_risk": forms.RadioSelect,
            "reminders": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ASSESSED:
            self.fields[name].error_messages["required"] = _("Assess this: choose one.")
        if self.instance.pk is None:
            self.fields["submission_key"].initial = uuid.uuid4()
            # nothing is pre-set: one tap must not record a "normal" visit that nobody assessed
            for name in ASSESSED:
                self.initial[name] = None
            self.initial["overall_risk"] = ""
        else:
            self.initial["overall_risk"] = self.instance.overall_risk

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("overall_risk") is None:
            cleaned["overall_risk"] = risk_for(cleaned.get(name) for name in ASSESSED)
        self.instance.overall_risk = cleaned["overall_risk"]  # also when the browser sent no choice at all
        return cleaned


class NetworkForm(forms.ModelForm):
    """The three network forms: the elder is given by the page; choices stay in the elder's township."""

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.elder = elder
        self.elder = elder


class VisitorAssignmentForm(NetworkForm):
    class Meta:
        model = VisitorAssignment
        fields = ["kind", "name", "phone", "since", "until", "note"]
        widgets = {"since": DATE_INPUT, "until": DATE_INPUT, "phone": forms.TextInput(attrs={"type": "tel"})}


class MutualHelpPairForm(NetworkForm):
    class Meta:
        model = MutualHelpPair
        fields = ["partner", "since", "until", "note"]
        widgets = {"since": DATE_INPUT, "until": DATE_INPUT}

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, elder=elder, **kwargs)
        partners = Elder.objects.in_township(elder.village.township_id).exclude(pk=elder.pk)
        self.fields["partner"].queryset = partners.filter(status=ElderStatus.ACTIVE).select_related("village")


class PlacementForm(NetworkForm):
    class Meta:
        model = Placement
        fields = ["facility", "since", "until", "note"]
        widgets = {"since": DATE_INPUT, "until": DATE_INPUT}

    def __init__(self, *args, elder, **kwargs):
        super().__init__(*args, elder=elder, **kwargs)
        self.fields["facility"].queryset = Facility.objects.in_township(elder.village.township_id)


class FollowUpForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["status", "assignee", "due_on", "actions", "resolution"]
        widgets = {
            "due_on": DATE_INPUT,
            "actions": forms.Textarea(attrs={"rows": 2}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }


YES = [("", _("any")), ("1", _("yes"))]


class ElderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, or the last four characters of the ID number"))
    village = forms.ModelChoiceField(label=_("village"), queryset=Village.objects.none(), required=False)
    category = forms.ChoiceField(label=_("category"), choices=[("", _("any")), *Category.choices], required=False)
    priority = forms.ChoiceField(label=_("priority target"), choices=YES, required=False)
    overdue = forms.ChoiceField(label=_("overdue"), choices=YES, required=False)
    status = forms.ChoiceField(label=_("status"), choices=[("", _("any")), *ElderStatus.choices], required=False)
    missing = forms.ChoiceField(label=_("missing"), choices=[("", _("any")), ("phone", _("no phone number"))], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.for_user(user).select_related("township")


class WorklistFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    village = forms.ModelChoiceField(label=_("village"), queryset=Village.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("any")), ("overdue", _("overdue")), ("due", _("due")), ("visited", _("visited"))],
        required=False,
    )

    def __init__(self, *args, township, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.in_township(township) if township else Village.objects.none()


class FollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("not resolved")), *FollowUpStatus.choices, ("all", _("all"))], required=False
    )
