from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from zhongyang_eldercare.reports import home_views

admin.site.site_header = _("Zhongyang rural elderly-care portal administration")
admin.site.site_title = _("Zhongyang elderly-care portal")
admin.site.index_title = _("Data administration")

urlpatterns = [
    path("", home_views.home, name="home"),  # each role's home; the administrator's is the menu page
    path("accounts/", include("zhongyang_eldercare.accounts.urls")),
    path("plan/", include("facilities.plan_urls")),
    path("facilities/", include("facilities.urls")),
    path("staffing/", include("staffing.urls")),
    path("visits/", include("visits.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("reports/", include("zhongyang_eldercare.reports.urls")),
    path("audit/", include("zhongyang_eldercare.audit.urls")),
    path("imports/", include("zhongyang_eldercare.import_jobs.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "zhongyang_eldercare.accounts.errors.bad_request"
handler403 = "zhongyang_eldercare.accounts.errors.permission_denied"
handler404 = "zhongyang_eldercare.accounts.errors.page_not_found"
handler500 = "zhongyang_eldercare.accounts.errors.server_error"
