from django.contrib import admin

from zhongyang_eldercare.accounts.admin_scoping import PolicyAdmin, ScopedAdmin
from zhongyang_eldercare.reports.models import MonthlyReport, ReportDeadline


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(PolicyAdmin):
    list_display = ["day_of_next_month", "document", "clause", "valid_from", "valid_to"]
    list_filter = ["document"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ScopedAdmin):
    """Read here, changed through the report pages (the life cycle lives in reports.services)."""

    list_display = ["township", "month", "status", "due_on", "submitted_at", "reviewed_at"]
    list_filter = ["status", "township", "month"]
    search_fields = ["township__name", "problems", "next_steps"]
    readonly_fields = [field.name for field in MonthlyReport._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
