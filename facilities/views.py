from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from facilities.compliance import assess
from facilities.filters import FacilityFilter
from facilities.forms import DAY_FIELDS, FacilityForm, KindChoiceForm, StatusChangeForm, VillageForm, fields_for
from facilities.models import (
    Facility,
    FacilityKind,
    FacilityStatusChange,
    KeyProject,
    MealService,
    Milestone,
    Township,
    Village,
)
from facilities.resources import FacilityResource
from facilities.sections import rendered_sections
from facilities.services import record_status_change, save_facility, save_village
from facilities.standards import STANDARD_CHECK
from zhongyang_eldercare.accounts.decorators import role_required
from zhongyang_eldercare.accounts.navigation import COUNTY
from zhongyang_eldercare.accounts.scoping import get_for_user_or_404, require_editor
from zhongyang_eldercare.audit.conflicts import conflict_message
from zhongyang_eldercare.imports import SpreadsheetImportView
from zhongyang_eldercare.kernel.spreadsheets import dataset_bytes, import_template_bytes, xlsx_response
from zhongyang_eldercare.kernel.versions import EditConflict

PAGE_SIZE = 25


def _listed(user):
    return Facility.objects.for_user(user).select_related("township", "village", "relocation_site")


@require_safe
@never_cache
@login_required
def facility_list(request):
    filterset = FacilityFilter(request.GET, queryset=_listed(request.user), user=request.user)
    day = timezone.localdate()
    page = Paginator(filterset.qs.as_of(day), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    assessment = assess(rows, on=day)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "listing": [(facility, assessment.shortfalls(facility)) for facility in rows],
        "query": query.urlencode(),
    }
    return render(request, "facilities/facility_list.html", context)


@require_safe
@never_cache
@login_required
def facility_detail(request, pk):
    form = StatusChangeForm() if request.user.can_edit_records else None
    return render(request, "facilities/facility_detail.html", _detail_context(request, pk, form))


def _detail_context(request, pk, status_form):
    """The facility as it is today with its histories, checked by every registered check, and the other apps' sections."""
    user, day = request.user, timezone.localdate()
    statuses = Prefetch("status_changes", queryset=FacilityStatusChange.objects.select_related("recorded_by"))
    meals = Prefetch("meal_services", queryset=MealService.objects.select_related("recorded_by"))
    facilities = _listed(user).for_compliance().prefetch_related(statuses, "bed_counts", meals).as_of(day)
    facility = get_for_user_or_404(facilities, user, pk=pk)
    assessment = assess([facility], on=day)
    return {
        "facility": facility,
        "fields": _facts(facility),
        "shortfalls": assessment.shortfalls(facility),
        "standard": assessment.prepared(STANDARD_CHECK).standard_for(facility),
        "status_form": status_form,
        "sections": rendered_sections(facility, request=request),
    }


def _facts(facility):
    """(label, value) of the fields that apply to the facility's type, as the detail page lists them."""
    facts = []
    for name in fields_for(facility.kind):
        field = Facility._meta.get_field(name)
        if field.many_to_many:
            value = "、".join(feature.name for feature in getattr(facility, name).all())
        elif field.choices:
            value = getattr(facility, f"get_{name}_display")()
        else:
            value = getattr(facility, name)
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        facts.append((field.verbose_name, "" if value is None else value))
    return facts


@require_safe
@login_required
def facility_choose_kind(request):
    require_editor(request.user)
    form = KindChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("facilities:create", kind=form.cleaned_data["kind"])
    return render(request, "facilities/facility_choose_kind.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def facility_create(request, kind):
    require_editor(request.user)
    if kind not in FacilityKind.values:
        raise Http404
    return _facility_form(request, Facility(kind=kind), kind)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def facility_edit(request, pk):
    facility = get_for_user_or_404(Facility, request.user, pk=pk, for_change=True)
    return _facility_form(request, facility, facility.kind)


def _facility_form(request, facility, kind):
    form = FacilityForm(request.POST or None, instance=facility, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        extra = {name: form.cleaned_data[name] for name in DAY_FIELDS if name in form.fields}
        try:
            save_facility(
                facility=form.instance,
                by=request.user,
                rooms=form.cleaned_data.get("rooms"),
                equipment=form.cleaned_data.get("equipment"),
                version=form.loaded_version,
                **extra,
            )
        except EditConflict as conflict:
            form.refuse(conflict, conflict_message(conflict))
        except ValidationError as error:
            _add_errors(form, error, fallback="status_on")
        else:
            messages.success(request, _("Facility saved."))
            return redirect(form.instance)
    context = {
        "form": form,
        "facility": facility,
        "kind_label": FacilityKind(kind).label,
        "standard": getattr(form, "standard", None),
    }
    return render(request, "facilities/facility_form.html", context)


def _add_errors(form, error, fallback):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else fallback if field == "changed_on" else None, messages_)


@require_POST
@login_required
def facility_status(request, pk):
    facility = get_for_user_or_404(Facility, request.user, pk=pk, for_change=True)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            record_status_change(facility=facility, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, fallback="changed_on")
        else:
            messages.success(request, _("Status recorded."))
            return redirect(facility)
    return render(request, "facilities/facility_detail.html", _detail_context(request, pk, form), status=400)


@require_safe
@never_cache
@login_required
def facility_export(request):
    """The list as the user sees it (scope and filters), with every text cell escaped against formulas."""
    filterset = FacilityFilter(request.GET, queryset=_listed(request.user), user=request.user)
    day = timezone.localdate()
    rows = list(filterset.qs.for_compliance().prefetch_related("status_changes").as_of(day))
    dataset = FacilityResource(user=request.user, assessment=assess(rows, on=day)).export(rows)
    dataset.title = _("Facilities")  # otherwise the sheet is named "Tablib Dataset"
    return xlsx_response(dataset_bytes(dataset), f"facilities-{day.isoformat()}.xlsx")


@require_safe
@login_required
def facility_template(request):
    """The blank template: drop-downs for the townships, types and statuses, dates as text, an example row, notes."""
    resource = FacilityResource(user=request.user)
    village = Village.objects.for_user(request.user).select_related("township").order_by("township__position", "name").first()
    township = village.township if village else Township.objects.for_user(request.user).first()
    example = {
        resource.fields["id"].column_name: "",
        resource.fields["township"].column_name: township.name if township else "",
        resource.fields["village"].column_name: village.name if village else "",
        resource.fields["name"].column_name: _("Example happiness courtyard"),
    }
    notes = [_("Leave the ID empty for a new facility; to change one, copy the row from the Excel export.")]
    content = import_template_bytes(resource, title=_("Facilities"), example=example, notes=notes)
    return xlsx_response(content, "facilities-template.xlsx")


class FacilityImportView(SpreadsheetImportView):
    resource_class = FacilityResource
    title = gettext_lazy("Import facilities")
    template_url = reverse_lazy("facilities:template")
    success_url = reverse_lazy("facilities:list")


@require_safe
@login_required
def village_list(request):
    villages = Village.objects.for_user(request.user).select_related("township")
    page = Paginator(villages, 50).get_page(request.GET.get("page"))
    return render(request, "facilities/village_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def village_edit(request, pk):
    village = get_for_user_or_404(Village, request.user, pk=pk, for_change=True)
    form = VillageForm(request.POST or None, instance=village)
    if request.method == "POST" and form.is_valid():
        try:
            save_village(village=form.instance, by=request.user, version=form.loaded_version)
        except EditConflict as conflict:
            form.refuse(conflict, conflict_message(conflict))
        else:
            messages.success(request, _("Village saved."))
            return redirect("facilities:villages")
    return render(request, "facilities/village_form.html", {"form": form, "village": village})


@require_safe
@role_required(*COUNTY)
def key_projects(request):
    day = timezone.localdate()
    milestones = Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    scoped = KeyProject.objects.for_user(request.user)
    projects = scoped.select_related("township", "facility").prefetch_related(milestones)
    late = set(scoped.late(day).values_list("pk", flat=True))
    return render(request, "facilities/key_projects.html", {"projects": projects, "late": late, "today": day})
