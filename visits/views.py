from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from facilities.models import Township, Village
from visits import compliance, exports, tiers
from visits.forms import (
    ElderFilterForm,
    ElderForm,
    FollowUpFilterForm,
    FollowUpForm,
    MutualHelpPairForm,
    PlacementForm,
    StatusForm,
    VisitForm,
    VisitorAssignmentForm,
    WorklistFilterForm,
)
from visits.models import (
    CATEGORY_FLAGS,
    VERY_OLD_AGE,
    Category,
    Elder,
    ElderStatus,
    FollowUp,
    FollowUpStatus,
    MutualHelpPair,
    Placement,
    Visit,
    VisitorAssignment,
    latest_birth_date_for_age,
)
from visits.resources import ElderResource
from visits.services import (
    AlreadyRecorded,
    WeekLocked,
    advance_follow_up,
    change_status,
    check_not_locked,
    locked_visit_ids,
    record_visit,
    save_elder,
    start_visit,
)
from visits.templatetags.visits_tags import pk_url
from zhongyang_eldercare.accounts.scoping import get_for_user_or_404, require_editor
from zhongyang_eldercare.audit.conflicts import conflict_message
from zhongyang_eldercare.imports import SpreadsheetImportView
from zhongyang_eldercare.kernel.confirmation import confirmation_response, is_confirmed, is_going_back
from zhongyang_eldercare.kernel.dates import week_start
from zhongyang_eldercare.kernel.spreadsheets import xlsx_response
from zhongyang_eldercare.kernel.versions import EditConflict
from zhongyang_eldercare.personal_data import (
    HIDDEN_TEXT,
    id_number_search,
    log_full_view,
    mask_id_number,
    may_see_full_personal_data,
    reveal,
)

PAGE_SIZE = 50
TREND_WEEKS = 12


def locked_response(request, error):
    return render(request, "error.html", {"title": _("Not allowed"), "message": str(error)}, status=403)


def chosen_township(request, townships):
    """The ?township= choice among ``townships`` (those the user may see, already read), else the first.

    Township staff see only their own, whatever the address asks for."""
    wanted = request.GET.get("township", "")
    return next((township for township in townships if str(township.pk) == wanted), townships[0] if townships else None)


# --- The archive -------------------------------------------------------------------------


def filtered_elders(request, today):
    form = ElderFilterForm(request.GET or None, user=request.user)
    elders = Elder.objects.for_user(request.user).with_priority(today).with_visit_facts(today).select_related("village__township")
    if not form.is_valid():
        return form, elders
    data = form.cleaned_data
    if data["q"]:
        elders = elders.filter(search_q(request, data["q"]))
    if data["village"]:
        elders = elders.filter(village=data["village"])
    if data["category"] == Category.VERY_OLD:
        elders = elders.filter(birth_date__lte=latest_birth_date_for_age(VERY_OLD_AGE, today))
    elif data["category"]:
        elders = elders.filter(**{CATEGORY_FLAGS[Category(data["category"])]: True})
    if data["priority"]:
        elders = elders.filter(is_priority=True)
    if data["overdue"]:
        elders = elders.filter(is_priority=True, visited_this_week=False, missed_last_week=True)
    if data["status"]:
        elders = elders.filter(status=data["status"])
    if data.get("missing") == "phone":
        elders = elders.filter(phone="", emergency_phone="")
    return form, elders


# The archive's order: by village, then name. An index (village, name, id) serves it, so a page is read
# without sorting the whole scope; villages come in the order they were recorded.
ARCHIVE_ORDER = ("village_id", "name", "pk")


def page_by_keys(elders, number):
    """One page of ``elders`` in ARCHIVE_ORDER, still one query for the page: the page's primary keys are
    picked in a subquery the index serves, so the visit facts are computed for those 50 elders only
    (with OFFSET, the database would compute them for every elder it skips)."""
    page = Paginator(elders.order_by(*ARCHIVE_ORDER).values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    page.object_list = elders.filter(pk__in=page.object_list).order_by(*ARCHIVE_ORDER)
    return page


def search_q(request, text):
    """Name, or an ID number as ``id_number_search`` allows it: an exact whole number is logged as an access."""
    by_id, exact = id_number_search(request.user, text)
    if exact:
        reveal(request, Elder.objects.for_user(request.user).filter(by_id).select_related("village"))
    return Q(name__contains=text) | by_id if by_id is not None else Q(name__contains=text)


@require_safe
@never_cache
@login_required
def elder_list(request):
    today = timezone.localdate()
    form, elders = filtered_elders(request, today)
    page = page_by_keys(elders, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "today": today, "query": query.urlencode(), "can_edit": request.user.can_edit_records}
    return render(request, "visits/elder_list.html", context)


@require_safe
@never_cache
@login_required
def elder_export(request):
    """The filtered archive as Excel; ID numbers masked for every role (a list is not the place for them)."""
    today = timezone.localdate()
    _form, elders = filtered_elders(request, today)
    elders = elders.order_by(*ARCHIVE_ORDER)
    return xlsx_response(exports.elder_list_xlsx(elders, on=today), f"elders-{today:%Y%m%d}.xlsx")


def elder_for_page(request, pk, today):
    network = [
        Prefetch("visitors", queryset=VisitorAssignment.objects.order_by("-since")),
        Prefetch("help_pairs", queryset=MutualHelpPair.objects.select_related("partner")),
        Prefetch("help_pairs_as_partner", queryset=MutualHelpPair.objects.select_related("elder")),
        Prefetch("placements", queryset=Placement.objects.select_related("facility")),
        "status_changes",
    ]
    queryset = Elder.objects.with_priority(today).select_related("village__township").prefetch_related(*network)
    return get_for_user_or_404(queryset, request.user, pk=pk)


@require_safe
@never_cache
@login_required
def elder_detail(request, pk):
    today = timezone.localdate()
    elder = elder_for_page(request, pk, today)
    full = may_see_full_personal_data(request.user, elder)
    if full:
        log_full_view(elder)
    visits = list(elder.visits.all()[:30])
    context = {
        "elder": elder,
        "today": today,
        "full": full,
        "id_number": elder.id_number if full else mask_id_number(elder.id_number),
        "visits": visits,
        "locked_visits": locked_visit_ids(visits, township=elder.village.township),
        "follow_ups": elder.follow_ups.select_related("visit"),
        "status_form": StatusForm(initial={"changed_on": today}),
        "hidden_text": HIDDEN_TEXT,
        "can_edit": request.user.can_edit_records,
    }
    return render(request, "visits/elder_detail.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def elder_edit(request, pk=None):
    require_editor(request.user)
    elder = get_for_user_or_404(Elder.objects.select_related("village"), request.user, pk=pk, for_change=True) if pk else None
    form = ElderForm(request.POST or None, instance=elder, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            elder = save_elder(elder=form.instance, by=request.user, version=form.loaded_version)
        except EditConflict as conflict:
            form.refuse(conflict, conflict_message(conflict))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The archive record of %(name)s is saved.") % {"name": elder.name})
            return redirect(elder)
    if elder is not None:
        log_full_view(elder)  # the form shows the full ID number and the health notes
    title = _("Edit %(name)s") % {"name": elder.name} if elder else _("Add an elder to the archive")
    return render(
        request, "visits/form.html", {"form": form, "title": title, "back": elder.get_absolute_url() if elder else None}
    )


@require_POST
@login_required
def elder_status(request, pk):
    elder = get_for_user_or_404(Elder, request.user, pk=pk, for_change=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"] != ElderStatus.ACTIVE and not is_confirmed(request):
            return _confirm_status(request, elder, data)
        try:
            change_status(elder=elder, by=request.user, on=data["changed_on"], **_without(data, "changed_on"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status is recorded."))
    else:
        messages.error(request, _("Give the status and its date."))
    return redirect(elder)


def _confirm_status(request, elder, data):
    """Deceased or moved away takes the elder off the worklist and ends their pairs: asked once more."""
    label = ElderStatus(data["status"]).label
    return confirmation_response(
        request,
        title=_("Record %(name)s as %(status)s?") % {"name": elder.name, "status": label},
        message=_("%(name)s will be recorded as %(status)s on %(day)s and leaves the visit worklist.")
        % {"name": elder.name, "status": label, "day": data["changed_on"].isoformat()},
        details=[data["note"]] if data["note"] else (),
        confirm_label=_("Yes, record it"),
        cancel_url=elder.get_absolute_url(),
        danger=True,
    )


def _without(data, *keys):
    return {key: value for key, value in data.items() if key not in keys}


NETWORK_FORMS = {
    "visitor": (VisitorAssignmentForm, gettext_lazy("Assign a visitor")),
    "pair": (MutualHelpPairForm, gettext_lazy("Add a mutual-help pair")),
    "placement": (PlacementForm, gettext_lazy("Record a placement in a facility")),
}


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def network_add(request, pk, kind):
    if kind not in NETWORK_FORMS:
        raise Http404
    elder = get_for_user_or_404(Elder.objects.select_related("village"), request.user, pk=pk, for_change=True)
    form_class, title = NETWORK_FORMS[kind]
    form = form_class(request.POST or None, elder=elder)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(elder)
    return render(
        request, "visits/form.html", {"form": form, "title": f"{title}：{elder.name}", "back": elder.get_absolute_url()}
    )


# --- Visits ----------------------------------------------------------------------------------


def _back_to(request):
    """The page the visit form was opened from: only a page of this portal, the worklist otherwise."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("visits:worklist")


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def visit_edit(request, elder_pk=None, pk=None):
    require_editor(request.user)
    if pk:
        visit = get_for_user_or_404(Visit.objects.select_related("elder__village"), request.user, pk=pk, for_change=True)
        try:
            check_not_locked(visit.elder.village.township_id, visit.visited_on)
        except WeekLocked as error:
            return locked_response(request, error)
    else:
        elder = get_for_user_or_404(Elder.objects.select_related("village"), request.user, pk=elder_pk, for_change=True)
        visit = start_visit(elder=elder, by=request.user)
    form = VisitForm(request.POST or None, instance=visit)
    if visit.pk:
        log_full_view(visit)  # the form shows what the visit found
    if request.method == "POST" and form.is_valid():
        try:
            key = form.cleaned_data["submission_key"]
            visit, follow_up = record_visit(visit=form.instance, by=request.user, submission_key=key)
        except AlreadyRecorded:
            messages.info(request, _("This visit was already saved: the form was sent twice, and it is recorded once."))
            return redirect(_back_to(request))
        except ValidationError as error:
            form.add_error(None, error)
        except WeekLocked as error:
            form.add_error("visited_on", str(error))
        else:
            messages.success(request, _("The visit to %(name)s is saved.") % {"name": visit.elder.name})
            if visit.is_late_entry:
                messages.warning(request, _("The visit was entered late and is marked as a late entry."))
            if follow_up:
                messages.warning(request, _("Something urgent was found: a follow-up is opened."))
            return redirect(_back_to(request))
    context = {"form": form, "elder": visit.elder, "visit": visit, "next": request.GET.get("next", "")}
    return render(request, "visits/visit_form.html", context)


WORKLIST_PAGE_SIZE = 20  # cards a phone scrolls through comfortably; the counts on top cover every page


@require_safe
@never_cache
@login_required
def worklist(request):
    today = timezone.localdate()
    townships = list(Township.objects.for_user(request.user).order_by("position", "name"))
    township = chosen_township(request, townships)
    elders = compliance.worklist(queryset=Elder.objects.for_user(request.user), township=township, on=today)
    form = WorklistFilterForm(request.GET or None, township=township)
    elders, counts = filter_worklist(form, elders)
    elders = elders.prefetch_related(
        Prefetch("visitors", queryset=VisitorAssignment.objects.current(today), to_attr="current_visitors")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "township": township,
        "townships": townships if len(townships) > 1 else [],
        "form": form,
        "counts": counts,
        "page": worklist_page(elders, counts, form, request.GET.get("page")),
        "query": query.urlencode(),
        "today": today,
        "monday": week_start(today),
        "can_edit": request.user.can_edit_records,
        "urls": {"elder": pk_url("visits:elder"), "visit_add": pk_url("visits:visit_add")},
        # the monthly and quarterly tiers (issue 15): elders still to visit in their tier's own period
        "other_tiers": tiers.due_in_other_tiers(queryset=Elder.objects.for_user(request.user), township=township, on=today),
    }
    return render(request, "visits/worklist.html", context)


WORKLIST_STATUS = {
    "overdue": Q(visited_this_week=False, is_overdue=True),
    "due": Q(visited_this_week=False, is_overdue=False),
    "visited": Q(visited_this_week=True),
}


def worklist_page(elders, counts, form, number):
    """One page of cards; the pager's total comes from the counts already taken (no second count query)."""
    paginator = Paginator(elders, WORKLIST_PAGE_SIZE)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    paginator.count = counts[status] if status else sum(counts.values())
    return paginator.get_page(number)


def filter_worklist(form, elders):
    """The worklist narrowed by name and village, its counts per status (one query), then by status."""
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        elders = elders.filter(name__contains=data["q"].strip())
    if data.get("village"):
        elders = elders.filter(village=data["village"])
    counts = elders.aggregate(**{status: Count("pk", filter=condition) for status, condition in WORKLIST_STATUS.items()})
    if data.get("status"):
        elders = elders.filter(WORKLIST_STATUS[data["status"]])
    return elders, counts


@require_safe
@never_cache
@login_required
def without_visitor(request):
    elders = compliance.without_visitor(queryset=Elder.objects.for_user(request.user))
    return render(
        request,
        "visits/without_visitor.html",
        {"elders": elders.order_by("village__township__position", "village__name", "name")},
    )


# --- Follow-ups --------------------------------------------------------------------------------


@require_safe
@never_cache
@login_required
def follow_up_list(request):
    form = FollowUpFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    follow_ups = FollowUp.objects.for_user(request.user).select_related("elder__village__township", "visit")
    if status == "":
        follow_ups = follow_ups.exclude(status=FollowUpStatus.RESOLVED)
    elif status != "all":
        follow_ups = follow_ups.filter(status=status)
    page = Paginator(follow_ups.order_by("due_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "full": reveal(request, page.object_list),
        "hidden_text": HIDDEN_TEXT,
        "today": timezone.localdate(),
        "can_edit": request.user.can_edit_records,
    }
    return render(request, "visits/follow_ups.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def follow_up_edit(request, pk):
    follow_ups = FollowUp.objects.select_related("elder__village", "visit")
    follow_up = get_for_user_or_404(follow_ups, request.user, pk=pk, for_change=True)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    log_full_view(follow_up)  # the page shows the problem found and what was done
    if request.method == "POST" and form.is_valid() and not is_going_back(request):
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        if data["status"] == FollowUpStatus.RESOLVED and data["resolution"].strip() and not is_confirmed(request):
            return _confirm_close(request, follow_up, data)
        try:
            advance_follow_up(follow_up=follow_up, version=form.loaded_version, **data)
        except EditConflict as conflict:
            form.refuse(conflict, conflict_message(conflict))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The follow-up is updated."))
            return redirect("visits:follow_ups")
    title = _("Follow-up for %(name)s") % {"name": follow_up.elder.name}
    return render(request, "visits/follow_up_form.html", {"form": form, "title": title, "follow_up": follow_up})


def _confirm_close(request, follow_up, data):
    """A resolved follow-up is final (services.advance_follow_up): asked once more, "Back" keeps the text."""
    return confirmation_response(
        request,
        title=_("Close the follow-up for %(name)s?") % {"name": follow_up.elder.name},
        message=_("A resolved follow-up cannot be reopened or changed."),
        details=[follow_up.problem, _("Resolution: %(text)s") % {"text": data["resolution"].strip()}],
        confirm_label=_("Yes, close it"),
    )


# --- Compliance and summary -----------------------------------------------------------------------


def week_table(rows):
    """{township label: [row per week]} in the order the rows come, and the weeks (Mondays)."""
    table, weeks = {}, []
    for row in rows:
        table.setdefault(row.township, []).append(row)
        if row.monday not in weeks:
            weeks.append(row.monday)
    return table, weeks


@require_safe
@login_required
def compliance_view(request):
    today = timezone.localdate()
    rows = compliance.weekly_compliance(
        townships=Township.objects.for_user(request.user), weeks=compliance.weeks_ending(today, TREND_WEEKS)
    )
    table, weeks = week_table(rows)
    # every tier of a longer period (monthly, quarterly: issue 15) over its own last periods
    longer = tiers.tiers_over_periods(townships=Township.objects.for_user(request.user), today=today)
    return render(request, "visits/compliance.html", {"table": table, "weeks": weeks, "today": today, "tiers": longer})


@require_safe
@never_cache
@login_required
def compliance_tier(request, township_pk, code, day):
    """The elders behind one cell of a tier's table: the township's elders of that tier, read on ``day`` (the period's
    last day, or today for the running one), not visited enough first."""
    township = get_for_user_or_404(Township, request.user, pk=township_pk)
    if day > timezone.localdate():
        raise Http404
    found = tiers.tier_elders(queryset=Elder.objects.for_user(request.user), township=township, code=code, on=day)
    if found is None:
        raise Http404
    tier, start, end, elders = found
    context = {
        "township": township,
        "tier": tier,
        "label": tiers.period_label(tier.period, start),
        "start": start,
        "end": min(end, day),
        "elders": elders,
        "missed": sum(elder.seen < tier.visits for elder in elders),
    }
    return render(request, "visits/compliance_tier.html", context)


@require_safe
@never_cache
@login_required
def compliance_week(request, township_pk, monday):
    """The elders behind one cell of the compliance table: a township's priority elders that week, missed first."""
    township = get_for_user_or_404(Township, request.user, pk=township_pk)
    monday = week_start(monday)
    today = timezone.localdate()
    if monday > today:
        raise Http404
    on = min(monday + timedelta(days=6), today)  # priority is judged on the week's Sunday, today for the running week
    elders = compliance.worklist(queryset=Elder.objects.for_user(request.user), township=township, on=on)
    elders = list(elders.order_by("visited_this_week", "village__name", "name"))
    context = {
        "township": township,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "elders": elders,
        "missed": sum(not elder.visited_this_week for elder in elders),
    }
    return render(request, "visits/compliance_week.html", context)


def summary_rows(request):
    today = timezone.localdate()
    return compliance.weekly_summary(
        townships=Township.objects.for_user(request.user), weeks=compliance.weeks_ending(today, TREND_WEEKS)
    )


@require_safe
@login_required
def summary(request):
    rows = summary_rows(request)
    return render(request, "visits/summary.html", {"rows": rows, "columns": compliance.SUMMARY_COLUMNS})


@require_safe
@login_required
def summary_export(request):
    return xlsx_response(exports.summary_xlsx(summary_rows(request)), f"visit-summary-{timezone.localdate():%Y%m%d}.xlsx")


# --- Import ----------------------------------------------------------------------------------------


class ElderImportView(SpreadsheetImportView):
    resource_class = ElderResource
    title = gettext_lazy("Import the elder archive")
    template_url = reverse_lazy("visits:import_template")
    success_url = reverse_lazy("visits:elders")


elder_import = never_cache(ElderImportView.as_view())


@require_safe
@login_required
def import_template(request):
    """The blank template; the ID column is formatted as text so Excel keeps all 18 characters."""
    require_editor(request.user)
    townships = Township.objects.for_user(request.user).order_by("position", "name")
    village = Village.objects.for_user(request.user).select_related("township").order_by("township__position", "name").first()
    content = exports.import_template_xlsx(ElderResource(user=request.user), townships=townships, village=village)
    return xlsx_response(content, "elder-archive-template.xlsx")
