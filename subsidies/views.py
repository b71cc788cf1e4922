"""The money pages: awards by year and township, an award with its reasons, a facility's money, evaluations,
the funding ledger, the rules, and the two exports. Views parse, call a service, and redirect."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from facilities.models import Facility, Township
from facilities.plans import documents_for
from subsidies import exports, services
from subsidies.forms import (
    FIRST_YEAR,
    RULE_MODELS,
    ComputeForm,
    DisbursementForm,
    EvaluationForm,
    LedgerEntryForm,
    RectificationDoneForm,
    YearTownshipForm,
    rule_form_class,
)
from subsidies.models import (
    Award,
    Evaluation,
    EvaluationIndicator,
    FundingSource,
    GradeFactor,
    GradeThreshold,
    IndicatorScore,
    LedgerEntry,
    RectificationItem,
    SubsidyRule,
)
from subsidies.payroll import pay_by_township, posts_pay, summary_rows
from subsidies.summaries import award_rows, award_totals, funding_by, funding_sources, sources_in
from zhongyang_eldercare.accounts.scoping import get_for_user_or_404, require_editor
from zhongyang_eldercare.kernel.spreadsheets import workbook_bytes, xlsx_response


def _default_year(request, model, year_field):
    """The latest year the user's rows of ``model`` have (one query); the last year ended when there are none."""
    latest = model.objects.for_user(request.user).aggregate(latest=Max(year_field))["latest"]
    if latest is None:
        return timezone.localdate().year - 1
    return latest if isinstance(latest, int) else latest.year


def _year_and_township(request, model, year_field):
    form = YearTownshipForm(request.GET or None, user=request.user, default_year=_default_year(request, model, year_field))
    year, township = form.chosen()
    return form, year, township


def _chosen(request, model, year_field):
    """(filter form, year, township, the user's rows of ``model`` for the chosen year and township)."""
    form, year, township = _year_and_township(request, model, year_field.replace("__year", ""))
    rows = model.objects.for_user(request.user).filter(**{year_field: year})
    if township is not None:
        rows = rows.in_township(township)
    return form, year, township, rows


def _awards_for(request):
    return _chosen(request, Award, "year")


# --- Awards ---------------------------------------------------------------------------------


@require_safe
@never_cache
@login_required
def award_list(request):
    return _award_list_page(request)


def _award_list_page(request, compute_form=None, outcome=None, status=200):
    form, year, township, awards = _awards_for(request)
    townships = Township.objects.for_user(request.user).order_by("position")
    if township is not None:
        townships = townships.filter(pk=township.pk)
    lines, total = award_totals(awards, list(townships))
    context = {
        "filter": form,
        "year": year,
        "awards": award_rows(awards),
        "lines": lines,
        "total": total,
        "compute_form": compute_form or (ComputeForm(initial={"year": year}) if request.user.is_bureau else None),
        "to_approve": request.user.is_bureau and awards.filter(status="proposed").exclude(proposed_by=request.user).exists(),
        "outcome": outcome,
    }
    return render(request, "subsidies/award_list.html", context, status=status)


@require_POST
@login_required
def compute(request):
    services.require_bureau(request.user)
    form = ComputeForm(request.POST)
    if form.is_valid():
        try:
            outcome = services.compute_awards(year=form.cleaned_data["year"], by=request.user)
        except ValidationError as error:
            form.add_error("year", error.message_dict.get("year", error.messages))
        else:
            messages.success(request, outcome.summary())
            request.GET = request.GET.copy()
            request.GET["year"] = str(outcome.year)
            return _award_list_page(request, outcome=outcome)
    return _award_list_page(request, compute_form=form, status=400)


LIST_PAGE_SIZE = 100  # the evaluations and the ledger entries of a year, a page at a time


def _award(request, pk, *, for_change=False):
    awards = award_rows(Award.objects.all()).prefetch_related("disbursements__recorded_by")
    return get_for_user_or_404(awards, request.user, pk=pk, for_change=for_change)


@require_safe
@never_cache
@login_required
def award_detail(request, pk):
    return _award_page(request, _award(request, pk))


def _award_page(request, award, disbursement_form=None, status=200):
    user = request.user
    context = {
        "award": award,
        "facts_json": json.dumps(award.facts, ensure_ascii=False, indent=2),
        "can_approve": user.is_bureau and not award.is_approved and award.proposed_by_id != user.pk,
        "own_proposal": user.is_bureau and not award.is_approved and award.proposed_by_id == user.pk,
        "disbursement_form": disbursement_form
        or (DisbursementForm(initial={"paid_on": timezone.localdate()}) if user.is_bureau and award.is_approved else None),
    }
    return render(request, "subsidies/award_detail.html", context, status=status)


@require_POST
@login_required
def approve(request, pk):
    award = _award(request, pk, for_change=True)
    try:
        services.approve_award(award=award, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Award approved: it is frozen with the facts it was computed from."))
    return redirect(award)


@require_POST
@login_required
def approve_all(request):
    """Approve the listed year's (and township's) proposals that the user did not propose."""
    services.require_bureau(request.user)
    request.GET = request.POST
    _form, year, _township, awards = _awards_for(request)
    approved, left = services.approve_awards(awards=awards, by=request.user)
    messages.success(
        request,
        _("%(approved)s awards approved; %(left)s you proposed are left for another bureau user.")
        % {
            "approved": approved,
            "left": left,
        },
    )
    return redirect(f"{reverse('subsidies:awards')}?{request.POST.urlencode()}")


@require_http_methods(["GET", "POST"])
@login_required
def disburse(request, pk):
    award = _award(request, pk, for_change=True)
    services.require_bureau(request.user)
    if request.method == "GET":
        return _award_page(request, award)
    form = DisbursementForm(request.POST)
    if form.is_valid():
        try:
            services.record_disbursement(award=award, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Payment recorded; it is in the funding ledger."))
            return redirect(award)
    return _award_page(request, award, disbursement_form=form, status=400)


def _add_errors(form, error, fallback=None):
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else fallback, problems)


@require_safe
@login_required
def award_export(request):
    _form, year, _township, awards = _awards_for(request)
    content = workbook_bytes(exports.awards_workbook(list(award_rows(awards)), year=year))
    return xlsx_response(content, f"awards-{year}.xlsx")


# --- A facility's money -------------------------------------------------------------------------


def _evaluations():
    scores = Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator").order_by("indicator__position"))
    return Evaluation.objects.select_related("facility__township", "recorded_by").prefetch_related(scores, "rectifications")


@require_safe
@never_cache
@login_required
def facility_money(request, pk):
    facility = get_for_user_or_404(Facility.objects.select_related("township", "village"), request.user, pk=pk)
    entries = LedgerEntry.objects.for_user(request.user).filter(facility=facility)
    pay = posts_pay([facility], range(FIRST_YEAR, timezone.localdate().year + 1))
    lines, total = funding_by(entries, "facility", summary_rows(pay))
    context = {
        "facility": facility,
        "evaluations": _evaluations().filter(facility=facility),
        "awards": award_rows(Award.objects.for_user(request.user).filter(facility=facility)).prefetch_related("disbursements"),
        "entries": entries.select_related("source", "recorded_by"),
        "pay": pay,
        "sources": sources_in(funding_sources(), total),
        "funding_lines": lines,
        "funding_total": total,
    }
    return render(request, "subsidies/facility_money.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def evaluate(request, pk):
    facility = get_for_user_or_404(Facility, request.user, pk=pk, for_change=True)
    form = EvaluationForm(request.POST or None, user=request.user, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.record_evaluation(
                facility=facility,
                kind=data["kind"],
                evaluated_on=data["evaluated_on"],
                evaluators=data["evaluators"],
                findings=data["findings"],
                scores=form.scores(),
                rectifications=form.rectifications(),
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Evaluation recorded: %(total)s points, %(grade)s.")
                % {
                    "total": evaluation.total,
                    "grade": evaluation.get_grade_display(),
                },
            )
            return redirect(evaluation)
    status = 400 if request.method == "POST" else 200
    return render(request, "subsidies/evaluation_form.html", {"form": form, "facility": facility}, status=status)


@require_safe
@never_cache
@login_required
def evaluation_list(request):
    form, year, _township, evaluations = _chosen(request, Evaluation, "evaluated_on__year")
    evaluations = evaluations.select_related("facility__township", "recorded_by").prefetch_related("rectifications")
    page = Paginator(evaluations, LIST_PAGE_SIZE).get_page(request.GET.get("page"))  # a city's year: hundreds
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": form, "year": year, "evaluations": page.object_list, "page": page, "query": query.urlencode()}
    return render(request, "subsidies/evaluation_list.html", context)


@require_safe
@never_cache
@login_required
def evaluation_detail(request, pk):
    return _evaluation_page(request, get_for_user_or_404(_evaluations(), request.user, pk=pk))


def _evaluation_page(request, evaluation, done_form=None, failed_item=None, status=200):
    context = {
        "evaluation": evaluation,
        "done_form": RectificationDoneForm(initial={"done_on": timezone.localdate()}) if request.user.can_edit_records else None,
        "failed_form": done_form,
        "failed_item": failed_item,
    }
    return render(request, "subsidies/evaluation_detail.html", context, status=status)


@require_POST
@login_required
def rectification_done(request, pk):
    item = get_for_user_or_404(RectificationItem.objects.select_related("evaluation"), request.user, pk=pk, for_change=True)
    form = RectificationDoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_rectification(item=item, done_on=form.cleaned_data["done_on"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Rectification recorded as done."))
            return redirect(item.evaluation)
    evaluation = get_for_user_or_404(_evaluations(), request.user, pk=item.evaluation_id)
    return _evaluation_page(request, evaluation, done_form=form, failed_item=item.pk, status=400)


# --- The funding ledger ---------------------------------------------------------------------------


def _facilities_for(request, township):
    """The facilities whose posts' pay the ledger shows: the user's, in the chosen township."""
    facilities = Facility.objects.for_user(request.user).select_related("township").only("pk", "name", "township")
    return facilities.in_township(township) if township is not None else facilities


def _ledger_for(request):
    return _chosen(request, LedgerEntry, "year")


@require_safe
@never_cache
@login_required
def ledger(request):
    form, year, township, entries = _ledger_for(request)
    level = "facility" if township is not None or not request.user.sees_whole_county else "township"
    pay = posts_pay(_facilities_for(request, township), [year])
    lines, total = funding_by(entries, level, summary_rows(pay))
    # the sums above cover every entry of the year; the entries themselves a page at a time (a city's year: thousands)
    listed = entries.select_related("facility__township", "village__township", "source", "recorded_by")
    page = Paginator(listed, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": form,
        "year": year,
        "level": level,
        "entries": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "pay": pay_by_township(pay) if level == "township" else pay,
        "sources": sources_in(funding_sources(), total),
        "funding_lines": lines,
        "funding_total": total,
    }
    return render(request, "subsidies/ledger.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def ledger_new(request):
    require_editor(request.user)
    return _ledger_form(request, LedgerEntry(recorded_by=request.user))


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def ledger_edit(request, pk):
    entry = get_for_user_or_404(LedgerEntry, request.user, pk=pk, for_change=True)
    if entry.disbursement_id:
        raise PermissionDenied
    return _ledger_form(request, entry)


def _ledger_form(request, entry):
    initial = {name: request.GET[name] for name in ("facility", "village", "year") if request.GET.get(name, "").isdigit()}
    form = LedgerEntryForm(request.POST or None, instance=entry, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_ledger_entry(entry=form.instance, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Ledger entry saved."))
            return redirect(f"{reverse('subsidies:ledger')}?year={form.instance.year}")
    status = 400 if request.method == "POST" else 200
    return render(request, "subsidies/ledger_form.html", {"form": form, "entry": entry}, status=status)


@require_safe
@login_required
def funding_export(request):
    _form, year, township, entries = _ledger_for(request)
    all_years = LedgerEntry.objects.for_user(request.user)
    if township is not None:
        all_years = all_years.in_township(township)
    pay = posts_pay(_facilities_for(request, township), range(FIRST_YEAR, timezone.localdate().year + 1))
    content = workbook_bytes(exports.funding_workbook(all_years, year=year, user=request.user, pay=pay))
    return xlsx_response(content, f"funding-{year}.xlsx")


# --- The rules ------------------------------------------------------------------------------------


@require_safe
@login_required
def rules(request):
    context = {
        "subsidy_rules": SubsidyRule.objects.select_related("document", "payer").prefetch_related("townships"),
        "factors": GradeFactor.objects.select_related("document"),
        "indicators": EvaluationIndicator.objects.select_related("document"),
        "thresholds": GradeThreshold.objects.select_related("document"),
        "sources": FundingSource.objects.select_related("document"),
        "today": timezone.localdate(),
    }
    return render(request, "subsidies/rules.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request, kind, pk=None):
    if kind not in RULE_MODELS:
        raise Http404
    if not request.user.can_edit_policy:
        raise PermissionDenied
    model = RULE_MODELS[kind][0]
    instance = None
    if pk is not None:  # only a rule of a document the user may edit (their county's plan)
        instance = model.objects.filter(pk=pk, document__in=documents_for(request.user)).first()
        if instance is None:
            raise Http404
    form = rule_form_class(kind, request.user)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        townships = form.cleaned_data.get("townships") if "townships" in form.fields else None
        try:
            services.save_rule(rule=form.instance, by=request.user, townships=townships)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("subsidies:rules")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "instance": instance, "model_name": model._meta.verbose_name}
    return render(request, "subsidies/rule_form.html", context, status=status)
