"""Admin for the archive and the visiting rules. Nothing here deletes an elder or a visit (PROTECT, and no delete)."""

from django.contrib import admin

from visits.models import (
    Elder,
    ElderStatusChange,
    FollowUp,
    MutualHelpPair,
    Placement,
    PriorityRule,
    Visit,
    VisitFrequency,
    VisitorAssignment,
    VisitSetting,
    WeekApproval,
)
from visits.services import save_elder
from zhongyang_eldercare.accounts.admin_scoping import PolicyAdmin, ScopedAdmin, loaded_version
from zhongyang_eldercare.personal_data import mask_id_number


class ArchiveAdmin(ScopedAdmin):
    """The archive keeps its history: no deleting, from the admin or anywhere."""

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = ElderStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["status", "changed_on", "note", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Elder)
class ElderAdmin(ArchiveAdmin):
    # no birth date beside the masked ID number: it is the digits the mask hides
    list_display = ["name", "masked_id_number", "village", "gender", "living_arrangement", "status", "is_sample"]
    list_filter = [
        "status",
        "living_arrangement",
        "self_care",
        "is_left_behind",
        "is_empty_nest",
        "is_special_family",
        "is_sample",
    ]
    search_fields = ["name"]
    list_select_related = ["village__township"]
    readonly_fields = ["gender", "birth_date", "status", "status_since"]
    exclude = ["health_notes"]
    inlines = [StatusChangeInline]

    @admin.display(description=Elder._meta.get_field("id_number").verbose_name)
    def masked_id_number(self, elder):
        return mask_id_number(elder.id_number)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [field for field in fields if field != "id_number"] if obj else fields

    def save_model(self, request, obj, form, change):
        save_elder(elder=obj, by=request.user, version=loaded_version(form))  # its township's figures move on with it


@admin.register(VisitorAssignment)
class VisitorAssignmentAdmin(ArchiveAdmin):
    list_display = ["elder", "kind", "name", "phone", "since", "until"]
    list_filter = ["kind"]
    search_fields = ["elder__name", "name"]
    list_select_related = ["elder"]
    raw_id_fields = ["elder"]


@admin.register(MutualHelpPair)
class MutualHelpPairAdmin(ArchiveAdmin):
    list_display = ["elder", "partner", "since", "until"]
    list_select_related = ["elder", "partner"]
    raw_id_fields = ["elder", "partner"]


@admin.register(Placement)
class PlacementAdmin(ArchiveAdmin):
    list_display = ["elder", "facility", "since", "until"]
    list_select_related = ["elder", "facility"]
    raw_id_fields = ["elder"]


@admin.register(Visit)
class VisitAdmin(ArchiveAdmin):
    list_display = ["elder", "visited_on", "visitor", "method", "overall_risk", "is_late_entry"]
    list_filter = ["method", "overall_risk", "is_late_entry"]
    date_hierarchy = "visited_on"
    search_fields = ["elder__name", "visitor"]
    list_select_related = ["elder"]
    raw_id_fields = ["elder"]

    def has_change_permission(self, request, obj=None):
        # Visits change through the visit form, which checks dates and approved weeks (services.record_visit).
        return False

    def has_add_permission(self, request, *args):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ArchiveAdmin):
    list_display = ["elder", "problem", "assignee", "due_on", "status", "opened_on", "resolved_on"]
    list_filter = ["status"]
    search_fields = ["elder__name", "problem", "assignee"]
    list_select_related = ["elder"]
    raw_id_fields = ["elder", "visit"]


@admin.register(WeekApproval)
class WeekApprovalAdmin(ArchiveAdmin):
    list_display = ["township", "iso_year", "iso_week", "approved_by", "approved_at"]
    list_filter = ["township", "iso_year"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False


@admin.register(PriorityRule)
class PriorityRuleAdmin(PolicyAdmin):
    list_display = ["criterion", "min_age", "clause", "valid_from", "valid_to"]


@admin.register(VisitFrequency)
class VisitFrequencyAdmin(PolicyAdmin):
    list_display = ["tier", "visits", "period", "clause", "valid_from", "valid_to"]


@admin.register(VisitSetting)
class VisitSettingAdmin(PolicyAdmin):
    list_display = ["code", "value", "clause", "valid_from", "valid_to"]
