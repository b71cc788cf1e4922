from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import (
    COVERAGE_KINDS,
    NURSING_KINDS,
    Facility,
    FacilityKind,
    FacilityStandard,
    FacilityStatus,
    Feature,
    FeatureCategory,
    RelocationSite,
    Township,
    Village,
)
from zhongyang_eldercare.kernel.dates import DateMeaning, PlausibleDate
from zhongyang_eldercare.kernel.versions import VersionedForm

COMMON_FIELDS = [
    "name",
    "planned_year",
    "building_source",
    "floor_area",
    "rooms",
    "equipment",
    "beds",
    "operating_model",
    "has_medical_unit",
    "medical_partner",
    "in_insurance_network",
    "contact_person",
    "contact_phone",
]
VILLAGE_LEVEL_FIELDS = ["serves_meals", "merged_with_clinic", "approval_kind", "approval_date", "approval_number"]
NURSING_FIELDS = ["nursing_beds", "open_to_public"]
DAY_FIELDS = ["status", "status_on", "beds_since", "meals_since"]  # the form's own fields, passed to the service


def fields_for(kind):
    """The fields a facility of this type is asked for; the rest do not apply to it (§2.1-§2.4)."""
    place = []
    if kind in COVERAGE_KINDS:
        place = ["village", "relocation_site"] if kind == FacilityKind.DAY_CARE else ["village"]
    extra = VILLAGE_LEVEL_FIELDS if kind in COVERAGE_KINDS else NURSING_FIELDS if kind in NURSING_KINDS else []
    return ["township", *place, *COMMON_FIELDS, *extra]


class KindChoiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Facility type"), choices=FacilityKind.choices, widget=forms.RadioSelect)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FacilityForm(VersionedForm, forms.ModelForm):
    """Add or edit one facility of a given type; township staff only see their own township's places."""

    status = forms.ChoiceField(label=_("Status now"), choices=FacilityStatus.choices, initial=FacilityStatus.PLANNED)
    # the days are checked by facilities.services.save_facility (not in the future), for the import and the admin too
    status_on = forms.DateField(
        label=_("Since"), widget=DateInput(), initial=timezone.localdate, validators=[PlausibleDate(DateMeaning.HAPPENED)]
    )
    beds_since = forms.DateField(
        label=_("Beds changed on"),
        widget=DateInput(),
        validators=[PlausibleDate(DateMeaning.HAPPENED)],
        required=False,  # empty: today
        initial=timezone.localdate,
        help_text=_("Only when the number of beds changes: the day the new number holds from."),
    )
    meals_since = forms.DateField(
        label=_("Meal service changed on"),
        widget=DateInput(),
        validators=[PlausibleDate(DateMeaning.HAPPENED)],
        required=False,  # empty: today
        initial=timezone.localdate,
        help_text=_("Only when the facility starts or stops serving meals: the day it did."),
    )

    class Meta:
        model = Facility
        fields = ["township", "village", "relocation_site", *COMMON_FIELDS, *VILLAGE_LEVEL_FIELDS, *NURSING_FIELDS]
        widgets = {
            "rooms": forms.CheckboxSelectMultiple,
            "equipment": forms.CheckboxSelectMultiple,
            "approval_date": DateInput(),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, user, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.kind = user, kind
        self.instance.kind = kind
        for name in set(self.fields) - set(fields_for(kind)) - set(DAY_FIELDS) - {"version"}:
            del self.fields[name]
        if self.instance.pk:
            del self.fields["status"], self.fields["status_on"]
        else:
            del self.fields["beds_since"], self.fields["meals_since"]  # a new facility's count from its first status
        if "serves_meals" not in self.fields:
            self.fields.pop("meals_since", None)
        self._place_change_dates()
        self._limit_choices()
        self._quote_standard()

    def _place_change_dates(self):
        """Each change date right after the values it dates."""
        names = [name for name in self.fields if name not in ("beds_since", "meals_since")]
        if "beds_since" in self.fields:
            names.insert(names.index("nursing_beds" if "nursing_beds" in names else "beds") + 1, "beds_since")
        if "meals_since" in self.fields:
            names.insert(names.index("serves_meals") + 1, "meals_since")
        self.order_fields(names)

    def _limit_choices(self):
        self.fields["township"].queryset = Township.objects.for_user(self.user)
        if self.user.township_id:
            # township staff enter facilities of their own township only: shown, not chosen
            self.initial["township"] = self.instance.township_id or self.user.township_id
            self.fields["township"].disabled = True
        places = {"village": Village, "relocation_site": RelocationSite}
        for name, model in places.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.for_user(self.user).select_related("township")
                self.fields[name].label_from_instance = lambda place: f"{place.township} · {place.name}"
        if "rooms" in self.fields:
            self.fields["rooms"].queryset = Feature.objects.filter(category=FeatureCategory.ROOM)
            self.fields["equipment"].queryset = Feature.objects.filter(category=FeatureCategory.EQUIPMENT)

    def _quote_standard(self):
        """Help text quoting the standard in force for this type, so staff see what is asked of them."""
        standard = FacilityStandard.objects.by_kind(timezone.localdate()).get(self.kind)
        if standard is None:
            return
        names = lambda features: "、".join(feature.name for feature in features)  # noqa: E731
        hints = {
            "floor_area": standard.area_range,
            "rooms": names(standard.required_rooms.all()),
            "equipment": names(standard.required_equipment.all()),
            "beds": f"≥ {standard.min_beds}" if standard.min_beds else "",
        }
        for name, hint in hints.items():
            if hint and name in self.fields:
                self.fields[name].help_text = _("Standard (%(clause)s): %(hint)s") % {"clause": standard.clause, "hint": hint}
        if standard.reuse_expected and "building_source" in self.fields:
            self.fields["building_source"].help_text = _(
                "%(clause)s: new building is not encouraged; reuse idle schools, hospitals or village buildings."
            ) % {"clause": standard.clause}
        self.standard = standard


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=FacilityStatus.choices)
    changed_on = forms.DateField(
        label=_("Date"), widget=DateInput(), initial=timezone.localdate, validators=[PlausibleDate(DateMeaning.HAPPENED)]
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class VillageForm(VersionedForm, forms.ModelForm):
    """The village's figures; ``Village.clean`` holds the rule (elderly within the population), for the admin too."""

    class Meta:
        model = Village
        fields = ["population", "elderly_population", "is_township_seat", "has_clinic"]
