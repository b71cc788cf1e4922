import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, FacilityKind, FacilityStatus, Township


class FacilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    township = django_filters.ModelChoiceFilter(label=_("Township"), queryset=Township.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=FacilityKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FacilityStatus.choices)
    compliance = django_filters.ChoiceFilter(
        label=_("Standard"),
        choices=[("meets", _("Meets the standard")), ("fails", _("Does not meet the standard"))],
        method="by_compliance",
    )

    class Meta:
        model = Facility
        fields = ["q", "township", "kind", "status", "compliance"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["township"].queryset = Township.objects.for_user(user)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(village__name__icontains=value)
            | Q(relocation_site__name__icontains=value)
            | Q(contact_person__icontains=value)
        )

    def by_compliance(self, queryset, name, value):
        return queryset.not_meeting_standard() if value == "fails" else queryset.meeting_standard()
