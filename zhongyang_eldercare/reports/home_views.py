"""The first page after login: each role's home (``reports.homes``); the administrator keeps the menu page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhongyang_eldercare.accounts import views as account_views
from zhongyang_eldercare.accounts.models import Role
from zhongyang_eldercare.reports import homes


@never_cache
@login_required
@require_safe
def home(request):
    user, today = request.user, timezone.localdate()
    context = {"today": today, "can_enrol_2fa": user.may_enrol_2fa}
    if user.is_township_staff and user.township_id:
        context["items"] = homes.township_workbench(user, today)
        return render(request, "reports/home_township.html", context)
    if user.role == Role.BUREAU:
        context["items"] = homes.bureau_home(user, today)
        return render(request, "reports/home_bureau.html", context)
    if user.role == Role.LEADER:
        context["progress"], context["approved_reports"] = homes.leading_group_home(user, today)
        return render(request, "reports/home_leader.html", context)
    return account_views.home(request)
