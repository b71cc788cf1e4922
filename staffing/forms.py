"""The staffing forms. Choices come from ``for_user`` (the user's township; the bureau: every township); the rules
(dates, the one full-time post, the township) are the models' ``clean()`` and the services', shown on the field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Township, Village
from staffing.models import Post, Training, Worker

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkerForm(forms.ModelForm):
    class Meta:
        model = Worker
        fields = ["name", "id_number", "township", "home_village", "phone", "is_registered_poor", "hired_on", "left_on", "note"]
        widgets = {"hired_on": DATE_INPUT, "left_on": DATE_INPUT, "phone": forms.TextInput(attrs={"type": "tel"})}
        help_texts = {"id_number": _("18 characters; gender and birth date are read from it.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.for_user(user)
        self.fields["home_village"].queryset = Village.objects.for_user(user).select_related("township")
        self.fields["home_village"].label_from_instance = lambda village: f"{village.township} · {village.name}"
        if user.township_id:
            # township staff keep their own township's workers: shown, not chosen
            self.initial["township"] = self.instance.township_id or user.township_id
            self.fields["township"].disabled = True


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["facility", "kind", "full_time", "funding_source", "monthly_pay", "since", "until", "note"]
        widgets = {"since": DATE_INPUT, "until": DATE_INPUT, "monthly_pay": forms.NumberInput(attrs={"step": "0.01"})}
        labels = {"since": _("start date"), "until": _("end date")}
        help_texts = {"until": _("Leave empty while the post exists.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        facilities = Facility.objects.for_user(user).select_related("township")
        self.fields["facility"].queryset = facilities
        self.fields["facility"].label_from_instance = lambda facility: f"{facility.township} · {facility.name}"
        self.fields["facility"].error_messages["invalid_choice"] = _("Choose a facility of your own township.")


class AssignForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("worker"), queryset=Worker.objects.none())
    since = forms.DateField(label=_("first day in the post"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        # the workers of the facility's own township, still employed
        workers = Worker.objects.in_township(post.facility.township_id).filter(left_on__isnull=True)
        self.fields["worker"].queryset = workers.order_by("name")
        self.fields["worker"].error_messages["invalid_choice"] = _("Choose a worker of the facility's township.")


class EndHoldingForm(forms.Form):
    until = forms.DateField(label=_("last day in the post"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["programme", "started_on", "ended_on", "hours", "result", "certificate_number", "note"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.worker = worker


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, or the last four characters of the ID number"))
    township = forms.ModelChoiceField(label=_("township"), queryset=Township.objects.none(), required=False)
    employed = forms.ChoiceField(
        label=_("employment"), choices=[("", _("still employed")), ("left", _("left")), ("all", _("all"))], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.for_user(user)


class AsOfForm(forms.Form):
    on = forms.DateField(label=_("as of"), widget=DATE_INPUT, required=False)

    def chosen_day(self):
        today = timezone.localdate()
        if self.is_valid() and self.cleaned_data["on"]:
            return min(self.cleaned_data["on"], today)
        return today
