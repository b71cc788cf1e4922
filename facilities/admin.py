from django.contrib import admin

from facilities.models import (
    BedCount,
    City,
    County,
    Department,
    Duty,
    Facility,
    FacilityStandard,
    FacilityStatusChange,
    Feature,
    KeyProject,
    LeadingGroupMember,
    LeadingGroupOffice,
    MealService,
    Milestone,
    PlanTableCell,
    PlanTableRow,
    PolicyDocument,
    RelocationSite,
    Target,
    Township,
    Village,
)
from facilities.services import save_facility
from zhongyang_eldercare.accounts.admin_scoping import PolicyAdmin, ScopedAdmin, loaded_version


@admin.register(City)
class CityAdmin(PolicyAdmin):
    list_display = ["name", "code"]


@admin.register(County)
class CountyAdmin(PolicyAdmin):
    list_display = ["name", "code", "city"]
    list_select_related = ["city"]


@admin.register(Township)
class TownshipAdmin(ScopedAdmin):
    list_display = ["name", "kind", "pinyin", "position", "elderly_population"]
    list_filter = ["kind"]
    search_fields = ["name", "pinyin"]


@admin.register(Village)
class VillageAdmin(ScopedAdmin):
    list_display = ["name", "township", "population", "elderly_population", "is_township_seat", "has_clinic", "is_sample"]
    list_filter = ["township", "is_township_seat", "has_clinic", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["township"]


@admin.register(RelocationSite)
class RelocationSiteAdmin(ScopedAdmin):
    list_display = ["name", "township", "elderly_population", "is_sample"]
    list_filter = ["township", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["township"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(PolicyAdmin):
    list_display = ["code", "title", "period_start", "period_end"]
    search_fields = ["code", "title"]


class PlanTableCellInline(admin.TabularInline):
    model = PlanTableCell
    extra = 0


@admin.register(PlanTableRow)
class PlanTableRowAdmin(PolicyAdmin):
    list_display = ["label", "position", "villages_total", "villages_built", "villages_to_build", "is_total"]
    list_filter = ["document", "is_total"]
    search_fields = ["label"]
    inlines = [PlanTableCellInline]


@admin.register(Target)
class TargetAdmin(PolicyAdmin):
    list_display = ["code", "value", "due_on", "clause", "valid_from", "valid_to"]
    list_filter = ["code", "document"]
    search_fields = ["quote", "clause"]


@admin.register(Department)
class DepartmentAdmin(PolicyAdmin):
    search_fields = ["name"]


@admin.register(LeadingGroupMember)
class LeadingGroupMemberAdmin(PolicyAdmin):
    list_display = ["position", "name", "group_role", "title", "department", "township", "is_office_director"]
    list_filter = ["group_role", "document"]
    search_fields = ["name", "title"]


@admin.register(LeadingGroupOffice)
class LeadingGroupOfficeAdmin(PolicyAdmin):
    list_display = ["department", "document"]


@admin.register(Duty)
class DutyAdmin(PolicyAdmin):
    list_display = ["number", "task", "responsible_as_published"]
    list_filter = ["departments"]
    search_fields = ["task"]


class BedCountInline(admin.TabularInline):
    """Read-only: the history follows every change of the facility's beds (facilities.services.save_facility)."""

    model = BedCount
    extra = 0
    fields = readonly_fields = ["since", "beds", "nursing_beds", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MealServiceInline(admin.TabularInline):
    """Read-only: the history follows every change of the facility's meal service (facilities.services.save_facility)."""

    model = MealService
    extra = 0
    fields = readonly_fields = ["changed_on", "serves_meals", "recorded_by", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FacilityStatusChangeInline(admin.TabularInline):
    """Read-only here: status changes go through the portal's form (facilities.services), which keeps the status in step."""

    model = FacilityStatusChange
    extra = 0
    fields = readonly_fields = ["status", "changed_on", "note", "recorded_by", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Facility)
class FacilityAdmin(ScopedAdmin):
    list_display = ["name", "kind", "township", "village", "relocation_site", "status", "planned_year", "beds"]
    list_filter = ["township", "kind", "status", "planned_year", "building_source", "operating_model", "is_sample"]
    search_fields = ["name", "village__name", "contact_person"]
    list_select_related = ["township", "village", "relocation_site"]
    filter_horizontal = ["rooms", "equipment"]
    readonly_fields = ["status"]
    inlines = [FacilityStatusChangeInline, BedCountInline, MealServiceInline]

    def save_model(self, request, obj, form, change):
        """Through the facility service, which dates a change of beds or meal service from today."""
        save_facility(facility=obj, by=request.user, version=loaded_version(form))


@admin.register(Feature)
class FeatureAdmin(PolicyAdmin):
    list_display = ["name", "category", "code", "position"]
    list_filter = ["category"]
    search_fields = ["name", "code"]


@admin.register(FacilityStandard)
class FacilityStandardAdmin(PolicyAdmin):
    list_display = [
        "kind",
        "min_area",
        "max_area",
        "min_beds",
        "reuse_expected",
        "approval_required",
        "clause",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["kind", "document"]
    search_fields = ["quote", "clause", "note"]
    filter_horizontal = ["required_rooms", "required_equipment", "basic_services"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(KeyProject)
class KeyProjectAdmin(ScopedAdmin):
    """The bureau keeps the projects' progress (milestone status and done date) here.

    Rows scoped like every township record (a project belongs to its township); changed by those who
    edit policy data, as the projects come from the plan (PolicyAdmin's rule).
    """

    list_display = ["name", "kind", "township", "facility", "clause"]
    list_filter = ["kind"]
    search_fields = ["name", "quote"]
    list_select_related = ["township", "facility"]
    inlines = [MilestoneInline]

    def has_add_permission(self, request, *args):
        return request.user.can_edit_policy and admin.ModelAdmin.has_add_permission(self, request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.can_edit_policy and admin.ModelAdmin.has_change_permission(self, request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.can_edit_policy and admin.ModelAdmin.has_delete_permission(self, request, obj)
