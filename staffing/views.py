"""Staffing pages. Every list, export and form starts from ``for_user``; writes go through ``staffing.services``.

Township staff keep their own township's workers, posts and training; the bureau may correct any; the leading
group and the administrator read (403 on every change).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from facilities.models import Facility, Township
from staffing import exports, services
from staffing.figures import township_staffing
from staffing.forms import AsOfForm, AssignForm, EndHoldingForm, PostForm, TrainingForm, WorkerFilterForm, WorkerForm
from staffing.models import Holding, Post, Training, Worker
from staffing.resources import PostResource, TrainingResource, WorkerResource
from zhongyang_eldercare.accounts.scoping import get_for_user_or_404, require_editor
from zhongyang_eldercare.imports import SpreadsheetImportView
from zhongyang_eldercare.kernel.spreadsheets import xlsx_response
from zhongyang_eldercare.personal_data import (
    HIDDEN_TEXT,
    id_number_search,
    log_full_view,
    mask_id_number,
    may_see_full_personal_data,
    reveal,
)

PAGE_SIZE = 50


def _add_errors(form, error, fallback=None):
    """A service's ValidationError next to its field (or above the form)."""
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else fallback, errors)


def _form_page(request, form, title, back=None, status=200):
    return render(request, "staffing/form.html", {"form": form, "title": title, "back": back}, status=status)


# --- Overview ----------------------------------------------------------------------------------------


@require_safe
@never_cache
@login_required
def overview(request):
    form = AsOfForm(request.GET or None)
    day = form.chosen_day()
    figures = township_staffing(Township.objects.for_user(request.user), on=day, total_label=_("Whole county"))
    county = len(figures.lines) > 1
    context = {
        "form": form,
        "figures": figures,
        "county": county,
        "funding": figures.funding_table(with_total=True) if county else [],
        "total_funding": figures.total.funding_lines(figures.sources),
    }
    return render(request, "staffing/overview.html", context)


# --- Workers ---------------------------------------------------------------------------------------------


def filtered_workers(request):
    form = WorkerFilterForm(request.GET or None, user=request.user)
    workers = Worker.objects.for_user(request.user).select_related("township", "home_village")
    data = form.cleaned_data if form.is_valid() else {"q": "", "township": None, "employed": ""}
    if data["q"]:
        by_id, exact = id_number_search(request.user, data["q"])
        if exact:
            reveal(request, Worker.objects.for_user(request.user).filter(by_id))
        workers = workers.filter(Q(name__contains=data["q"]) | by_id if by_id is not None else Q(name__contains=data["q"]))
    if data["township"]:
        workers = workers.filter(township=data["township"])
    if data["employed"] == "":
        workers = workers.filter(left_on__isnull=True)
    elif data["employed"] == "left":
        workers = workers.filter(left_on__isnull=False)
    today = timezone.localdate()
    current = Prefetch(
        "holdings",
        queryset=Holding.objects.current(today).select_related("post__facility", "post__kind"),
        to_attr="current_holdings",
    )
    return form, workers.prefetch_related(current).order_by("township__position", "name", "pk")


@require_safe
@never_cache
@login_required
def worker_list(request):
    form, workers = filtered_workers(request)
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "can_edit": request.user.can_edit_records}
    return render(request, "staffing/worker_list.html", context)


@require_safe
@never_cache
@login_required
def worker_export(request):
    """The filtered workers as Excel; ID numbers masked (a list is not the place for them)."""
    _form, workers = filtered_workers(request)
    today = timezone.localdate()
    return xlsx_response(exports.workers_xlsx(workers), f"workers-{today:%Y%m%d}.xlsx")


@require_safe
@never_cache
@login_required
def worker_detail(request, pk):
    holdings = Prefetch(
        "holdings", queryset=Holding.objects.select_related("post__facility", "post__kind", "post__funding_source")
    )
    trainings = Prefetch("trainings", queryset=Training.objects.select_related("programme"))
    worker = get_for_user_or_404(
        Worker.objects.select_related("township", "home_village").prefetch_related(holdings, trainings), request.user, pk=pk
    )
    full = may_see_full_personal_data(request.user, worker)
    if full:
        log_full_view(worker)
    context = {
        "worker": worker,
        "full": full,
        "id_number": worker.id_number if full else mask_id_number(worker.id_number),
        "hidden_text": HIDDEN_TEXT,
        "today": timezone.localdate(),
        "can_edit": request.user.can_edit_records,
    }
    return render(request, "staffing/worker_detail.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def worker_edit(request, pk=None):
    require_editor(request.user)
    worker = get_for_user_or_404(Worker, request.user, pk=pk, for_change=True) if pk else Worker()
    form = WorkerForm(request.POST or None, instance=worker, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_worker(worker=form.instance, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The record of %(name)s is saved.") % {"name": form.instance.name})
            return redirect(form.instance)
    if pk:
        log_full_view(worker)  # the form shows the full ID number
    title = _("Edit %(name)s") % {"name": worker.name} if pk else _("Add a worker")
    return _form_page(request, form, title, worker.get_absolute_url() if pk else reverse("staffing:workers"))


# --- Posts -------------------------------------------------------------------------------------------------


def listed_posts(user, day):
    current = Prefetch("holdings", queryset=Holding.objects.current(day).select_related("worker"), to_attr="current_holdings")
    posts = Post.objects.for_user(user).select_related("facility__township", "kind", "funding_source")
    return posts.prefetch_related(current).order_by("facility__township__position", "facility__name", "since", "pk")


@require_safe
@never_cache
@login_required
def post_list(request):
    day = timezone.localdate()
    posts = listed_posts(request.user, day)
    if request.GET.get("open") != "all":
        posts = posts.current(day)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": day,
        "show_all": request.GET.get("open") == "all",
        "can_edit": request.user.can_edit_records,
    }
    return render(request, "staffing/post_list.html", context)


@require_safe
@never_cache
@login_required
def post_export(request):
    day = timezone.localdate()
    return xlsx_response(exports.posts_xlsx(listed_posts(request.user, day), on=day), f"posts-{day:%Y%m%d}.xlsx")


@require_safe
@never_cache
@login_required
def post_detail(request, pk):
    holdings = Prefetch("holdings", queryset=Holding.objects.select_related("worker").order_by("-since", "-pk"))
    post = get_for_user_or_404(
        Post.objects.select_related("facility__township", "kind", "funding_source").prefetch_related(holdings),
        request.user,
        pk=pk,
    )
    today = timezone.localdate()
    current = next((holding for holding in post.holdings.all() if holding.holds_on(today)), None)
    context = {"post": post, "current": current, "today": today, "can_edit": request.user.can_edit_records}
    if request.user.can_edit_records:
        context["assign_form"] = AssignForm(post=post)
    return render(request, "staffing/post_detail.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def post_edit(request, pk=None):
    require_editor(request.user)
    post = get_for_user_or_404(Post, request.user, pk=pk, for_change=True) if pk else Post()
    initial = {}
    if not pk and request.GET.get("facility"):
        wanted = request.GET["facility"]
        if not wanted.isdigit():
            raise Http404
        initial = {"facility": get_for_user_or_404(Facility, request.user, pk=wanted, for_change=True).pk}
    form = PostForm(request.POST or None, instance=post, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_post(post=form.instance, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The post is saved."))
            return redirect(form.instance)
    title = _("Edit the post %(post)s") % {"post": post} if pk else _("Add a public-welfare post")
    return _form_page(request, form, title, post.get_absolute_url() if pk else reverse("staffing:posts"))


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def post_assign(request, pk):
    post = get_for_user_or_404(Post.objects.select_related("facility", "kind"), request.user, pk=pk, for_change=True)
    form = AssignForm(request.POST or None, post=post)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_worker(post=post, worker=data["worker"], since=data["since"], by=request.user, note=data["note"])
        except ValidationError as error:
            _add_errors(form, error, fallback="since")
        else:
            messages.success(request, _("%(name)s holds the post from %(day)s.") % {"name": data["worker"], "day": data["since"]})
            return redirect(post)
    title = _("Put a worker in the post %(post)s") % {"post": post}
    return _form_page(request, form, title, post.get_absolute_url(), status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def holding_end(request, pk):
    holding = get_for_user_or_404(
        Holding.objects.select_related("post__facility", "post__kind", "worker"), request.user, pk=pk, for_change=True
    )
    form = EndHoldingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_holding(holding=holding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, fallback="until")
        else:
            messages.success(request, _("%(name)s has left the post; it is vacant.") % {"name": holding.worker})
            return redirect(holding.post)
    title = _("%(name)s leaves the post %(post)s") % {"name": holding.worker, "post": holding.post}
    return _form_page(request, form, title, holding.post.get_absolute_url(), status=400 if form.errors else 200)


# --- Training -----------------------------------------------------------------------------------------------


def listed_training(user):
    trainings = Training.objects.for_user(user).select_related("worker__township", "programme")
    return trainings.order_by("worker__township__position", "worker__name", "-started_on", "pk")


@require_safe
@never_cache
@login_required
def training_list(request):
    page = Paginator(listed_training(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staffing/training_list.html", {"page": page, "can_edit": request.user.can_edit_records})


@require_safe
@never_cache
@login_required
def training_export(request):
    day = timezone.localdate()
    return xlsx_response(exports.training_xlsx(listed_training(request.user)), f"training-{day:%Y%m%d}.xlsx")


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def training_edit(request, worker_pk=None, pk=None):
    require_editor(request.user)
    if pk:
        training = get_for_user_or_404(Training.objects.select_related("worker"), request.user, pk=pk, for_change=True)
        worker = training.worker
    else:
        worker = get_for_user_or_404(Worker, request.user, pk=worker_pk, for_change=True)
        training = Training(worker=worker)
    form = TrainingForm(request.POST or None, instance=training, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_training(training=form.instance, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The training record is saved."))
            return redirect(worker)
    title = _("Training of %(name)s") % {"name": worker.name}
    return _form_page(request, form, title, worker.get_absolute_url())


# --- Imports and templates ----------------------------------------------------------------------------------


class WorkerImportView(SpreadsheetImportView):
    resource_class = WorkerResource
    title = gettext_lazy("Import workers")
    template_url = reverse_lazy("staffing:worker_template")
    success_url = reverse_lazy("staffing:workers")


class PostImportView(SpreadsheetImportView):
    resource_class = PostResource
    title = gettext_lazy("Import public-welfare posts")
    template_url = reverse_lazy("staffing:post_template")
    success_url = reverse_lazy("staffing:posts")


class TrainingImportView(SpreadsheetImportView):
    resource_class = TrainingResource
    title = gettext_lazy("Import training records")
    template_url = reverse_lazy("staffing:training_template")
    success_url = reverse_lazy("staffing:training")


worker_import = never_cache(WorkerImportView.as_view())
post_import = never_cache(PostImportView.as_view())
training_import = never_cache(TrainingImportView.as_view())


def _template_view(resource_class, file_name):
    @require_safe
    @login_required
    def view(request):
        require_editor(request.user)
        return xlsx_response(exports.import_template_xlsx(resource_class(user=request.user)), file_name)

    return view


worker_template = _template_view(WorkerResource, "workers-template.xlsx")
post_template = _template_view(PostResource, "posts-template.xlsx")
training_template = _template_view(TrainingResource, "training-template.xlsx")
